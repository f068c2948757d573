// The clone engine's phases: a parallel scan that also builds the folder skeleton, a parallel clone of
// every non-folder entry, then hard links and folder metadata (folders last, so their times stick).
#include "engine.h"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

#include "fileops.h"

namespace cowshed {

namespace {

struct DirRec {
  uint32_t parent;
  std::string rel;
  Meta meta;
  /** Another mount or nested subvolume: recreated empty, contents not copied. */
  bool boundary;
};

struct EntRec {
  uint32_t dir;
  std::string name;
  Meta meta;
};

/** A slice of one folder's entries (one thread's list, begin..end). */
struct Item {
  uint32_t dir, thread;
  size_t begin, end;
};

constexpr size_t kChunk = 128;
constexpr size_t kMaxNotes = 50;
constexpr size_t kSamples = 3;

std::string join(const std::string& rel, const std::string& name) { return rel.empty() ? name : rel + "/" + name; }

mode_t readUmask() {
  FILE* f = fopen("/proc/self/status", "re");
  mode_t um = 022;
  if (!f) return um;
  char line[256];
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "Umask:", 6) == 0) um = static_cast<mode_t>(strtol(line + 6, nullptr, 8));
  fclose(f);
  return um;
}

class Engine {
 public:
  Engine(const Options& o, Progress& p, Result& r) : res_(r) {
    c_.opts = o;
    c_.progress = &p;
    c_.umask = readUmask();
    c_.euid = geteuid();
    c_.copyMode = o.policy == Policy::Never || o.copyFromStart;
    nthreads_ = std::max(1, std::min(o.threads, 64));
    locals_.resize(static_cast<size_t>(nthreads_));
    samples_.resize(static_cast<size_t>(nthreads_));
  }

  void run(const std::string& src, const std::string& dst);

 private:
  Ctx c_;
  Result& res_;
  int nthreads_;
  Fd srcRoot_, dstRoot_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<DirRec> dirs_;
  std::deque<uint32_t> queue_;
  int active_ = 0;
  std::vector<std::vector<EntRec>> locals_;
  std::vector<Item> items_;
  std::vector<std::vector<std::pair<uint64_t, std::string>>> samples_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> linkPrimary_;
  std::vector<std::pair<std::string, std::string>> deferredLinks_;  // (primary rel, link rel)
  std::atomic<uint64_t> symlinks_{0}, specials_{0}, files_{0}, bytes_{0};
  std::atomic<size_t> nextItem_{0};

  void fail(int err, const char* op, const std::string& path, const std::string& detail = "") {
    std::lock_guard<std::mutex> lk(mu_);
    if (res_.ok) {
      res_.ok = false;
      res_.failure = {err, op, path, detail};
    }
    c_.stop = true;
    cv_.notify_all();
  }
  void note(const std::string& s) {
    std::lock_guard<std::mutex> lk(mu_);
    if (res_.notes.size() < kMaxNotes) res_.notes.push_back(s);
  }
  template <class F>
  void parallel(F f) {
    std::vector<std::thread> ts;
    for (int i = 1; i < nthreads_; i++) ts.emplace_back(f, i);
    f(0);
    for (auto& t : ts) t.join();
  }

  void scanWorker(int t);
  void scanDir(int t, uint32_t idx, const std::string& rel);
  void cloneWorker(int t);
  void processEntry(int t, Scratch& s, int sdir, int ddir, const std::string& rel, EntRec& e);
  void metaWorker(std::atomic<size_t>& next);
  void runSingle(const std::string& src, const std::string& dst, Meta& m);
  void finish();
};

void Engine::scanWorker(int t) {
  for (;;) {
    uint32_t idx;
    std::string rel;
    {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [&] { return c_.stopped() || !queue_.empty() || active_ == 0; });
      if (c_.stopped() || queue_.empty()) {
        cv_.notify_all();
        return;
      }
      idx = queue_.front();
      queue_.pop_front();
      rel = dirs_[idx].rel;
      active_++;
    }
    scanDir(t, idx, rel);
    std::lock_guard<std::mutex> lk(mu_);
    active_--;
    cv_.notify_all();
  }
}

