// Every subvolume of a btrfs filesystem in one pass over its root tree, without starting a process: the walk
// `btrfs subvolume list` makes (BTRFS_IOC_TREE_SEARCH over ROOT_ITEM / ROOT_BACKREF keys, BTRFS_IOC_INO_LOOKUP
// for the folder each subvolume is linked in), but reading every field at once — read-only flag, creation
// time with nanoseconds, ogen, uuids — where btrfs-progs 6.2 needs one run per view and prints no flags.
//
// JS gets one JSON array, one object per subvolume in the shape of main/core/providers/btrfs's Subvol:
//   {"id","gen","cgen" (ogen),"topLevel","otime" (ISO, ms),"readonly","uuid","parentUuid","receivedUuid","path"}
// A zero uuid and a zero time are null. The top level is the object with id 5, topLevel 0 and path "".
#include "btrfs-list.h"

#include <fcntl.h>
#include <linux/btrfs.h>
#include <linux/btrfs_tree.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <unordered_map>

namespace cowshed {

namespace {

// On-disk integers are little-endian; so is every machine this builds for (x86-64, arm64), checked here.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "btrfs items are read as little-endian structs");

template <typename T>
T rd(const char* p) {
  T v;
  memcpy(&v, p, sizeof v);
  return v;
}

bool zero(const unsigned char* u) {
  for (int i = 0; i < 16; i++)
    if (u[i]) return false;
  return true;
}

void parseRootItem(const char* p, uint32_t len, SubvolRow& r) {
  r.hasItem = true;
  r.gen = rd<uint64_t>(p + offsetof(btrfs_root_item, generation));
  r.flags = rd<uint64_t>(p + offsetof(btrfs_root_item, flags));
  // Items written by kernels before 3.5 end before generation_v2: no uuids, ogen or times (btrfs-progs treats
  // them the same way).
  if (len >= sizeof(btrfs_root_item)) {
    memcpy(r.uuid, p + offsetof(btrfs_root_item, uuid), 16);
    memcpy(r.parentUuid, p + offsetof(btrfs_root_item, parent_uuid), 16);
    memcpy(r.receivedUuid, p + offsetof(btrfs_root_item, received_uuid), 16);
    r.ogen = rd<uint64_t>(p + offsetof(btrfs_root_item, otransid));
    const char* ot = p + offsetof(btrfs_root_item, otime);
    r.otimeSec = static_cast<int64_t>(rd<uint64_t>(ot + offsetof(btrfs_timespec, sec)));
    r.otimeNsec = rd<uint32_t>(ot + offsetof(btrfs_timespec, nsec));
  }
}

/** ROOT_ITEM and ROOT_BACKREF items of the top level and of every subvolume id, from the root tree. */
int searchRoots(int fd, std::map<uint64_t, SubvolRow>& byId, const char*& failedOp) {
  // TREE_SEARCH_V2 (Linux 3.16) with a large buffer: v1's 4 KiB holds 8 root items, so 10,000 subvolumes
  // would take over a thousand calls.
  constexpr size_t kBuf = 1 << 20;
  std::vector<uint64_t> storage((sizeof(btrfs_ioctl_search_args_v2) + kBuf) / sizeof(uint64_t) + 1);
  auto* args = reinterpret_cast<btrfs_ioctl_search_args_v2*>(storage.data());
  memset(args, 0, sizeof *args);
  btrfs_ioctl_search_key& sk = args->key;
  sk.tree_id = BTRFS_ROOT_TREE_OBJECTID;
  sk.min_objectid = BTRFS_FS_TREE_OBJECTID;
  sk.max_objectid = BTRFS_LAST_FREE_OBJECTID;
  sk.min_type = BTRFS_ROOT_ITEM_KEY;
  sk.max_type = BTRFS_ROOT_BACKREF_KEY;
  sk.min_offset = 0;
  sk.max_offset = UINT64_MAX;
  sk.min_transid = 0;
  sk.max_transid = UINT64_MAX;
  const char* buf = reinterpret_cast<const char*>(args->buf);
  for (;;) {
    sk.nr_items = UINT32_MAX;
    args->buf_size = kBuf;
    if (ioctl(fd, BTRFS_IOC_TREE_SEARCH_V2, args) != 0) {
      failedOp = "BTRFS_IOC_TREE_SEARCH_V2";
      return errno;
    }
    if (sk.nr_items == 0) return 0;
    size_t off = 0;
    btrfs_ioctl_search_header sh{};
    for (uint32_t i = 0; i < sk.nr_items; i++) {
      if (off + sizeof sh > kBuf) break;
      memcpy(&sh, buf + off, sizeof sh);
      off += sizeof sh;
      if (off + sh.len > kBuf) break;
      const char* item = buf + off;
      off += sh.len;
      const bool subvol = sh.objectid == BTRFS_FS_TREE_OBJECTID || sh.objectid >= BTRFS_FIRST_FREE_OBJECTID;
      if (!subvol) continue;
      if (sh.type == BTRFS_ROOT_ITEM_KEY) {
        if (sh.len >= offsetof(btrfs_root_item, generation_v2)) parseRootItem(item, sh.len, byId[sh.objectid]);
      } else if (sh.type == BTRFS_ROOT_BACKREF_KEY && sh.len >= sizeof(btrfs_root_ref)) {
        SubvolRow& r = byId[sh.objectid];
        const uint16_t nameLen = rd<uint16_t>(item + offsetof(btrfs_root_ref, name_len));
        if (sizeof(btrfs_root_ref) + nameLen > sh.len) continue;
        r.hasRef = true;
        r.top = sh.offset;
        r.dirid = rd<uint64_t>(item + offsetof(btrfs_root_ref, dirid));
        r.name.assign(item + sizeof(btrfs_root_ref), nameLen);
      }
    }
    // Next key after the last one seen; past ROOT_BACKREF of an id, go on with the next id's ROOT_ITEM.
    sk.min_objectid = sh.objectid;
    sk.min_type = sh.type;
    sk.min_offset = sh.offset;
    if (sk.min_offset < UINT64_MAX) {
      sk.min_offset++;
    } else {
      sk.min_offset = 0;
      sk.min_type++;
    }
    if (sk.min_type > BTRFS_ROOT_BACKREF_KEY) {
      sk.min_type = BTRFS_ROOT_ITEM_KEY;
      sk.min_offset = 0;
      if (sk.min_objectid == UINT64_MAX) return 0;
      sk.min_objectid++;
    }
    if (sk.min_objectid > sk.max_objectid) return 0;
  }
}

struct Resolver {
  int fd;
  const std::map<uint64_t, SubvolRow>& byId;
  std::unordered_map<uint64_t, std::string> full;  // id → full path; absent = not resolved yet
  std::map<std::pair<uint64_t, uint64_t>, std::string> dirs;  // (tree, dir inode) → "a/b/"
  const char* failedOp = nullptr;

