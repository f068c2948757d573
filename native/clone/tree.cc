// Parallel tree copy. Workers prefer scanning folders (so totals are known early and the folder skeleton
// exists), then clone files folder by folder; a folder is finished (xattrs, owner, mode, times) when its
// files and subfolders are, so times stick and read-only folders are filled before they become read-only.
#include "tree.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace cowshed {

struct DirFds {
  Fd src, dst;
  static std::atomic<size_t> alive;
  DirFds() { alive++; }
  ~DirFds() { alive--; }
};
std::atomic<size_t> DirFds::alive{0};

namespace {
constexpr size_t kChunk = 128;
constexpr size_t kMaxNotes = 50;
constexpr size_t kSamples = 3;
/** Past this many queued file tasks, workers clone before scanning further (bounds memory and fds). */
constexpr size_t kHighWater = 4096;

std::string join(const std::string& rel, const std::string& name) { return rel.empty() ? name : rel + "/" + name; }
}  // namespace

void TreeCloner::fail(int err, const char* op, const std::string& path, const std::string& detail) {
  std::lock_guard<std::mutex> lk(mu_);
  if (res_.ok) {
    res_.ok = false;
    res_.failure = {err, op, path, detail};
  }
  c_.stop = true;
  cv_.notify_all();
}

void TreeCloner::note(const std::string& s) {
  std::lock_guard<std::mutex> lk(mu_);
  if (res_.notes.size() < kMaxNotes) res_.notes.push_back(s);
}

std::vector<std::pair<uint64_t, std::string>> TreeCloner::samples() const {
  std::vector<std::pair<uint64_t, std::string>> all;
  for (auto& v : samples_) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first > b.first; });
  if (all.size() > kSamples) all.resize(kSamples);
  return all;
}

bool TreeCloner::spaceOk() {
  struct statvfs vfs;
  if (fstatvfs(dstRoot_, &vfs) != 0) return true;
  uint64_t avail = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  if (avail >= c_.allocTotal) return true;
  fail(ENOSPC, "space", "", "need=" + std::to_string(c_.allocTotal) + " free=" + std::to_string(avail));
  return false;
}

void TreeCloner::run(int srcRoot, int dstRoot, const Meta& rootMeta) {
  srcRoot_ = srcRoot;
  dstRoot_ = dstRoot;
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) fdBudget_ = std::min<size_t>(4096, rl.rlim_cur / 8);
  filesAllowed_ = !c_.copyMode;  // copying waits for the whole scan and a free-space check
  samples_.resize(static_cast<size_t>(nthreads_));
  dirs_.emplace_back();
  dirs_.back().meta = rootMeta;
  dirQ_.push_back(&dirs_.back());
  std::vector<std::thread> ts;
  for (int i = 1; i < nthreads_; i++) ts.emplace_back(&TreeCloner::worker, this, i);
  worker(0);
  for (auto& t : ts) t.join();
  if (c_.stopped()) return;
  // Hard links whose first name was cloned elsewhere, then the folders that waited for them.
  c_.progress->phase = 2;
  for (auto& [primary, link] : deferredLinks_) {
    if (linkat(dstRoot_, primary.c_str(), dstRoot_, link.c_str(), 0) != 0) return fail(errno, "link", link);
    c_.progress->files++;
  }
  Scratch s;
  endStage_ = true;
  for (size_t i = 0; i < deferredDirs_.size() && !c_.stopped(); i++) complete(deferredDirs_[i], s);
  if (!c_.stopped() && !rootDone_) fail(EIO, "internal", "", "the tree copy ended with unfinished folders");
}

