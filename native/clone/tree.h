// The parallel tree copy: one pass that scans folders ahead of the workers, clones files in batches (per-folder
// tasks; on btrfs the creates + clones of a batch run in one thread at a time), and finishes each folder
// (xattrs, owner, mode, times) once everything inside it exists (post-order).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <vector>

#include "engine.h"
#include "fileops.h"

namespace cowshed {

struct DirFds;

/** One folder of the source tree. Records live in a deque: pointers to them stay valid. */
struct DirRec {
  DirRec* parent = nullptr;
  std::string rel;
  Meta meta;
  /** Its scan + its file tasks + its unfinished subfolders; the folder is finished when this reaches 0. */
  std::atomic<int> pending{1};
  /** A hard link was deferred into it: finish it after the links are made. */
  std::atomic<bool> hasLinks{false};
  /** Folder fds kept from the scan for finishing it (when within the fd budget). */
  std::shared_ptr<DirFds> fds;
  /** The parent's fds until this folder is scanned: it is opened by name below them, not by path from the root. */
  std::shared_ptr<DirFds> parentFds;
  /** The mode mkdir gave the copy (0: unknown, set it when finishing). */
  mode_t createdMode = 0;
};

/** A non-folder entry found by the scan. */
struct EntRec {
  std::string name;
  Meta meta;
};

/** Up to kChunk entries of one folder, with that folder's fds when they were kept. */
struct FileTask {
  DirRec* dir = nullptr;
  std::vector<EntRec> entries;
  std::shared_ptr<DirFds> fds;
};

/** A regular file between the stages of a batch: its entry, folder, source and destination fds, and the outcome. */
struct Staged {
  EntRec e;
  DirRec* d = nullptr;
  std::shared_ptr<DirFds> fds;
  Fd sfd, dfd;
  OpResult r;
  bool needCopy = false;
};
using Batch = std::vector<Staged>;

class TreeCloner {
 public:
  TreeCloner(Ctx& c, Result& res, int threads) : c_(c), res_(res), nthreads_(threads) {}
  /** Copy the tree under srcRoot into dstRoot (an empty folder made by the caller). */
  void run(int srcRoot, int dstRoot, const Meta& rootMeta);
  void fail(int err, const char* op, const std::string& path, const std::string& detail = "");
  void note(const std::string& s);

  std::atomic<uint64_t> files{0}, bytes{0}, symlinks{0}, specials{0}, boundaries{0};
  size_t dirCount() const { return dirs_.size(); }
  size_t links() const { return deferredLinks_.size(); }
  std::vector<std::pair<uint64_t, std::string>> samples() const;

 private:
  Ctx& c_;
  Result& res_;
  int nthreads_;
  int srcRoot_ = -1, dstRoot_ = -1;
  size_t fdBudget_ = 1024;
  /** Entries per file task and batch (kChunk, less when the fd limit is low). */
  size_t chunk_ = 32;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<DirRec> dirs_;
  std::deque<DirRec*> dirQ_;
  std::deque<FileTask> fileQ_;
  int activeScans_ = 0, activeTasks_ = 0;
  bool filesAllowed_ = true, scanDone_ = false, rootDone_ = false, endStage_ = false;
  std::vector<DirRec*> deferredDirs_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> linkPrimary_;
  std::vector<std::pair<std::string, std::string>> deferredLinks_;  // (primary rel, link rel)
  std::vector<std::vector<std::pair<uint64_t, std::string>>> samples_;
  /** Creates + clones run in one thread at a time (btrfs: parallel inserts contend on the same b-tree leaves). */
  bool serialWrites_ = false;
  bool writing_ = false;
  std::deque<Batch> readyQ_, doneQ_;

  void worker(int t);
  void scanDir(DirRec* d);
  void pushTask(DirRec* d, std::vector<EntRec>& entries, const std::shared_ptr<DirFds>& fds);
  void stageTask(Scratch& s, FileTask& task, Batch& b);
  void writeBatch(Batch& b);
  void finishBatch(int t, Scratch& s, Batch& b);
  void processEntry(Scratch& s, int sdir, int ddir, DirRec* d, EntRec& e);
  bool deferLink(DirRec* d, EntRec& e);
  void countFile(int t, DirRec* d, const EntRec& e, const OpResult& r);
  void release(DirRec* d, Scratch& s);
  bool openDir(DirRec* d, DirFds& fds);
  void complete(DirRec* d, Scratch& s);
  bool spaceOk();
};

}  // namespace cowshed