void Engine::scanDir(int t, uint32_t idx, const std::string& rel) {
  Fd sd(openDirBeneath(srcRoot_.get(), rel));
  if (!sd.ok()) return fail(errno, "open", rel);
  Fd dd(openDirBeneath(dstRoot_.get(), rel));
  if (!dd.ok()) return fail(errno, "open-destination", rel);
  auto& local = locals_[static_cast<size_t>(t)];
  const size_t first = local.size();
  uint64_t files = 0, bytes = 0, alloc = 0;
  alignas(8) char buf[64 * 1024];
  for (;;) {
    long n = syscall(SYS_getdents64, sd.get(), buf, sizeof buf);
    if (n < 0) return fail(errno, "read-folder", rel);
    if (n == 0) break;
    for (long off = 0; off < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + off);
      off += d->d_reclen;
      const char* name = d->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      if (c_.stopped()) return;
      Meta m;
      int e = statEntry(sd.get(), name, m);
      if (e == ENOENT) continue;  // vanished meanwhile
      if (e) return fail(e, "stat", join(rel, name));
      if (S_ISDIR(m.mode)) {
        bool boundary = m.mountRoot || m.devMajor != c_.rootDevMajor || m.devMinor != c_.rootDevMinor;
        if (mkdirat(dd.get(), name, 0700) != 0) return fail(errno, "mkdir", join(rel, name));
        if (boundary) note("not copied (another mount or nested subvolume; left as an empty folder): " + join(rel, name));
        std::lock_guard<std::mutex> lk(mu_);
        dirs_.push_back({idx, join(rel, name), m, boundary});
        if (!boundary) {
          queue_.push_back(static_cast<uint32_t>(dirs_.size() - 1));
          cv_.notify_one();
        }
      } else {
        files++;
        if (S_ISREG(m.mode)) bytes += m.size, alloc += m.blocks * 512;
        local.push_back({idx, name, m});
      }
    }
  }
  c_.progress->totalFiles += files;
  c_.progress->totalBytes += bytes;
  std::lock_guard<std::mutex> lk(mu_);
  c_.allocTotal += alloc;
  for (size_t b = first; b < local.size(); b += kChunk)
    items_.push_back({idx, static_cast<uint32_t>(t), b, std::min(local.size(), b + kChunk)});
}

void Engine::processEntry(int t, Scratch& s, int sdir, int ddir, const std::string& rel, EntRec& e) {
  const char* name = e.name.c_str();
  Meta& m = e.meta;
  OpResult r;
  if (S_ISREG(m.mode)) {
    if (m.nlink > 1) {
      std::lock_guard<std::mutex> lk(mu_);
      auto key = std::make_pair(static_cast<uint64_t>(m.devMajor) << 32 | m.devMinor, m.ino);
      auto it = linkPrimary_.find(key);
      if (it != linkPrimary_.end()) {
        deferredLinks_.emplace_back(it->second, join(rel, e.name));
        return;
      }
      linkPrimary_.emplace(key, join(rel, e.name));
    }
    r = cloneRegular(c_, sdir, name, ddir, name, m, s);
    if (!r.err) {
      files_++;
      bytes_ += m.size;
      c_.progress->bytes += m.size;
      if (r.reflinked) c_.reflinked++;
      if (r.copied) c_.copied++;
      auto& sm = samples_[static_cast<size_t>(t)];
      if (r.reflinked && (sm.size() < kSamples || m.size > sm.back().first)) {
        sm.emplace_back(m.size, join(rel, e.name));
        std::sort(sm.begin(), sm.end(), [](auto& a, auto& b) { return a.first > b.first; });
        if (sm.size() > kSamples) sm.pop_back();
      }
    }
  } else if (S_ISLNK(m.mode)) {
    r = copySymlink(c_, sdir, name, ddir, name, m, s);
    if (!r.err) symlinks_++;
  } else {
    r = copySpecial(c_, sdir, name, ddir, name, m, s);
    if (r.skipped) note("special file not recreated (needs admin rights): " + join(rel, e.name));
    else if (!r.err) specials_++;
  }
  if (r.err) return fail(r.err, r.op, join(rel, e.name));
  c_.progress->files++;
}

