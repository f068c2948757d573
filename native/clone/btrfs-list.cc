// Every subvolume of a btrfs filesystem in one pass over its root tree, without starting a process: the walk
// `btrfs subvolume list` makes (BTRFS_IOC_TREE_SEARCH over ROOT_ITEM / ROOT_BACKREF keys, BTRFS_IOC_INO_LOOKUP
// for the folder each subvolume is linked in), but reading every field at once — read-only flag, creation
// time with nanoseconds, ogen, uuids — where btrfs-progs 6.2 needs one run per view and prints no flags.
//
// JS gets the rows in columns (main/core/providers/btrfs/native-list.ts turns them into Subvol objects), so
// no per-row JS value is made here and nothing is parsed there:
//   { format: 3, nums: Float64Array, text: string, exotic?: { [row]: string } }
// nums has kNumWidth numbers per row: id, generation, ogen, top level (the subvolume it is linked in; 0 for
// the top level), flags, where the row's text starts, the length of its path, and the row of the subvolume
// it is a snapshot of (the one whose uuid is its parent uuid; -1 when there is none in the list). text holds per row the uuid,
// the parent uuid, the received uuid (36 characters each) and the creation time (ISO 8601 in UTC with
// milliseconds, as Date.prototype.toISOString writes it: 24 characters), then the full path from the top
// level ("" for the top level). A field that is absent (a zero uuid or time) is blank, and its flag bit is
// clear. text is ASCII, so it crosses as Latin-1 without a UTF-8 decode; a path with other bytes is left
// out of it (length 0, kExotic) and sent as its own UTF-8-decoded string in exotic[row].
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
#include <algorithm>
#include <map>

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

/**
 * ROOT_ITEM (and up to `maxType`) items of the ids [minId, maxId] from the root tree. The key range is one
 * interval in (objectid, type, offset) order, so it must not start at the top level (5): its 10,000 ROOT_REF
 * items (one per subvolume linked in it) would all be copied out and skipped.
 */
