// Per-entry operations of the clone engine: one regular file, symlink, special file or folder's metadata.
#pragma once

#include <atomic>
#include <string>
#include <unistd.h>
#include <vector>

#include "engine.h"

namespace cowshed {

/** Run-wide facts every operation needs. */
struct Ctx {
  Options opts;
  Progress* progress = nullptr;
  mode_t umask = 022;
  uid_t euid = 0;
  /** The group new files get in the destination (egid, or the folder's group when it is setgid). */
  gid_t createdGid = 0;
  uint32_t rootDevMajor = 0, rootDevMinor = 0;
  /** True once data is being copied instead of reflinked. */
  std::atomic<bool> copyMode{false};
  /** The FICLONE error that made `auto` switch to copying mid-run (0 = none). */
  std::atomic<int> fallbackErr{0};
  /** Allocated bytes of the regular files found by the scan (for free-space checks). */
  uint64_t allocTotal = 0;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> reflinked{0}, copied{0}, ownershipDropped{0}, xattrsDropped{0};
  bool stopped() const { return stop.load(std::memory_order_relaxed) || progress->cancel.load(std::memory_order_relaxed); }
};

/** An owned file descriptor. */
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept { reset(o.fd_); o.fd_ = -1; return *this; }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  void reset(int fd = -1) { if (fd_ >= 0) ::close(fd_); fd_ = fd; }
 private:
  int fd_ = -1;
};

/** Per-thread scratch buffers (data copy, xattr names and values). */
struct Scratch {
  std::vector<char> data, names, value;
  Scratch() : data(1 << 20), names(64 << 10), value(64 << 10) {}
};

/** How one operation ended: 0 or an errno, plus the step that failed. */
struct OpResult {
  int err = 0;
  const char* op = "";
  bool reflinked = false;
  /** Data was copied (not shared). Empty files are neither. */
  bool copied = false;
  bool skipped = false;
};

/** Open a folder below `root` by relative path ("" = root) without following any symlink. */
int openDirBeneath(int root, const std::string& rel);

/** lstat an entry into Meta (statx, no automount). Returns 0 or errno. */
int statEntry(int dirFd, const char* name, Meta& m);

/** Clone (or copy) one regular file with its metadata; the destination is created exclusively. */
OpResult cloneRegular(Ctx& c, int sdir, const char* name, int ddir, const char* dname, Meta& m, Scratch& s);

/** Recreate a symlink (never followed) with owner, times and xattrs. */
OpResult copySymlink(Ctx& c, int sdir, const char* name, int ddir, const char* dname, const Meta& m, Scratch& s);

/** Recreate a fifo, socket or device node; `skipped` when the kernel refuses (devices need admin). */
OpResult copySpecial(Ctx& c, int sdir, const char* name, int ddir, const char* dname, const Meta& m, Scratch& s);

/** Set a created folder's xattrs, owner, mode and times (after its contents exist). sdir may be -1. */
OpResult applyDirMeta(Ctx& c, int sdir, int ddir, const Meta& m, Scratch& s);

/** True for the errors FICLONE gives when blocks cannot be shared here. */
bool isNoReflink(int err);

}  // namespace cowshed
