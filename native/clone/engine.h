// Cowshed clone engine: a parallel `cp -a --reflink` for one file or a whole tree.
// Plain C++17 + Linux syscalls; the N-API layer (addon.cc) only marshals options and results.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <time.h>
#include <vector>

namespace cowshed {

/** cp-like reflink policy. */
enum class Policy { Always, Auto, Never };

struct Options {
  Policy policy = Policy::Always;
  int threads = 4;
  /** Check free space after the scan when data will be copied (auto fallback / never). */
  bool checkSpace = true;
  /** For `auto`: decided before the run that FICLONE cannot work here, so copy from the start. */
  bool copyFromStart = false;
};

/** Live counters the JS side polls; `cancel` is set from JS. */
struct Progress {
  std::atomic<int> phase{0};  // 0 scan, 1 clone, 2 links + folder metadata, 3 done
  std::atomic<uint64_t> files{0}, bytes{0}, totalFiles{0}, totalBytes{0};
  std::atomic<bool> cancel{false};
};

/** The stat fields a clone needs (smaller than struct statx: trees can hold millions of entries). */
struct Meta {
  uint32_t mode = 0, uid = 0, gid = 0, nlink = 0;
  uint64_t size = 0, blocks = 0, ino = 0, rdev = 0;
  uint32_t devMajor = 0, devMinor = 0;
  struct timespec atime{}, mtime{};
  bool mountRoot = false;
};

/** The first error that stopped the run. */
struct Failure {
  int err = 0;        // errno, or ECANCELED
  std::string op;     // "clone", "create", "mkdir", "space", …
  std::string path;   // relative to the source root ("" = the root)
  std::string detail; // extra words (e.g. "needs 3 GiB, 1 GiB free")
};

struct Result {
  uint64_t files = 0, bytes = 0, dirs = 0, symlinks = 0, hardlinks = 0, specials = 0;
  uint64_t reflinked = 0, copied = 0, ownershipDropped = 0;
  uint64_t allocated = 0;
  std::vector<std::string> notes;
  /** A few reflinked files (relative paths), largest first, for FIEMAP verification. */
  std::vector<std::string> samples;
  /** Wall time of each phase: scan, clone, links + folder metadata (ms). */
  double phaseMs[3] = {0, 0, 0};
  bool ok = true;
  Failure failure;
};

/** Clone `src` (file, folder, symlink or special file) to `dst`, which must not exist. */
void runClone(const std::string& src, const std::string& dst, const Options& opts, Progress& progress, Result& result);

}  // namespace cowshed