int searchRoots(int fd, uint64_t minId, uint64_t maxId, uint8_t maxType, std::vector<SubvolRow>& rows, const char*& failedOp) {
  // Items come in key order, so rows come out sorted by id, each id's ROOT_ITEM before its ROOT_BACKREF.
  auto rowOf = [&rows](uint64_t id) -> SubvolRow& {
    if (rows.empty() || rows.back().id != id) {
      rows.emplace_back();
      rows.back().id = id;
    }
    return rows.back();
  };
  // TREE_SEARCH_V2 (Linux 3.16) with a larger buffer: v1's 4 KiB holds 8 root items, so 10,000 subvolumes
  // would take over a thousand calls. 128 KiB (about 280 items a call) is past the point where the number of
  // calls matters, and small enough not to page in more memory than the rows need.
  constexpr size_t kBuf = 128 << 10;
  std::vector<uint64_t> storage((sizeof(btrfs_ioctl_search_args_v2) + kBuf) / sizeof(uint64_t) + 1);
  auto* args = reinterpret_cast<btrfs_ioctl_search_args_v2*>(storage.data());
  memset(args, 0, sizeof *args);
  btrfs_ioctl_search_key& sk = args->key;
  sk.tree_id = BTRFS_ROOT_TREE_OBJECTID;
  sk.min_objectid = minId;
  sk.max_objectid = maxId;
  sk.min_type = BTRFS_ROOT_ITEM_KEY;
  sk.max_type = maxType;
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
        if (sh.len >= offsetof(btrfs_root_item, generation_v2)) parseRootItem(item, sh.len, rowOf(sh.objectid));
      } else if (sh.type == BTRFS_ROOT_BACKREF_KEY && sh.len >= sizeof(btrfs_root_ref)) {
        const uint16_t nameLen = rd<uint16_t>(item + offsetof(btrfs_root_ref, name_len));
        if (sizeof(btrfs_root_ref) + nameLen > sh.len) continue;
        SubvolRow& r = rowOf(sh.objectid);
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
    if (sk.min_type > maxType) {
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
  const std::vector<SubvolRow>& rows;  // sorted by id
  std::vector<std::string> full;       // full path per row, valid where state is 1
  std::vector<char> state;             // 0 not yet, 1 resolved, 2 gone (ENOENT)
  std::map<std::pair<uint64_t, uint64_t>, std::string> dirs;  // (tree, dir inode) → "a/b/"
  const char* failedOp = nullptr;

  Resolver(int f, const std::vector<SubvolRow>& r) : fd(f), rows(r), full(r.size()), state(r.size(), 0) {}

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

  /** Index of the row with this id, or -1. */
  long indexOf(uint64_t id) const {
    auto it = std::lower_bound(rows.begin(), rows.end(), id, [](const SubvolRow& r, uint64_t v) { return r.id < v; });
    return it != rows.end() && it->id == id ? static_cast<long>(it - rows.begin()) : -1;
  }

  /** 0 once full[i] holds the full path, ENOENT for a subvolume that is (being) deleted, or another errno. */
  int resolve(size_t i, int depth = 0) {
    if (state[i] == 1) return 0;
    if (state[i] == 2) return ENOENT;
    const SubvolRow& r = rows[i];
    if (r.id == BTRFS_FS_TREE_OBJECTID) return state[i] = 1, 0;  // the top level: ""
    if (!r.hasRef || depth > 4096) return state[i] = 2, ENOENT;
    std::string dir;
    if (int e = dirPath(r.top, r.dirid, dir)) return e == ENOENT ? (state[i] = 2, e) : e;
    if (r.top == BTRFS_FS_TREE_OBJECTID) {
      full[i] = dir + r.name;
    } else {
      const long p = indexOf(r.top);
      if (p < 0) return state[i] = 2, ENOENT;
      if (int e = resolve(static_cast<size_t>(p), depth + 1)) return e == ENOENT ? (state[i] = 2, e) : e;
      full[i] = full[p] + "/" + dir + r.name;
    }
    state[i] = 1;
    return 0;
  }
};

}  // namespace

int listSubvolumes(int fd, std::vector<SubvolRow>& rows, std::vector<std::string>& paths, const char*& failedOp) {
  std::vector<SubvolRow> all;
  // The top level's own root item, then every subvolume's root item and back reference.
  if (int e = searchRoots(fd, BTRFS_FS_TREE_OBJECTID, BTRFS_FS_TREE_OBJECTID, BTRFS_ROOT_ITEM_KEY, all, failedOp)) return e;
  if (int e = searchRoots(fd, BTRFS_FIRST_FREE_OBJECTID, BTRFS_LAST_FREE_OBJECTID, BTRFS_ROOT_BACKREF_KEY, all, failedOp)) return e;
  Resolver res(fd, all);
  for (size_t i = 0; i < all.size(); i++) {
    if (!all[i].hasItem) continue;  // a back reference whose root item is already gone
    if (int e = res.resolve(i)) {
      if (e == ENOENT) continue;  // deleted meanwhile (the INO_LOOKUP of a removed folder says ENOENT too)
      failedOp = res.failedOp;
      return e;
    }
  }
  rows.reserve(all.size());
  paths.reserve(all.size());
  for (size_t i = 0; i < all.size(); i++) {
    if (!all[i].hasItem || res.state[i] != 1) continue;
    rows.push_back(std::move(all[i]));
    if (rows.back().id == BTRFS_FS_TREE_OBJECTID) rows.back().top = 0;
    paths.push_back(std::move(res.full[i]));
  }
  return 0;
}

