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

/** Appends without temporaries: 10,000 rows of JSON are a few megabytes, written in one pass. */
class Out {
 public:
  explicit Out(std::string& s) : s_(s) {}
  void lit(const char* v, size_t n) { s_.append(v, n); }
  template <size_t N>
  void lit(const char (&v)[N]) { s_.append(v, N - 1); }
  void u64(uint64_t v) {
    char b[20];
    int n = 0;
    do b[n++] = static_cast<char>('0' + v % 10); while ((v /= 10) != 0);
    while (n) s_.push_back(b[--n]);
  }
  void digits(unsigned v, int width) {
    char b[12];
    for (int i = width - 1; i >= 0; i--, v /= 10) b[i] = static_cast<char>('0' + v % 10);
    s_.append(b, width);
  }
  void uuid(const unsigned char* u) {
    if (zero(u)) return lit("null");
    static const char* hexd = "0123456789abcdef";
    char b[38];
    int n = 0;
    b[n++] = '"';
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) b[n++] = '-';
      b[n++] = hexd[u[i] >> 4];
      b[n++] = hexd[u[i] & 15];
    }
    b[n++] = '"';
    s_.append(b, n);
  }
  /** A JSON string of raw name bytes: quotes, backslashes and control characters escaped, the rest as is. */
  void str(const std::string& v) {
    s_.push_back('"');
    for (unsigned char c : v) {
      if (c >= 0x80) ascii_ = false;
      if (c == '"' || c == '\\') {
        s_.push_back('\\');
        s_.push_back(static_cast<char>(c));
      } else if (c < 0x20) {
        static const char* hexd = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15]};
        s_.append(esc, 6);
      } else {
        s_.push_back(static_cast<char>(c));
      }
    }
    s_.push_back('"');
  }
  /** ISO 8601 in UTC with milliseconds, as Date.prototype.toISOString writes it; null for "no time" (0). */
  void time(int64_t sec, uint32_t nsec) {
    struct tm tm;
    time_t t = static_cast<time_t>(sec);
    if ((sec == 0 && nsec == 0) || sec < 0 || sec > 253402300799LL || !gmtime_r(&t, &tm)) return lit("null");
    s_.push_back('"');
    digits(static_cast<unsigned>(tm.tm_year + 1900), 4);
    s_.push_back('-');
    digits(static_cast<unsigned>(tm.tm_mon + 1), 2);
    s_.push_back('-');
    digits(static_cast<unsigned>(tm.tm_mday), 2);
    s_.push_back('T');
    digits(static_cast<unsigned>(tm.tm_hour), 2);
    s_.push_back(':');
    digits(static_cast<unsigned>(tm.tm_min), 2);
    s_.push_back(':');
    digits(static_cast<unsigned>(tm.tm_sec), 2);
    s_.push_back('.');
    digits(nsec / 1000000 % 1000, 3);
    lit("Z\"");
  }
  /** Whether everything written is ASCII (then JS gets it without a UTF-8 decode). */
  bool ascii() const { return ascii_; }

 private:
  std::string& s_;
  bool ascii_ = true;
};

struct ListJob {
  std::string path;
  std::string encoded;
  bool ascii = true;
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
  s.reserve(rows.size() * 280 + 2);
  Out o(s);
  o.lit("[");
  for (size_t i = 0; i < rows.size(); i++) {
    const SubvolRow& r = rows[i];
    if (i) o.lit(",");
    o.lit("{\"id\":");
    o.u64(r.id);
    o.lit(",\"gen\":");
    o.u64(r.gen);
    o.lit(",\"cgen\":");
    o.u64(r.ogen);
    o.lit(",\"topLevel\":");
    o.u64(r.top);
    o.lit(",\"otime\":");
    o.time(r.otimeSec, r.otimeNsec);
    if (r.flags & BTRFS_ROOT_SUBVOL_RDONLY)
      o.lit(",\"readonly\":true,\"uuid\":");
    else
      o.lit(",\"readonly\":false,\"uuid\":");
    o.uuid(r.uuid);
    o.lit(",\"parentUuid\":");
    o.uuid(r.parentUuid);
    o.lit(",\"receivedUuid\":");
    o.uuid(r.receivedUuid);
    o.lit(",\"path\":");
    o.str(paths[i]);
    o.lit("}");
  }
  o.lit("]");
  j->ascii = o.ascii();
}

void listComplete(napi_env env, napi_status, void* data) {
  auto* j = static_cast<ListJob*>(data);
  if (j->err == 0) {
    napi_value v;
    // ASCII is valid Latin-1: V8 then copies the bytes instead of decoding UTF-8.
    if (j->ascii)
      napi_create_string_latin1(env, j->encoded.data(), j->encoded.size(), &v);
    else
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
