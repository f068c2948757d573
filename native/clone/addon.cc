// N-API bindings of the clone engine: start / progress / cancel a clone, FIEMAP, renameat2, syncfs; and the
// btrfs subvolume listing (btrfs-list.cc).
#include <node_api.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <stdio.h>
#include <string>
#include <unistd.h>

#include "btrfs-list.h"
#include "engine.h"
#include "fiemap.h"

namespace {

using cowshed::Options;
using cowshed::Policy;
using cowshed::Progress;
using cowshed::Result;

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, "EINTERNAL", "N-API call failed: " #call); \
      return nullptr;                                                 \
    }                                                                 \
  } while (0)

struct Job {
  std::string src, dst;
  Options opts;
  Progress progress;
  Result result;
  napi_async_work work = nullptr;
  napi_ref callback = nullptr;
};
using JobPtr = std::shared_ptr<Job>;

const char* errName(int e) {
  const char* n = strerrorname_np(e);
  return n ? n : "EUNKNOWN";
}

napi_value str(napi_env env, const std::string& s) {
  napi_value v;
  napi_create_string_utf8(env, s.data(), s.size(), &v);
  return v;
}
napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}
void set(napi_env env, napi_value o, const char* k, napi_value v) { napi_set_named_property(env, o, k, v); }

std::string getString(napi_env env, napi_value v) {
  size_t n = 0;
  napi_get_value_string_utf8(env, v, nullptr, 0, &n);
  std::string s(n, '\0');
  napi_get_value_string_utf8(env, v, s.data(), n + 1, &n);
  return s;
}
napi_value prop(napi_env env, napi_value o, const char* k) {
  napi_value v = nullptr;
  bool has = false;
  if (napi_has_named_property(env, o, k, &has) != napi_ok || !has) return nullptr;
  napi_get_named_property(env, o, k, &v);
  napi_valuetype t;
  napi_typeof(env, v, &t);
  return t == napi_undefined || t == napi_null ? nullptr : v;
}

void throwErrno(napi_env env, int e, const std::string& what) {
  std::string msg = what + ": " + strerror(e);
  napi_value err, code;
  napi_create_error(env, nullptr, str(env, msg), &err);
  napi_create_string_utf8(env, errName(e), NAPI_AUTO_LENGTH, &code);
  set(env, err, "code", code);
  set(env, err, "errno", num(env, e));
  napi_throw(env, err);
}

napi_value resultObject(napi_env env, const Result& r) {
  napi_value o, notes, samples;
  napi_create_object(env, &o);
  set(env, o, "files", num(env, r.files));
  set(env, o, "bytes", num(env, r.bytes));
  set(env, o, "dirs", num(env, r.dirs));
  set(env, o, "symlinks", num(env, r.symlinks));
  set(env, o, "hardlinks", num(env, r.hardlinks));
  set(env, o, "specials", num(env, r.specials));
  set(env, o, "reflinked", num(env, r.reflinked));
  set(env, o, "copied", num(env, r.copied));
  set(env, o, "allocated", num(env, r.allocated));
  set(env, o, "ownershipDropped", num(env, r.ownershipDropped));
  napi_value phases;
  napi_create_array_with_length(env, 3, &phases);
  for (uint32_t i = 0; i < 3; i++) napi_set_element(env, phases, i, num(env, r.phaseMs[i]));
  set(env, o, "phaseMs", phases);
  napi_create_array_with_length(env, r.notes.size(), &notes);
  for (size_t i = 0; i < r.notes.size(); i++) napi_set_element(env, notes, static_cast<uint32_t>(i), str(env, r.notes[i]));
  set(env, o, "notes", notes);
  napi_create_array_with_length(env, r.samples.size(), &samples);
  for (size_t i = 0; i < r.samples.size(); i++) napi_set_element(env, samples, static_cast<uint32_t>(i), str(env, r.samples[i]));
  set(env, o, "samples", samples);
  return o;
}