namespace {

constexpr int kFormat = 3;
constexpr size_t kNumWidth = 8;
constexpr size_t kFixedText = 36 * 3 + 24;
constexpr unsigned kReadonly = 1, kUuid = 2, kParentUuid = 4, kReceivedUuid = 8, kOtime = 16, kExotic = 32;  // flags

/** 36 characters of lower-case hex with dashes, as uuid_unparse writes them; false (and blanks) for a zero uuid. */
bool putUuid(char* b, const unsigned char* u) {
  if (zero(u)) return memset(b, ' ', 36), false;
  static const char* hexd = "0123456789abcdef";
  int n = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) b[n++] = '-';
    b[n++] = hexd[u[i] >> 4];
    b[n++] = hexd[u[i] & 15];
  }
  return true;
}

void digits(char* b, unsigned v, int width) {
  for (int i = width - 1; i >= 0; i--, v /= 10) b[i] = static_cast<char>('0' + v % 10);
}

/** Year, month (1-12) and day (1-31) of a day count from 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

/** The 24 characters of Date.prototype.toISOString; false (and blanks) for "no time" (0) or one out of its range. */
bool putTime(char* b, int64_t sec, uint32_t nsec) {
  if ((sec == 0 && nsec == 0) || sec < 0 || sec > 253402300799LL) return memset(b, ' ', 24), false;
  int64_t year;
  unsigned month, day;
  civilFromDays(sec / 86400, year, month, day);
  const unsigned s = static_cast<unsigned>(sec % 86400);
  digits(b, static_cast<unsigned>(year), 4);
  b[4] = '-';
  digits(b + 5, month, 2);
  b[7] = '-';
  digits(b + 8, day, 2);
  b[10] = 'T';
  digits(b + 11, s / 3600, 2);
  b[13] = ':';
  digits(b + 14, s / 60 % 60, 2);
  b[16] = ':';
  digits(b + 17, s % 60, 2);
  b[19] = '.';
  digits(b + 20, nsec / 1000000 % 1000, 3);
  b[23] = 'Z';
  return true;
}

/**
 * Rows by uuid: open addressing on the uuid's first 8 bytes (random in v4 uuids, which btrfs makes), the
 * whole 16 compared. Built once per listing, so each snapshot finds the row it was taken of.
 */
class UuidIndex {
 public:
  explicit UuidIndex(const std::vector<SubvolRow>& rows) : rows_(rows) {
    size_t cap = 16;
    while (cap < rows.size() * 2) cap <<= 1;
    slots_.assign(cap, -1);
    mask_ = cap - 1;
    for (size_t i = 0; i < rows.size(); i++) {
      if (zero(rows[i].uuid)) continue;
      size_t h = hash(rows[i].uuid);
      while (slots_[h] >= 0) {
        if (memcmp(rows[static_cast<size_t>(slots_[h])].uuid, rows[i].uuid, 16) == 0) break;  // a duplicate: the first stays
        h = (h + 1) & mask_;
      }
      if (slots_[h] < 0) slots_[h] = static_cast<int64_t>(i);
    }
  }
  /** The row with this uuid, or -1 (also for the zero uuid). */
  int64_t find(const unsigned char* uuid) const {
    if (zero(uuid)) return -1;
    for (size_t h = hash(uuid); slots_[h] >= 0; h = (h + 1) & mask_)
      if (memcmp(rows_[static_cast<size_t>(slots_[h])].uuid, uuid, 16) == 0) return slots_[h];
    return -1;
  }

 private:
  size_t hash(const unsigned char* u) const {
    uint64_t v;
    memcpy(&v, u, 8);
    return static_cast<size_t>((v ^ (v >> 29)) * 0x9E3779B97F4A7C15ULL >> 20) & mask_;
  }
  const std::vector<SubvolRow>& rows_;
  std::vector<int64_t> slots_;
  size_t mask_ = 0;
};

bool isAscii(const std::string& v) {
  for (unsigned char c : v)
    if (c >= 0x80) return false;
  return true;
}