void TreeCloner::worker(int t) {
  Scratch s;
  std::unique_lock<std::mutex> lk(mu_);
  for (;;) {
    auto idle = [&] { return dirQ_.empty() && fileQ_.empty() && activeScans_ == 0 && activeTasks_ == 0; };
    cv_.wait(lk, [&] { return c_.stopped() || !dirQ_.empty() || (filesAllowed_ && !fileQ_.empty()) || idle(); });
    if (c_.stopped() || idle()) break;
    bool preferFiles = filesAllowed_ && fileQ_.size() > kHighWater;
    if (!dirQ_.empty() && !preferFiles) {
      DirRec* d = dirQ_.front();
      dirQ_.pop_front();
      activeScans_++;
      lk.unlock();
      scanDir(d);
      release(d, s);
      lk.lock();
      activeScans_--;
      if (dirQ_.empty() && activeScans_ == 0 && !scanDone_) {
        scanDone_ = true;
        c_.progress->phase = 1;
        if (!filesAllowed_) {
          lk.unlock();
          bool ok = spaceOk();
          lk.lock();
          filesAllowed_ = ok;
        }
      }
      cv_.notify_all();
    } else if (filesAllowed_ && !fileQ_.empty()) {
      FileTask task = std::move(fileQ_.front());
      fileQ_.pop_front();
      activeTasks_++;
      lk.unlock();
      runTask(t, s, task);
      task = FileTask();
      lk.lock();
      activeTasks_--;
      if (idle()) cv_.notify_all();
    }
  }
  cv_.notify_all();
}

void TreeCloner::pushTask(DirRec* d, std::vector<EntRec>& entries, const std::shared_ptr<DirFds>& fds) {
  d->pending++;
  std::lock_guard<std::mutex> lk(mu_);
  fileQ_.push_back({d, std::move(entries), fds});
  entries.clear();
  cv_.notify_one();
}

