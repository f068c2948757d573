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
  /**
   * New entries get exactly the permission bits asked for, less the umask: the destination root is not setgid (its
   * new folders would inherit the bit) and has no default ACL (which replaces the umask). When false, every mode is
   * set explicitly after creation.
   */
  bool createModeExact = true;
  /** Create + clone in one thread at a time, the other threads scanning, opening and finishing around it. */
  bool serialWrites = false;
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
  /** Extra words for the error (op "space": "need=N free=F"). */
  std::string detail;
};

/** "need=N free=F" when `need` bytes do not fit in the free space of `dirFd`'s filesystem, else "" (also when
 * statvfs fails: the copy then finds out for itself). */
std::string spaceShortfall(int dirFd, uint64_t need);

/** Open a folder below `root` by relative path ("" = root) without following any symlink. */
int openDirBeneath(int root, const std::string& rel);

/** lstat an entry into Meta (statx, no automount). Returns 0 or errno. */
int statEntry(int dirFd, const char* name, Meta& m);

/** Clone (or copy) one regular file with its metadata; the destination is created exclusively. */
OpResult cloneRegular(Ctx& c, int sdir, const char* name, int ddir, const char* dname, Meta& m, Scratch& s);

/** The three steps of cloneRegular, for callers that batch them. Open the source (no follow) and refresh `m`. */
OpResult openSource(int sdir, const char* name, Meta& m, Fd& sfd);

/** Create the destination exclusively and FICLONE into it; `needCopy` when the data must be copied instead. */
OpResult createShared(Ctx& c, int sfd, int ddir, const char* dname, const Meta& m, Fd& dfd, bool& needCopy);

/** Copy the data when needed (then fdatasync), then xattrs, owner, mode and times. `r` is createShared's result. */
OpResult copyAndFinish(Ctx& c, int sfd, int dfd, const Meta& m, Scratch& s, OpResult r, bool needCopy);

/** Recreate a symlink (never followed) with owner, times and xattrs. */
OpResult copySymlink(Ctx& c, int sdir, const char* name, int ddir, const char* dname, const Meta& m, Scratch& s);

/** Recreate a fifo, socket or device node; `skipped` when the kernel refuses (devices need admin). */
OpResult copySpecial(Ctx& c, int sdir, const char* name, int ddir, const char* dname, const Meta& m, Scratch& s);

/**
 * The mode to give mkdir for a copy of a folder with mode `mode`: its own permissions when the owner keeps full
 * access and there are no setuid/setgid/sticky bits (then finishing it needs no chmod), else 0700 (filled first,
 * its real mode set after its contents exist). The partial's root is 0700 either way, so nothing in it is
 * reachable by others before the rename.
 */
mode_t dirCreateMode(const Ctx& c, mode_t mode);

/**
 * Set a created folder's xattrs, owner, mode and times (after its contents exist). sdir may be -1.
 * `createdMode`: the mode passed to mkdir (0 = unknown): chmod is skipped when that already gave the right mode.
 */
OpResult applyDirMeta(Ctx& c, int sdir, int ddir, const Meta& m, Scratch& s, mode_t createdMode = 0);

/** True for the errors FICLONE gives when blocks cannot be shared here. */
bool isNoReflink(int err);

}  // namespace cowshed
