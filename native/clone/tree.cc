// Parallel tree copy. Workers prefer scanning folders (so totals are known early and the folder skeleton
// exists), then clone files in batches of up to kChunk: sources opened, then created + cloned, then finished
// (xattrs, owner, mode, times). On btrfs the create + clone step runs in one thread at a time (serialWrites_)
// while the others scan, open and finish around it. A folder is finished when its files and subfolders are,
// so times stick and read-only folders are filled before they become read-only.
#include "tree.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
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
/**
 * Entries per file task, and regular files per batch (at most): sources opened, then created + cloned, then
 * finished (xattrs, owner, mode, times). A batch holds 2 fds per file until it is finished.
 */
constexpr size_t kChunk = 32;
/** Staged batches waiting for the writer (serialised writes only): enough to keep it busy, few open fds. */
constexpr size_t kReadyMax = 2;
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
  const std::string shortfall = spaceShortfall(dstRoot_, c_.allocTotal);
  if (shortfall.empty()) return true;
  fail(ENOSPC, "space", "", shortfall);
  return false;
}

void TreeCloner::run(int srcRoot, int dstRoot, const Meta& rootMeta) {
  srcRoot_ = srcRoot;
  dstRoot_ = dstRoot;
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    fdBudget_ = std::min<size_t>(4096, rl.rlim_cur / 8);
    // Batches in flight (one per thread, the ready ones, those written and waiting to be finished) hold 2 fds per
    // file: a quarter of the limit for them, a quarter for the folders' fds (fdBudget_), the rest for the process.
    chunk_ = std::clamp<size_t>(rl.rlim_cur / 4 / (2 * (static_cast<size_t>(nthreads_) + 2 * kReadyMax + 2)), 1, kChunk);
  }
  filesAllowed_ = !c_.copyMode;  // copying waits for the whole scan and a free-space check
  samples_.resize(static_cast<size_t>(nthreads_));
  serialWrites_ = c_.serialWrites && nthreads_ > 1 && !c_.copyMode;
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
    auto idle = [&] {
      return dirQ_.empty() && fileQ_.empty() && readyQ_.empty() && doneQ_.empty() && activeScans_ == 0 && activeTasks_ == 0;
    };
    auto canWrite = [&] { return !writing_ && !readyQ_.empty(); };
    auto canStage = [&] { return filesAllowed_ && !fileQ_.empty() && readyQ_.size() < kReadyMax; };
    cv_.wait(lk, [&] { return c_.stopped() || canWrite() || !doneQ_.empty() || !dirQ_.empty() || canStage() || idle(); });
    if (c_.stopped() || idle()) break;
    if (canWrite()) {
      // Serialised writes: one thread at a time creates + clones a staged batch; the others keep it fed.
      Batch b = std::move(readyQ_.front());
      readyQ_.pop_front();
      writing_ = true;
      activeTasks_++;
      lk.unlock();
      writeBatch(b);
      lk.lock();
      writing_ = false;
      activeTasks_--;
      doneQ_.push_back(std::move(b));
      cv_.notify_all();
      continue;
    }
    if (!doneQ_.empty()) {
      Batch b = std::move(doneQ_.front());
      doneQ_.pop_front();
      activeTasks_++;
      lk.unlock();
      finishBatch(t, s, b);
      b = Batch();
      lk.lock();
      activeTasks_--;
      if (idle()) cv_.notify_all();
      continue;
    }
    // Scanning ahead holds each scanned folder's fds until it is finished: past 3/4 of the budget, clone first.
    // With serialised writes, keep a batch ready for the writer before scanning further.
    bool preferFiles = canStage() && (fileQ_.size() > kHighWater || DirFds::alive.load() >= fdBudget_ / 4 * 3 ||
                                      (serialWrites_ && readyQ_.size() < 2));
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
    } else if (canStage()) {
      // A batch: whole file tasks (a folder's files, up to chunk_), until it holds chunk_ entries.
      std::vector<FileTask> tasks;
      size_t n = 0;
      while (!fileQ_.empty() && n < chunk_ && (tasks.empty() || n + fileQ_.front().entries.size() <= chunk_)) {
        n += fileQ_.front().entries.size();
        tasks.push_back(std::move(fileQ_.front()));
        fileQ_.pop_front();
        if (!serialWrites_) break;
      }
      activeTasks_++;
      lk.unlock();
      Batch b;
      b.reserve(n);
      for (auto& task : tasks) stageTask(s, task, b);
      tasks.clear();
      if (!serialWrites_) {
        writeBatch(b);
        finishBatch(t, s, b);
        b = Batch();
        lk.lock();
        activeTasks_--;
        if (idle()) cv_.notify_all();
        continue;
      }
      lk.lock();
      activeTasks_--;
      if (!b.empty()) readyQ_.push_back(std::move(b));
      cv_.notify_all();
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

/**
 * Open a folder of the source and of the copy: by name below the parent's fds while the scan has them (one path
 * component, still beneath and not crossing mounts or symlinks), else by its path from the roots.
 */
bool TreeCloner::openDir(DirRec* d, DirFds& fds) {
  std::shared_ptr<DirFds> parent = std::move(d->parentFds);
  if (parent) {
    const char* name = d->rel.c_str() + (d->rel.rfind('/') == std::string::npos ? 0 : d->rel.rfind('/') + 1);
    fds.src.reset(openDirBeneath(parent->src.get(), name));
    if (!fds.src.ok()) return fail(errno, "open", d->rel), false;
    fds.dst.reset(openDirBeneath(parent->dst.get(), name));
    if (!fds.dst.ok()) return fail(errno, "open-destination", d->rel), false;
    return true;
  }
  fds.src.reset(openDirBeneath(srcRoot_, d->rel));
  if (!fds.src.ok()) return fail(errno, "open", d->rel), false;
  fds.dst.reset(openDirBeneath(dstRoot_, d->rel));
  if (!fds.dst.ok()) return fail(errno, "open-destination", d->rel), false;
  return true;
}

void TreeCloner::scanDir(DirRec* d) {
  auto fds = std::make_shared<DirFds>();
  if (!openDir(d, *fds)) return;
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
        if (batch.size() >= chunk_) pushTask(d, batch, taskFds);
        continue;
      }
      const bool boundary = m.mountRoot || m.devMajor != c_.rootDevMajor || m.devMinor != c_.rootDevMinor;
      const mode_t createdMode = boundary ? 0700 : dirCreateMode(c_, m.mode);
      if (mkdirat(fds->dst.get(), name, createdMode) != 0) return fail(errno, "mkdir", join(d->rel, name));
      if (boundary) {
        // Another mount, or a nested btrfs subvolume: left as an empty folder, like `cp -ax` and like a snapshot.
        boundaries++;
        note("not copied (another mount or nested subvolume; left as an empty folder): " + join(d->rel, name));
        Fd child(openat(fds->dst.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        Scratch none;
        OpResult r;
        if (child.ok()) r = applyDirMeta(c_, -1, child.get(), m, none);
        else r.err = errno, r.op = "open-destination";
        if (r.err) return fail(r.err, r.op, join(d->rel, name), r.detail);
        continue;
      }
      d->pending++;
      std::lock_guard<std::mutex> lk(mu_);
      dirs_.emplace_back();
      DirRec* child = &dirs_.back();
      child->parent = d;
      child->rel = join(d->rel, name);
      child->meta = m;
      child->createdMode = createdMode;
      if (keep) child->parentFds = fds;
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

void TreeCloner::stageTask(Scratch& s, FileTask& task, Batch& b) {
  DirRec* d = task.dir;
  std::shared_ptr<DirFds> fds = std::move(task.fds);
  if (!fds) {
    fds = std::make_shared<DirFds>();
    if (!openDir(d, *fds)) return;
  }
  const int sdir = fds->src.get(), ddir = fds->dst.get();
  for (EntRec& e : task.entries) {
    if (c_.stopped()) return;
    if (!S_ISREG(e.meta.mode)) {
      processEntry(s, sdir, ddir, d, e);
      continue;
    }
    if (deferLink(d, e)) continue;
    Staged st;
    OpResult r = openSource(sdir, e.name.c_str(), e.meta, st.sfd);
    if (r.err) return fail(r.err, r.op, join(d->rel, e.name), r.detail);
    st.e = std::move(e);
    st.d = d;
    st.fds = fds;
    d->pending++;
    b.push_back(std::move(st));
  }
  release(d, s);
}

void TreeCloner::writeBatch(Batch& b) {
  for (auto& f : b) {
    if (c_.stopped()) return;
    f.r = createShared(c_, f.sfd.get(), f.fds->dst.get(), f.e.name.c_str(), f.e.meta, f.dfd, f.needCopy);
    if (f.r.err) return fail(f.r.err, f.r.op, join(f.d->rel, f.e.name), f.r.detail);
  }
}

void TreeCloner::finishBatch(int t, Scratch& s, Batch& b) {
  for (auto& f : b) {
    if (c_.stopped()) return;
    OpResult r = copyAndFinish(c_, f.sfd.get(), f.dfd.get(), f.e.meta, s, f.r, f.needCopy);
    if (r.err) return fail(r.err, r.op, join(f.d->rel, f.e.name));
    f.sfd.reset();
    f.dfd.reset();
    countFile(t, f.d, f.e, r);
    f.fds.reset();
    release(f.d, s);
  }
}

bool TreeCloner::deferLink(DirRec* d, EntRec& e) {
  const Meta& m = e.meta;
  if (m.nlink <= 1) return false;
  std::lock_guard<std::mutex> lk(mu_);
  auto key = std::make_pair(static_cast<uint64_t>(m.devMajor) << 32 | m.devMinor, m.ino);
  auto it = linkPrimary_.find(key);
  if (it != linkPrimary_.end()) {
    deferredLinks_.emplace_back(it->second, join(d->rel, e.name));
    d->hasLinks = true;
    return true;
  }
  linkPrimary_.emplace(key, join(d->rel, e.name));
  return false;
}

void TreeCloner::countFile(int t, DirRec* d, const EntRec& e, const OpResult& r) {
  const Meta& m = e.meta;
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
  c_.progress->files++;
}

/** A symlink or special file (regular files go through the stages). */
void TreeCloner::processEntry(Scratch& s, int sdir, int ddir, DirRec* d, EntRec& e) {
  const char* name = e.name.c_str();
  Meta& m = e.meta;
  OpResult r;
  if (S_ISLNK(m.mode)) {
    r = copySymlink(c_, sdir, name, ddir, name, m, s);
    if (!r.err) symlinks++;
  } else {
    r = copySpecial(c_, sdir, name, ddir, name, m, s);
    if (r.skipped) note("special file not recreated (needs admin rights): " + join(d->rel, e.name));
    else if (!r.err) specials++;
  }
  if (r.err) return fail(r.err, r.op, join(d->rel, e.name), r.detail);
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
    if (!openDir(d, *fds)) return;
  }
  OpResult r = applyDirMeta(c_, fds->src.get(), fds->dst.get(), d->meta, s, d->createdMode);
  if (r.err) return fail(r.err, r.op, d->rel, r.detail);
  fds.reset();
  if (d->parent) release(d->parent, s);
  else rootDone_ = true;
}

}  // namespace cowshed