struct ListJob {
  std::string path;
  std::vector<double> nums;
  std::string text;
  std::vector<std::pair<uint32_t, std::string>> exotic;  // rows whose path is not ASCII
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
  size_t textLen = 0;
  for (const std::string& p : paths) textLen += kFixedText + p.size();
  const UuidIndex byUuid(rows);
  j->nums.resize(rows.size() * kNumWidth);
  j->text.resize(textLen);
  char* t = j->text.data();
  double* n = j->nums.data();
  for (size_t i = 0; i < rows.size(); i++, n += kNumWidth) {
    const SubvolRow& r = rows[i];
    const size_t start = static_cast<size_t>(t - j->text.data());
    unsigned flags = (r.flags & BTRFS_ROOT_SUBVOL_RDONLY) ? kReadonly : 0;
    if (putUuid(t, r.uuid)) flags |= kUuid;
    if (putUuid(t + 36, r.parentUuid)) flags |= kParentUuid;
    if (putUuid(t + 72, r.receivedUuid)) flags |= kReceivedUuid;
    if (putTime(t + 108, r.otimeSec, r.otimeNsec)) flags |= kOtime;
    t += kFixedText;
    size_t pathLen = 0;
    if (isAscii(paths[i])) {
      memcpy(t, paths[i].data(), paths[i].size());
      t += pathLen = paths[i].size();
    } else {
      flags |= kExotic;
      j->exotic.emplace_back(static_cast<uint32_t>(i), std::move(paths[i]));
    }
    n[0] = static_cast<double>(r.id);
    n[1] = static_cast<double>(r.gen);
    n[2] = static_cast<double>(r.ogen);
    n[3] = static_cast<double>(r.top);
    n[4] = flags;
    n[5] = static_cast<double>(start);
    n[6] = static_cast<double>(pathLen);
    n[7] = static_cast<double>(byUuid.find(r.parentUuid));
  }
  j->text.resize(static_cast<size_t>(t - j->text.data()));
}

/** { format, nums, text, exotic? } for JS (see the top of this file). */
napi_value listResult(napi_env env, ListJob* j) {
  napi_value result, format, nums, buffer, text;
  void* bytes = nullptr;
  const size_t size = j->nums.size() * sizeof(double);
  if (napi_create_object(env, &result) != napi_ok || napi_create_int32(env, kFormat, &format) != napi_ok ||
      napi_create_arraybuffer(env, size, &bytes, &buffer) != napi_ok ||
      napi_create_typedarray(env, napi_float64_array, j->nums.size(), buffer, 0, &nums) != napi_ok ||
      napi_create_string_latin1(env, j->text.data(), j->text.size(), &text) != napi_ok)
    return nullptr;
  if (size) memcpy(bytes, j->nums.data(), size);
  napi_set_named_property(env, result, "format", format);
  napi_set_named_property(env, result, "nums", nums);
  napi_set_named_property(env, result, "text", text);
  if (!j->exotic.empty()) {
    napi_value exotic, v;
    if (napi_create_object(env, &exotic) != napi_ok) return nullptr;
    for (const auto& [row, path] : j->exotic) {
      if (napi_create_string_utf8(env, path.data(), path.size(), &v) != napi_ok) return nullptr;
      napi_set_element(env, exotic, row, v);
    }
    napi_set_named_property(env, result, "exotic", exotic);
  }
  return result;
}

void listComplete(napi_env env, napi_status, void* data) {
  auto* j = static_cast<ListJob*>(data);
  napi_value v = j->err == 0 ? listResult(env, j) : nullptr;
  if (v) {
    napi_resolve_deferred(env, j->deferred, v);
  } else {
    if (j->err == 0) j->err = ENOMEM, j->op = "napi";  // a JS value could not be made
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

napi_value BtrfsIsoTime(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int64_t sec = 0;
  uint32_t nsec = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 2 || napi_get_value_int64(env, argv[0], &sec) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &nsec) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "btrfsIsoTime(sec, nsec)");
    return nullptr;
  }
  char b[24];
  napi_value v;
  if (!putTime(b, sec, nsec)) napi_get_null(env, &v);
  else napi_create_string_latin1(env, b, sizeof b, &v);
  return v;
}

}  // namespace cowshed