void Engine::cloneWorker(int t) {
  Scratch s;
  for (;;) {
    size_t i = nextItem_.fetch_add(1);
    if (i >= items_.size() || c_.stopped()) return;
    Item& it = items_[i];
    const std::string& rel = dirs_[it.dir].rel;
    Fd sd(openDirBeneath(srcRoot_.get(), rel));
    if (!sd.ok()) return fail(errno, "open", rel);
    Fd dd(openDirBeneath(dstRoot_.get(), rel));
    if (!dd.ok()) return fail(errno, "open-destination", rel);
    auto& list = locals_[it.thread];
    for (size_t k = it.begin; k < it.end && !c_.stopped(); k++) processEntry(t, s, sd.get(), dd.get(), rel, list[k]);
  }
}

void Engine::metaWorker(std::atomic<size_t>& next) {
  Scratch s;
  for (;;) {
    size_t i = next.fetch_add(1);
    if (i >= dirs_.size() || c_.stopped()) return;
    const DirRec& d = dirs_[i];
    Fd dd(openDirBeneath(dstRoot_.get(), d.rel));
    if (!dd.ok()) return fail(errno, "open-destination", d.rel);
    Fd sd;
    if (!d.boundary) {
      sd.reset(openDirBeneath(srcRoot_.get(), d.rel));
      if (!sd.ok()) return fail(errno, "open", d.rel);
    }
    OpResult r = applyDirMeta(c_, sd.get(), dd.get(), d.meta, s);
    if (r.err) return fail(r.err, r.op, d.rel);
  }
}

