// The clone engine's entry: one file (or symlink / special file), or a whole tree through TreeCloner.
#include "engine.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <cstdlib>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fileops.h"
#include "tree.h"

namespace cowshed {

namespace {

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

void setFailure(Result& res, int err, const char* op, const std::string& path = "", const std::string& detail = "") {
  if (!res.ok) return;
  res.ok = false;
  res.failure = {err, op, path, detail};
}

/**
 * Whether entries created in `dir` get exactly the mode asked for less the umask: not when it is setgid (new
 * folders inherit the bit) or has a default ACL (which replaces the umask).
 */
bool exactModes(int dir, const struct stat& st) {
  if (st.st_mode & S_ISGID) return false;
  return fgetxattr(dir, "system.posix_acl_default", nullptr, 0) < 0 && (errno == ENODATA || errno == ENOTSUP);
}

/**
 * Whether creates + clones should run one at a time (see Ctx::serialWrites): on btrfs, where every new inode and
 * extent item goes into the same b-tree leaves and parallel writers mostly wait for each other's tree locks
 * (measured: serialised writes with the other threads preparing and finishing around them are faster there; XFS
 * scales with parallel writers). COWSHED_CLONE_SERIAL_WRITES=0/1 overrides (for measuring).
 */
bool serialWrites(int dir) {
  if (const char* e = getenv("COWSHED_CLONE_SERIAL_WRITES"); e && *e) return *e == '1';
  struct statfs fs;
  return fstatfs(dir, &fs) == 0 && static_cast<unsigned long>(fs.f_type) == BTRFS_SUPER_MAGIC;
}

std::pair<std::string, std::string> splitPath(const std::string& p) {
  size_t k = p.find_last_of('/');
  return {k == 0 ? std::string("/") : p.substr(0, k), p.substr(k + 1)};
}

/** A single file, symlink or special file: cloned to `dst` (its name may differ from the source's). */
void cloneSingle(Ctx& c, const std::string& src, const std::string& dst, Meta& m, Result& res) {
  auto [sp, sn] = splitPath(src);
  auto [dp, dn] = splitPath(dst);
  Fd sdir(open(sp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!sdir.ok()) return setFailure(res, errno, "open");
  Fd ddir(open(dp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!ddir.ok()) return setFailure(res, errno, "open-destination");
  struct stat st;
  if (fstat(ddir.get(), &st) != 0) return setFailure(res, errno, "stat");
  c.createdGid = (st.st_mode & S_ISGID) ? st.st_gid : getegid();
  c.createModeExact = exactModes(ddir.get(), st);
  c.allocTotal = m.blocks * 512;
  c.progress->totalFiles = 1;
  c.progress->totalBytes = S_ISREG(m.mode) ? m.size : 0;
  c.progress->phase = 1;
  // Copying from the start (`never`, or `auto` where blocks cannot be shared): the free-space check comes
  // first, as for a folder, so a file too big for the destination fails before a byte is written.
  if (S_ISREG(m.mode) && c.copyMode && c.opts.checkSpace) {
    const std::string shortfall = spaceShortfall(ddir.get(), c.allocTotal);
    if (!shortfall.empty()) return setFailure(res, ENOSPC, "space", "", shortfall);
  }
  Scratch s;
  OpResult r;
  if (S_ISREG(m.mode)) r = cloneRegular(c, sdir.get(), sn.c_str(), ddir.get(), dn.c_str(), m, s);
  else if (S_ISLNK(m.mode)) r = copySymlink(c, sdir.get(), sn.c_str(), ddir.get(), dn.c_str(), m, s);
  else r = copySpecial(c, sdir.get(), sn.c_str(), ddir.get(), dn.c_str(), m, s);
  if (r.skipped) return setFailure(res, EPERM, "mknod");
  if (r.err) return setFailure(res, r.err, r.op, "", r.detail);
  if (S_ISREG(m.mode)) {
    res.files = 1;
    res.bytes = m.size;
    if (r.reflinked) c.reflinked++, res.samples.push_back("");
    if (r.copied) c.copied++;
  } else if (S_ISLNK(m.mode)) {
    res.symlinks = 1;
  } else {
    res.specials = 1;
  }
  c.progress->files = 1;
  c.progress->bytes = c.progress->totalBytes.load();
}

/** A folder: the roots are opened here, everything below by TreeCloner. */
void cloneTree(Ctx& c, const std::string& src, const std::string& dst, const Meta& root, Result& res) {
  Fd srcRoot(open(src.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME));
  if (!srcRoot.ok() && errno == EPERM) srcRoot.reset(open(src.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!srcRoot.ok()) return setFailure(res, errno, "open");
  if (mkdir(dst.c_str(), 0700) != 0) return setFailure(res, errno, "mkdir-destination");
  Fd dstRoot(open(dst.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st;
  if (!dstRoot.ok() || fstat(dstRoot.get(), &st) != 0) return setFailure(res, errno, "open-destination");
  c.createdGid = (st.st_mode & S_ISGID) ? st.st_gid : getegid();
  c.createModeExact = exactModes(dstRoot.get(), st);
  c.serialWrites = serialWrites(dstRoot.get());
  TreeCloner tree(c, res, std::max(1, std::min(c.opts.threads, 64)));
  auto t0 = std::chrono::steady_clock::now();
  tree.run(srcRoot.get(), dstRoot.get(), root);
  res.phaseMs[0] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  res.files = tree.files + tree.links();
  res.bytes = tree.bytes;
  res.dirs = tree.dirCount() - 1 + tree.boundaries;
  res.symlinks = tree.symlinks;
  res.specials = tree.specials;
  res.hardlinks = tree.links();
  for (auto& [size, rel] : tree.samples()) res.samples.push_back(rel);
}

}  // namespace

void runClone(const std::string& src, const std::string& dst, const Options& opts, Progress& progress, Result& res) {
  Ctx c;
  c.opts = opts;
  c.progress = &progress;
  c.umask = readUmask();
  c.euid = geteuid();
  c.copyMode = opts.policy == Policy::Never || opts.copyFromStart;
  Meta root;
  if (int e = statEntry(AT_FDCWD, src.c_str(), root)) {
    setFailure(res, e, "stat");
  } else {
    c.rootDevMajor = root.devMajor;
    c.rootDevMinor = root.devMinor;
    if (S_ISDIR(root.mode)) cloneTree(c, src, dst, root, res);
    else cloneSingle(c, src, dst, root, res);
  }
  if (res.ok && progress.cancel) setFailure(res, ECANCELED, "cancel");
  res.reflinked = c.reflinked;
  res.copied = c.copied;
  res.ownershipDropped = c.ownershipDropped;
  res.allocated = c.allocTotal;
  if (c.xattrsDropped) res.notes.push_back(std::to_string(c.xattrsDropped.load()) + " extended attributes could not be set on the clone");
  if (c.ownershipDropped)
    res.notes.push_back(std::to_string(c.ownershipDropped.load()) + " entries keep your ownership instead of the original owner (changing owners needs admin rights)");
  if (int fe = c.fallbackErr.load()) res.notes.push_back(std::string("blocks could not be shared here (") + strerror(fe) + "), so data was copied");
  progress.phase = 3;
}

}  // namespace cowshed