  /** The folder `dirid` of subvolume `tree`, relative to its root, with a trailing '/' ("" for the root). */
  int dirPath(uint64_t tree, uint64_t dirid, std::string& out) {
    if (dirid == BTRFS_FIRST_FREE_OBJECTID) return out.clear(), 0;
    auto key = std::make_pair(tree, dirid);
    auto it = dirs.find(key);
    if (it != dirs.end()) return out = it->second, 0;
    btrfs_ioctl_ino_lookup_args a;
    memset(&a, 0, sizeof a);
    a.treeid = tree;
    a.objectid = dirid;
    if (ioctl(fd, BTRFS_IOC_INO_LOOKUP, &a) != 0) {
      failedOp = "BTRFS_IOC_INO_LOOKUP";
      return errno;
    }
    a.name[sizeof a.name - 1] = '\0';
    out = a.name;
    dirs.emplace(key, out);
    return 0;
  }

  /** 0 with the full path, ENOENT for a subvolume that is (being) deleted, or another errno. */
  int resolve(uint64_t id, std::string& out, int depth = 0) {
    if (id == BTRFS_FS_TREE_OBJECTID) return out.clear(), 0;
    auto done = full.find(id);
    if (done != full.end()) return out = done->second, 0;
    auto it = byId.find(id);
    if (it == byId.end() || !it->second.hasRef || depth > 4096) return ENOENT;
    const SubvolRow& r = it->second;
    std::string parent, dir;
    if (int e = resolve(r.top, parent, depth + 1)) return e;
    if (int e = dirPath(r.top, r.dirid, dir)) return e;
    out = parent.empty() ? dir + r.name : parent + "/" + dir + r.name;
    full.emplace(id, out);
    return 0;
  }
};

}  // namespace

int listSubvolumes(int fd, std::vector<SubvolRow>& rows, std::vector<std::string>& paths, const char*& failedOp) {
  std::map<uint64_t, SubvolRow> byId;
  if (int e = searchRoots(fd, byId, failedOp)) return e;
  Resolver res{fd, byId, {}, {}, nullptr};
  for (auto& [id, r] : byId) {
    if (!r.hasItem) continue;  // a back reference whose root item is already gone
    std::string path;
    if (int e = res.resolve(id, path)) {
      if (e == ENOENT) continue;  // deleted meanwhile (the INO_LOOKUP of a removed folder says ENOENT too)
      failedOp = res.failedOp;
      return e;
    }
    r.id = id;
    if (id == BTRFS_FS_TREE_OBJECTID) r.top = 0;
    rows.push_back(r);
    paths.push_back(std::move(path));
  }
  return 0;
}

namespace {

void hex(std::string& out, const unsigned char* u) {
  if (zero(u)) return out.append("null"), void();
  static const char* digits = "0123456789abcdef";
  out.push_back('"');
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(digits[u[i] >> 4]);
    out.push_back(digits[u[i] & 15]);
  }
  out.push_back('"');
}

/** A JSON string of raw name bytes: quotes, backslashes and control characters escaped, the rest as is. */
void jsonString(std::string& out, const std::string& v) {
  out.push_back('"');
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      char esc[8];
      snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

/** ISO 8601 in UTC with milliseconds, as Date.prototype.toISOString writes it; null for "no time" (0). */
void isoTime(std::string& out, int64_t sec, uint32_t nsec) {
  struct tm tm;
  time_t t = static_cast<time_t>(sec);
  if ((sec == 0 && nsec == 0) || sec < 0 || sec > 253402300799LL || !gmtime_r(&t, &tm)) return out.append("null"), void();
  char b[96];  // the compiler cannot see that every int here is small
  snprintf(b, sizeof b, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03uZ\"", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           static_cast<unsigned>(nsec / 1000000 % 1000));
  out += b;
}

struct ListJob {
  std::string path;
  std::string encoded;
  int err = 0;
  const char* op = "";
  napi_deferred deferred = nullptr;
  napi_async_work work = nullptr;
};

void listExecute(napi_env, void* data) {
  auto* j = static_cast<ListJob*>(data);
  int fd = open(j->path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    j->err = errno;
    j->op = "open";
    return;
  }
  std::vector<SubvolRow> rows;
  std::vector<std::string> paths;
  const char* op = "";
  j->err = listSubvolumes(fd, rows, paths, op);
  j->op = op ? op : "";
  close(fd);
  if (j->err) return;
  // JSON: JSON.parse builds the rows faster than any JS decoding loop (or N-API property sets) could.
  std::string& s = j->encoded;
  s.reserve(rows.size() * 300 + 2);
  s.push_back('[');
  for (size_t i = 0; i < rows.size(); i++) {
    const SubvolRow& r = rows[i];
    if (i) s.push_back(',');
    s += "{\"id\":" + std::to_string(r.id) + ",\"gen\":" + std::to_string(r.gen) + ",\"cgen\":" + std::to_string(r.ogen) +
         ",\"topLevel\":" + std::to_string(r.top) + ",\"otime\":";
    isoTime(s, r.otimeSec, r.otimeNsec);
    s += (r.flags & BTRFS_ROOT_SUBVOL_RDONLY) ? ",\"readonly\":true,\"uuid\":" : ",\"readonly\":false,\"uuid\":";
    hex(s, r.uuid);
    s += ",\"parentUuid\":";
    hex(s, r.parentUuid);
    s += ",\"receivedUuid\":";
    hex(s, r.receivedUuid);
    s += ",\"path\":";
    jsonString(s, paths[i]);
    s.push_back('}');
  }
  s.push_back(']');
}

void listComplete(napi_env env, napi_status, void* data) {
  auto* j = static_cast<ListJob*>(data);
  if (j->err == 0) {
    napi_value v;
    napi_create_string_utf8(env, j->encoded.data(), j->encoded.size(), &v);
    napi_resolve_deferred(env, j->deferred, v);
  } else {
    const char* name = strerrorname_np(j->err);
    std::string msg = std::string(j->op) + " " + j->path + ": " + strerror(j->err);
    napi_value err, msgv, code, op, no;
    napi_create_string_utf8(env, msg.data(), msg.size(), &msgv);
    napi_create_error(env, nullptr, msgv, &err);
    napi_create_string_utf8(env, name ? name : "EUNKNOWN", NAPI_AUTO_LENGTH, &code);
    napi_create_string_utf8(env, j->op, NAPI_AUTO_LENGTH, &op);
    napi_create_int32(env, j->err, &no);
    napi_set_named_property(env, err, "code", code);
    napi_set_named_property(env, err, "op", op);
    napi_set_named_property(env, err, "errno", no);
    napi_reject_deferred(env, j->deferred, err);
  }
  napi_delete_async_work(env, j->work);
  delete j;
}

}  // namespace

napi_value BtrfsSubvolumes(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_valuetype t = napi_undefined;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 || napi_typeof(env, argv[0], &t) != napi_ok ||
      t != napi_string) {
    napi_throw_type_error(env, "EINVAL", "btrfsSubvolumes(path)");
    return nullptr;
  }
  auto* j = new ListJob;
  size_t n = 0;
  napi_get_value_string_utf8(env, argv[0], nullptr, 0, &n);
  j->path.assign(n, '\0');
  napi_get_value_string_utf8(env, argv[0], j->path.data(), n + 1, &n);
  napi_value promise, name;
  napi_create_string_utf8(env, "cowshed-btrfs-list", NAPI_AUTO_LENGTH, &name);
  if (napi_create_promise(env, &j->deferred, &promise) != napi_ok ||
      napi_create_async_work(env, nullptr, name, listExecute, listComplete, j, &j->work) != napi_ok ||
      napi_queue_async_work(env, j->work) != napi_ok) {
    delete j;
    napi_throw_error(env, "EINTERNAL", "N-API call failed: btrfsSubvolumes");
    return nullptr;
  }
  return promise;
}

}  // namespace cowshed