void Engine::runSingle(const std::string& src, const std::string& dst, Meta& m) {
  auto split = [](const std::string& p) {
    size_t k = p.find_last_of('/');
    return std::make_pair(k == 0 ? std::string("/") : p.substr(0, k), p.substr(k + 1));
  };
  auto [sp, sn] = split(src);
  auto [dp, dn] = split(dst);
  Fd sdir(open(sp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Fd ddir(open(dp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!sdir.ok() || !ddir.ok()) return fail(errno, "open", "");
  struct stat st;
  if (fstat(ddir.get(), &st) != 0) return fail(errno, "stat", "");
  c_.createdGid = (st.st_mode & S_ISGID) ? st.st_gid : getegid();
  c_.allocTotal = m.blocks * 512;
  c_.progress->totalFiles = 1;
  c_.progress->totalBytes = S_ISREG(m.mode) ? m.size : 0;
  c_.progress->phase = 1;
  Scratch s;
  EntRec e{0, sn, m};
  // processEntry names the destination like the source; a single entry may be renamed, so do it by hand.
  OpResult r;
  if (S_ISREG(m.mode)) r = cloneRegular(c_, sdir.get(), sn.c_str(), ddir.get(), dn.c_str(), e.meta, s);
  else if (S_ISLNK(m.mode)) r = copySymlink(c_, sdir.get(), sn.c_str(), ddir.get(), dn.c_str(), m, s);
  else r = copySpecial(c_, sdir.get(), sn.c_str(), ddir.get(), dn.c_str(), m, s);
  if (r.skipped) return fail(EPERM, "mknod", "");
  if (r.err) return fail(r.err, r.op, "");
  if (S_ISREG(m.mode)) {
    files_ = 1, bytes_ = e.meta.size;
    if (r.reflinked) c_.reflinked++;
    if (r.copied) c_.copied++;
    if (r.reflinked) res_.samples.push_back("");
  } else if (S_ISLNK(m.mode)) {
    symlinks_ = 1;
  } else {
    specials_ = 1;
  }
  c_.progress->files = 1;
  c_.progress->bytes = c_.progress->totalBytes.load();
}

void Engine::run(const std::string& src, const std::string& dst) {
  Meta root;
  int e = statEntry(AT_FDCWD, src.c_str(), root);
  if (e) return fail(e, "stat", "");
  c_.rootDevMajor = root.devMajor;
  c_.rootDevMinor = root.devMinor;
  if (!S_ISDIR(root.mode)) {
    runSingle(src, dst, root);
    return finish();
  }
  srcRoot_.reset(open(src.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME));
  if (!srcRoot_.ok() && errno == EPERM) srcRoot_.reset(open(src.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!srcRoot_.ok()) return fail(errno, "open", "");
  if (mkdir(dst.c_str(), 0700) != 0) return fail(errno, "mkdir-destination", "");
  dstRoot_.reset(open(dst.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st;
  if (!dstRoot_.ok() || fstat(dstRoot_.get(), &st) != 0) return fail(errno, "open-destination", "");
  c_.createdGid = (st.st_mode & S_ISGID) ? st.st_gid : getegid();
  dirs_.push_back({UINT32_MAX, "", root, false});
  queue_.push_back(0);
  c_.progress->phase = 0;
  auto t0 = std::chrono::steady_clock::now();
  auto lap = [&t0](double& out) {
    auto t1 = std::chrono::steady_clock::now();
    out = std::chrono::duration<double, std::milli>(t1 - t0).count();
    t0 = t1;
  };
  parallel([this](int t) { scanWorker(t); });
  lap(res_.phaseMs[0]);
  if (c_.stopped()) return finish();
  if (c_.copyMode && c_.opts.checkSpace) {
    struct statvfs vfs;
    if (fstatvfs(dstRoot_.get(), &vfs) == 0) {
      uint64_t avail = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
      if (avail < c_.allocTotal) {
        fail(ENOSPC, "space", "", "need=" + std::to_string(c_.allocTotal) + " free=" + std::to_string(avail));
        return finish();
      }
    }
  }
  c_.progress->phase = 1;
  parallel([this](int t) { cloneWorker(t); });
  lap(res_.phaseMs[1]);
  if (c_.stopped()) return finish();
  c_.progress->phase = 2;
  for (auto& [primary, link] : deferredLinks_) {
    if (linkat(dstRoot_.get(), primary.c_str(), dstRoot_.get(), link.c_str(), 0) != 0) {
      fail(errno, "link", link);
      return finish();
    }
    c_.progress->files++;
  }
  std::atomic<size_t> next{0};
  parallel([this, &next](int) { metaWorker(next); });
  lap(res_.phaseMs[2]);
  finish();
}

void Engine::finish() {
  if (res_.ok && c_.progress->cancel) {
    res_.ok = false;
    res_.failure = {ECANCELED, "cancel", "", ""};
  }
  res_.files = files_ + deferredLinks_.size();
  res_.bytes = bytes_;
  res_.dirs = dirs_.empty() ? 0 : dirs_.size() - 1;
  res_.symlinks = symlinks_;
  res_.specials = specials_;
  res_.hardlinks = deferredLinks_.size();
  res_.reflinked = c_.reflinked;
  res_.copied = c_.copied;
  res_.ownershipDropped = c_.ownershipDropped;
  res_.allocated = c_.allocTotal;
  if (c_.xattrsDropped) res_.notes.push_back(std::to_string(c_.xattrsDropped.load()) + " extended attributes could not be set on the clone");
  if (c_.ownershipDropped) res_.notes.push_back(std::to_string(c_.ownershipDropped.load()) + " entries keep your ownership instead of the original owner (changing owners needs admin rights)");
  if (int fe = c_.fallbackErr.load()) res_.notes.push_back(std::string("blocks could not be shared here (") + strerror(fe) + "), so data was copied");
  if (res_.samples.empty()) {
    std::vector<std::pair<uint64_t, std::string>> all;
    for (auto& v : samples_) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < all.size() && i < kSamples; i++) res_.samples.push_back(all[i].second);
  }
  c_.progress->phase = 3;
}

}  // namespace

void runClone(const std::string& src, const std::string& dst, const Options& opts, Progress& progress, Result& result) {
  Engine(opts, progress, result).run(src, dst);
}

}  // namespace cowshed