void execute(napi_env, void* data) {
  Job* j = static_cast<JobPtr*>(data)->get();
  cowshed::runClone(j->src, j->dst, j->opts, j->progress, j->result);
}

void complete(napi_env env, napi_status, void* data) {
  auto* holder = static_cast<JobPtr*>(data);
  Job* j = holder->get();
  napi_value cb, undef, args[2];
  napi_get_reference_value(env, j->callback, &cb);
  napi_get_undefined(env, &undef);
  args[1] = resultObject(env, j->result);
  if (j->result.ok) {
    napi_get_null(env, &args[0]);
  } else {
    const auto& f = j->result.failure;
    napi_create_object(env, &args[0]);
    set(env, args[0], "code", str(env, errName(f.err)));
    set(env, args[0], "errno", num(env, f.err));
    set(env, args[0], "op", str(env, f.op));
    set(env, args[0], "path", str(env, f.path));
    set(env, args[0], "detail", str(env, f.detail));
    set(env, args[0], "message", str(env, strerror(f.err)));
  }
  napi_call_function(env, undef, cb, 2, args, nullptr);
  napi_delete_reference(env, j->callback);
  napi_delete_async_work(env, j->work);
  delete holder;
}

void finalizeHandle(napi_env, void* data, void*) { delete static_cast<JobPtr*>(data); }

JobPtr* unwrap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 ||
      napi_get_value_external(env, argv[0], &data) != napi_ok || !data) {
    napi_throw_type_error(env, "EINVAL", "expected a clone handle");
    return nullptr;
  }
  return static_cast<JobPtr*>(data);
}

/** startClone(src, dst, {policy, threads, checkSpace, copyFromStart}, callback(err, result)) → handle */
napi_value StartClone(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 4) {
    napi_throw_type_error(env, "EINVAL", "startClone(src, dst, options, callback)");
    return nullptr;
  }
  auto job = std::make_shared<Job>();
  job->src = getString(env, argv[0]);
  job->dst = getString(env, argv[1]);
  if (napi_value p = prop(env, argv[2], "policy")) {
    std::string s = getString(env, p);
    job->opts.policy = s == "never" ? Policy::Never : s == "auto" ? Policy::Auto : Policy::Always;
  }
  if (napi_value t = prop(env, argv[2], "threads")) {
    int32_t n = 4;
    napi_get_value_int32(env, t, &n);
    job->opts.threads = n;
  }
  if (napi_value b = prop(env, argv[2], "checkSpace")) napi_get_value_bool(env, b, &job->opts.checkSpace);
  if (napi_value b = prop(env, argv[2], "copyFromStart")) napi_get_value_bool(env, b, &job->opts.copyFromStart);
  CHECK(napi_create_reference(env, argv[3], 1, &job->callback));
  auto* workHolder = new JobPtr(job);
  CHECK(napi_create_async_work(env, nullptr, str(env, "cowshed-clone"), execute, complete, workHolder, &job->work));
  napi_value handle;
  CHECK(napi_create_external(env, new JobPtr(job), finalizeHandle, nullptr, &handle));
  CHECK(napi_queue_async_work(env, job->work));
  return handle;
}

/** cloneProgress(handle) → [phase, files, bytes, totalFiles, totalBytes] */
napi_value CloneProgress(napi_env env, napi_callback_info info) {
  JobPtr* h = unwrap(env, info);
  if (!h) return nullptr;
  Progress& p = (*h)->progress;
  napi_value a;
  napi_create_array_with_length(env, 5, &a);
  double vals[5] = {static_cast<double>(p.phase.load()), static_cast<double>(p.files.load()), static_cast<double>(p.bytes.load()),
                    static_cast<double>(p.totalFiles.load()), static_cast<double>(p.totalBytes.load())};
  for (uint32_t i = 0; i < 5; i++) napi_set_element(env, a, i, num(env, vals[i]));
  return a;
}