void TreeCloner::scanDir(DirRec* d) {
  auto fds = std::make_shared<DirFds>();
  fds->src.reset(openDirBeneath(srcRoot_, d->rel));
  if (!fds->src.ok()) return fail(errno, "open", d->rel);
  fds->dst.reset(openDirBeneath(dstRoot_, d->rel));
  if (!fds->dst.ok()) return fail(errno, "open-destination", d->rel);
  const bool keep = DirFds::alive.load() < fdBudget_;
  std::shared_ptr<DirFds> taskFds = keep ? fds : nullptr;
  std::vector<EntRec> batch;
  uint64_t nfiles = 0, nbytes = 0, alloc = 0;
  alignas(8) char buf[32 * 1024];
  for (;;) {
    long n = syscall(SYS_getdents64, fds->src.get(), buf, sizeof buf);
    if (n < 0) return fail(errno, "read-folder", d->rel);
    if (n == 0) break;
    for (long off = 0; off < n;) {
      auto* de = reinterpret_cast<struct dirent64*>(buf + off);
      off += de->d_reclen;
      const char* name = de->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      if (c_.stopped()) return;
      Meta m;
      int e = statEntry(fds->src.get(), name, m);
      if (e == ENOENT) continue;  // vanished meanwhile
      if (e) return fail(e, "stat", join(d->rel, name));
      if (!S_ISDIR(m.mode)) {
        nfiles++;
        if (S_ISREG(m.mode)) nbytes += m.size, alloc += m.blocks * 512;
        batch.push_back({name, m});
        if (batch.size() >= kChunk) pushTask(d, batch, taskFds);
        continue;
      }
      if (mkdirat(fds->dst.get(), name, 0700) != 0) return fail(errno, "mkdir", join(d->rel, name));
      if (m.mountRoot || m.devMajor != c_.rootDevMajor || m.devMinor != c_.rootDevMinor) {
        // Another mount, or a nested btrfs subvolume: left as an empty folder, like `cp -ax` and like a snapshot.
        boundaries++;
        note("not copied (another mount or nested subvolume; left as an empty folder): " + join(d->rel, name));
        Fd child(openat(fds->dst.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        Scratch none;
        OpResult r = child.ok() ? applyDirMeta(c_, -1, child.get(), m, none) : OpResult{errno, "open-destination"};
        if (r.err) return fail(r.err, r.op, join(d->rel, name));
        continue;
      }
      d->pending++;
      std::lock_guard<std::mutex> lk(mu_);
      dirs_.emplace_back();
      DirRec* child = &dirs_.back();
      child->parent = d;
      child->rel = join(d->rel, name);
      child->meta = m;
      dirQ_.push_back(child);
      cv_.notify_one();
    }
  }
  if (!batch.empty()) pushTask(d, batch, taskFds);
  c_.progress->totalFiles += nfiles;
  c_.progress->totalBytes += nbytes;
  std::lock_guard<std::mutex> lk(mu_);
  c_.allocTotal += alloc;
  if (keep) d->fds = fds;
}

void TreeCloner::runTask(int t, Scratch& s, FileTask& task) {
  DirRec* d = task.dir;
  std::shared_ptr<DirFds> fds = task.fds;
  if (!fds) {
    fds = std::make_shared<DirFds>();
    fds->src.reset(openDirBeneath(srcRoot_, d->rel));
    if (!fds->src.ok()) return fail(errno, "open", d->rel);
    fds->dst.reset(openDirBeneath(dstRoot_, d->rel));
    if (!fds->dst.ok()) return fail(errno, "open-destination", d->rel);
  }
  for (auto& e : task.entries) {
    if (c_.stopped()) return;
    processEntry(t, s, fds->src.get(), fds->dst.get(), d, e);
  }
  release(d, s);
}

void TreeCloner::processEntry(int t, Scratch& s, int sdir, int ddir, DirRec* d, EntRec& e) {
  const char* name = e.name.c_str();
  Meta& m = e.meta;
  OpResult r;
  if (S_ISREG(m.mode)) {
    if (m.nlink > 1) {
      std::lock_guard<std::mutex> lk(mu_);
      auto key = std::make_pair(static_cast<uint64_t>(m.devMajor) << 32 | m.devMinor, m.ino);
      auto it = linkPrimary_.find(key);
      if (it != linkPrimary_.end()) {
        deferredLinks_.emplace_back(it->second, join(d->rel, e.name));
        d->hasLinks = true;
        return;
      }
      linkPrimary_.emplace(key, join(d->rel, e.name));
    }
    r = cloneRegular(c_, sdir, name, ddir, name, m, s);
    if (!r.err) {
      files++;
      bytes += m.size;
      c_.progress->bytes += m.size;
      if (r.reflinked) c_.reflinked++;
      if (r.copied) c_.copied++;
      auto& sm = samples_[static_cast<size_t>(t)];
      if (r.reflinked && (sm.size() < kSamples || m.size > sm.back().first)) {
        sm.emplace_back(m.size, join(d->rel, e.name));
        std::sort(sm.begin(), sm.end(), [](auto& a, auto& b) { return a.first > b.first; });
        if (sm.size() > kSamples) sm.pop_back();
      }
    }
  } else if (S_ISLNK(m.mode)) {
    r = copySymlink(c_, sdir, name, ddir, name, m, s);
    if (!r.err) symlinks++;
  } else {
    r = copySpecial(c_, sdir, name, ddir, name, m, s);
    if (r.skipped) note("special file not recreated (needs admin rights): " + join(d->rel, e.name));
    else if (!r.err) specials++;
  }
  if (r.err) return fail(r.err, r.op, join(d->rel, e.name));
  c_.progress->files++;
}

void TreeCloner::release(DirRec* d, Scratch& s) {
  if (d->pending.fetch_sub(1) != 1 || c_.stopped()) return;
  if (d->hasLinks && !endStage_) {
    std::lock_guard<std::mutex> lk(mu_);
    deferredDirs_.push_back(d);
    return;
  }
  complete(d, s);
}

void TreeCloner::complete(DirRec* d, Scratch& s) {
  std::shared_ptr<DirFds> fds = std::move(d->fds);
  if (!fds) {
    fds = std::make_shared<DirFds>();
    fds->src.reset(openDirBeneath(srcRoot_, d->rel));
    if (!fds->src.ok()) return fail(errno, "open", d->rel);
    fds->dst.reset(openDirBeneath(dstRoot_, d->rel));
    if (!fds->dst.ok()) return fail(errno, "open-destination", d->rel);
  }
  OpResult r = applyDirMeta(c_, fds->src.get(), fds->dst.get(), d->meta, s);
  if (r.err) return fail(r.err, r.op, d->rel);
  fds.reset();
  if (d->parent) release(d->parent, s);
  else rootDone_ = true;
}

}  // namespace cowshed