napi_value CancelClone(napi_env env, napi_callback_info info) {
  JobPtr* h = unwrap(env, info);
  if (!h) return nullptr;
  (*h)->progress.cancel = true;
  return nullptr;
}

/** fiemap(path) → { size, extents, totalBytes, sharedBytes, unknownBytes } (FIEMAP_FLAG_SYNC). */
napi_value Fiemap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  std::string path = getString(env, argv[0]);
  cowshed::ExtentSummary s;
  int e = cowshed::fiemapSummary(path, s);
  if (e) {
    throwErrno(env, e, "FIEMAP " + path);
    return nullptr;
  }
  napi_value o;
  napi_create_object(env, &o);
  set(env, o, "size", num(env, s.size));
  set(env, o, "extents", num(env, s.extents));
  set(env, o, "totalBytes", num(env, s.total));
  set(env, o, "sharedBytes", num(env, s.shared));
  set(env, o, "inlineBytes", num(env, s.inlineBytes));
  return o;
}

/** rename2(from, to, "noreplace" | "exchange"): renameat2, never clobbering unless exchanging. */
napi_value Rename2(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  std::string from = getString(env, argv[0]), to = getString(env, argv[1]), mode = getString(env, argv[2]);
  unsigned flags = mode == "exchange" ? RENAME_EXCHANGE : RENAME_NOREPLACE;
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) != 0) throwErrno(env, errno, "rename " + from + " → " + to);
  return nullptr;
}

struct SyncJob {
  int fd = -1;
  int err = 0;
  napi_deferred deferred = nullptr;
  napi_async_work work = nullptr;
};

void syncExecute(napi_env, void* data) {
  auto* j = static_cast<SyncJob*>(data);
  j->err = syncfs(j->fd) == 0 ? 0 : errno;
}

void syncComplete(napi_env env, napi_status, void* data) {
  auto* j = static_cast<SyncJob*>(data);
  if (j->err == 0) {
    napi_value undef;
    napi_get_undefined(env, &undef);
    napi_resolve_deferred(env, j->deferred, undef);
  } else {
    napi_value err, code;
    napi_create_error(env, nullptr, str(env, std::string("syncfs: ") + strerror(j->err)), &err);
    napi_create_string_utf8(env, errName(j->err), NAPI_AUTO_LENGTH, &code);
    set(env, err, "code", code);
    set(env, err, "errno", num(env, j->err));
    napi_reject_deferred(env, j->deferred, err);
  }
  napi_delete_async_work(env, j->work);
  delete j;
}

/**
 * syncfs(fd) → Promise<void>, off the main thread. The fd's open samples the filesystem's writeback-error
 * sequence, so this rejects (code ENOSPC, EIO, …) when any writeback on that filesystem failed since the fd
 * was opened: open it before the work whose durability it must confirm. The caller owns and closes the fd.
 */
napi_value Syncfs(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int32_t fd = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    napi_throw_type_error(env, "EINVAL", "syncfs(fd)");
    return nullptr;
  }
  auto* j = new SyncJob;
  j->fd = fd;
  napi_value promise;
  if (napi_create_promise(env, &j->deferred, &promise) != napi_ok ||
      napi_create_async_work(env, nullptr, str(env, "cowshed-syncfs"), syncExecute, syncComplete, j, &j->work) != napi_ok ||
      napi_queue_async_work(env, j->work) != napi_ok) {
    delete j;
    napi_throw_error(env, "EINTERNAL", "N-API call failed: syncfs");
    return nullptr;
  }
  return promise;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor d[] = {
      {"startClone", nullptr, StartClone, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cloneProgress", nullptr, CloneProgress, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cancelClone", nullptr, CancelClone, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"fiemap", nullptr, Fiemap, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rename2", nullptr, Rename2, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"syncfs", nullptr, Syncfs, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"btrfsSubvolumes", nullptr, cowshed::BtrfsSubvolumes, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"btrfsIsoTime", nullptr, cowshed::BtrfsIsoTime, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof d / sizeof d[0], d);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
