// Per-entry operations: the syscalls `cp -a --reflink` makes, fewer of them, on directory fds.
#include "fileops.h"

#include <cerrno>
#include <cstdio>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

namespace cowshed {

namespace {

std::atomic<bool> haveOpenat2{true};

/** `/proc/self/fd/N/name`: a path that reaches an entry without following it (for l*xattr). */
std::string procPath(int dirFd, const char* name) {
  char buf[64];
  snprintf(buf, sizeof buf, "/proc/self/fd/%d/", dirFd);
  return std::string(buf) + name;
}

/** The xattr interface, either on open fds or on (never followed) paths. */
struct XattrIo {
  int sfd = -1, dfd = -1;
  std::string spath, dpath;
  ssize_t list(char* buf, size_t n) const { return sfd >= 0 ? flistxattr(sfd, buf, n) : llistxattr(spath.c_str(), buf, n); }
  ssize_t get(const char* k, char* buf, size_t n) const { return sfd >= 0 ? fgetxattr(sfd, k, buf, n) : lgetxattr(spath.c_str(), k, buf, n); }
  int set(const char* k, const char* v, size_t n) const { return dfd >= 0 ? fsetxattr(dfd, k, v, n, 0) : lsetxattr(dpath.c_str(), k, v, n, 0); }
};

/** Copy every xattr. Failures to set one are counted, not fatal (cp -a does not diagnose them either). */
int copyXattrs(Ctx& c, const XattrIo& io, Scratch& s) {
  ssize_t n = io.list(s.names.data(), s.names.size());
  if (n < 0 && errno == ERANGE) {
    ssize_t need = io.list(nullptr, 0);
    if (need < 0) return errno;
    s.names.resize(static_cast<size_t>(need) + 1024);
    n = io.list(s.names.data(), s.names.size());
  }
  if (n < 0) return (errno == ENOTSUP || errno == ENODATA) ? 0 : errno;
  for (ssize_t i = 0; i < n;) {
    const char* key = s.names.data() + i;
    i += static_cast<ssize_t>(strlen(key)) + 1;
    ssize_t v = io.get(key, s.value.data(), s.value.size());
    if (v < 0 && errno == ERANGE) {
      ssize_t need = io.get(key, nullptr, 0);
      if (need >= 0) {
        s.value.resize(static_cast<size_t>(need) + 1024);
        v = io.get(key, s.value.data(), s.value.size());
      }
    }
    if (v < 0) {
      if (errno == ENODATA) continue;  // removed meanwhile
      return errno;
    }
    if (io.set(key, s.value.data(), static_cast<size_t>(v)) != 0) c.xattrsDropped++;
  }
  return 0;
}

bool needChown(const Ctx& c, const Meta& m) { return m.uid != c.euid || m.gid != c.createdGid; }

/** chown result: 0, or errno when fatal. EPERM (not admin) drops ownership like cp -a does. */
int chownResult(Ctx& c, int rc) {
  if (rc == 0) return 0;
  if (errno == EPERM) {
    c.ownershipDropped++;
    return 0;
  }
  return errno;
}

/** Sparse-aware data copy: only the data ranges (SEEK_DATA / SEEK_HOLE), then the size. */
int copyData(Ctx& c, int sfd, int dfd, uint64_t size, Scratch& s) {
  off_t pos = 0;
  const off_t end = static_cast<off_t>(size);
  while (pos < end) {
    if (c.stopped()) return ECANCELED;
    off_t data = lseek(sfd, pos, SEEK_DATA);
    if (data < 0) {
      if (errno == ENXIO) break;  // only a hole is left
      if (errno != EINVAL && errno != ENOTSUP) return errno;
      data = pos;  // no SEEK_DATA here: copy everything
    }
    if (data >= end) break;
    off_t hole = lseek(sfd, data, SEEK_HOLE);
    if (hole < 0 || hole > end) hole = end;
    for (off_t o = data; o < hole;) {
      if (c.stopped()) return ECANCELED;
      size_t want = static_cast<size_t>(std::min<off_t>(static_cast<off_t>(s.data.size()), hole - o));
      ssize_t r = pread(sfd, s.data.data(), want, o);
      if (r < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      if (r == 0) break;  // shrank meanwhile
      for (ssize_t w = 0; w < r;) {
        ssize_t k = pwrite(dfd, s.data.data() + w, static_cast<size_t>(r - w), o + w);
        if (k < 0) {
          if (errno == EINTR) continue;
          return errno;
        }
        w += k;
      }
      o += r;
    }
    pos = hole;
  }
  return ftruncate(dfd, end) == 0 ? 0 : errno;
}

void fromStat(Meta& m, const struct stat& st) {
  m.mode = st.st_mode;
  m.uid = st.st_uid;
  m.gid = st.st_gid;
  m.size = static_cast<uint64_t>(st.st_size);
  m.blocks = static_cast<uint64_t>(st.st_blocks);
  m.atime = st.st_atim;
  m.mtime = st.st_mtim;
}

}  // namespace

bool isNoReflink(int err) {
  return err == EOPNOTSUPP || err == ENOTSUP || err == EXDEV || err == EINVAL || err == ENOTTY || err == ENOSYS;
}

int openDirBeneath(int root, const std::string& rel) {
  const char* p = rel.empty() ? "." : rel.c_str();
  const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  if (haveOpenat2.load(std::memory_order_relaxed)) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = flags | O_NOATIME;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
    long fd = syscall(SYS_openat2, root, p, &how, sizeof how);
    if (fd < 0 && errno == EPERM) {
      how.flags = flags;
      fd = syscall(SYS_openat2, root, p, &how, sizeof how);
    }
    if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
    haveOpenat2 = false;
  }
  int fd = openat(root, p, flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = openat(root, p, flags);
  return fd;
}

int statEntry(int dirFd, const char* name, Meta& m) {
  struct statx x;
  if (statx(dirFd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &x) != 0) return errno;
  m.mode = x.stx_mode;
  m.uid = x.stx_uid;
  m.gid = x.stx_gid;
  m.nlink = x.stx_nlink;
  m.size = x.stx_size;
  m.blocks = x.stx_blocks;
  m.ino = x.stx_ino;
  m.rdev = makedev(x.stx_rdev_major, x.stx_rdev_minor);
  m.devMajor = x.stx_dev_major;
  m.devMinor = x.stx_dev_minor;
  m.atime = {static_cast<time_t>(x.stx_atime.tv_sec), static_cast<long>(x.stx_atime.tv_nsec)};
  m.mtime = {static_cast<time_t>(x.stx_mtime.tv_sec), static_cast<long>(x.stx_mtime.tv_nsec)};
  m.mountRoot = (x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (x.stx_attributes & STATX_ATTR_MOUNT_ROOT);
  return 0;
}

OpResult openSource(int sdir, const char* name, Meta& m, Fd& sfd) {
  OpResult r;
  r.op = "open";
  sfd.reset(openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME));
  if (!sfd.ok() && errno == EPERM) sfd.reset(openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!sfd.ok()) return r.err = errno, r;
  struct stat st;
  if (fstat(sfd.get(), &st) != 0) return r.err = errno, r;
  if (!S_ISREG(st.st_mode)) return r.err = ESTALE, r.op = "changed", r;
  fromStat(m, st);
  return r;
}

std::string spaceShortfall(int dirFd, uint64_t need) {
  struct statvfs vfs;
  if (fstatvfs(dirFd, &vfs) != 0) return "";
  const uint64_t avail = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  return avail >= need ? "" : "need=" + std::to_string(need) + " free=" + std::to_string(avail);
}

OpResult createShared(Ctx& c, int sfd, int ddir, const char* dname, const Meta& m, Fd& dfd, bool& needCopy) {
  OpResult r;
  needCopy = false;
  r.op = "create";
  dfd.reset(openat(ddir, dname, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, m.mode & 0777));
  if (!dfd.ok()) return r.err = errno, r;
  if (m.size == 0) return r;
  if (!c.copyMode.load(std::memory_order_relaxed)) {
    r.op = "clone";
    if (ioctl(dfd.get(), FICLONE, sfd) == 0) return r.reflinked = true, r;
    int e = errno;
    if (c.opts.policy != Policy::Auto || !isNoReflink(e)) return r.err = e, r;
    bool expected = false;
    if (c.copyMode.compare_exchange_strong(expected, true)) {
      // `auto` falls back to copying only after a free-space check.
      c.fallbackErr = e;
      r.detail = spaceShortfall(ddir, c.allocTotal);
      if (!r.detail.empty()) return r.err = ENOSPC, r.op = "space", r;
    }
  }
  needCopy = true;
  return r;
}

OpResult copyAndFinish(Ctx& c, int sfd, int dfd, const Meta& m, Scratch& s, OpResult r, bool needCopy) {
  if (needCopy) {
    r.op = "copy";
    if ((r.err = copyData(c, sfd, dfd, m.size, s)) != 0) return r;
    // Copied data must reach the disk here: btrfs (and others) can fail writeback with ENOSPC/EIO after every
    // write() succeeded, and that error is only reported to an fsync on this file. Reflinks write no data.
    r.op = "sync";
    if (fdatasync(dfd) != 0) return r.err = errno, r;
    r.copied = true;
  }
  r.op = "xattr";
  XattrIo io;
  io.sfd = sfd;
  io.dfd = dfd;
  if ((r.err = copyXattrs(c, io, s)) != 0) return r;
  bool chowned = false;
  if (needChown(c, m)) {
    r.op = "chown";
    if ((r.err = chownResult(c, fchown(dfd, m.uid, m.gid))) != 0) return r;
    chowned = true;
  }
  const mode_t want = m.mode & 07777;
  if (!c.createModeExact || want != ((m.mode & 0777) & ~c.umask) || (chowned && (want & 06000))) {
    r.op = "chmod";
    if (fchmod(dfd, want) != 0) return r.err = errno, r;
  }
  r.op = "utimes";
  struct timespec ts[2] = {m.atime, m.mtime};
  if (futimens(dfd, ts) != 0) return r.err = errno, r;
  return r;
}

OpResult cloneRegular(Ctx& c, int sdir, const char* name, int ddir, const char* dname, Meta& m, Scratch& s) {
  Fd sfd, dfd;
  OpResult r = openSource(sdir, name, m, sfd);
  if (r.err) return r;
  bool needCopy = false;
  r = createShared(c, sfd.get(), ddir, dname, m, dfd, needCopy);
  if (r.err) return r;
  return copyAndFinish(c, sfd.get(), dfd.get(), m, s, r, needCopy);
}

OpResult copySymlink(Ctx& c, int sdir, const char* name, int ddir, const char* dname, const Meta& m, Scratch& s) {
  OpResult r;
  r.op = "readlink";
  std::vector<char> target(PATH_MAX + 2);
  ssize_t n = readlinkat(sdir, name, target.data(), target.size() - 1);
  if (n < 0) return r.err = errno, r;
  if (static_cast<size_t>(n) >= target.size() - 1) return r.err = ESTALE, r.op = "changed", r;
  target[static_cast<size_t>(n)] = '\0';
  r.op = "symlink";
  if (symlinkat(target.data(), ddir, dname) != 0) return r.err = errno, r;
  r.op = "xattr";
  XattrIo io;
  io.spath = procPath(sdir, name);
  io.dpath = procPath(ddir, dname);
  if ((r.err = copyXattrs(c, io, s)) != 0) return r;
  if (needChown(c, m)) {
    r.op = "chown";
    if ((r.err = chownResult(c, fchownat(ddir, dname, m.uid, m.gid, AT_SYMLINK_NOFOLLOW))) != 0) return r;
  }
  r.op = "utimes";
  struct timespec ts[2] = {m.atime, m.mtime};
  if (utimensat(ddir, dname, ts, AT_SYMLINK_NOFOLLOW) != 0) return r.err = errno, r;
  return r;
}

OpResult copySpecial(Ctx& c, int sdir, const char* name, int ddir, const char* dname, const Meta& m, Scratch& s) {
  OpResult r;
  r.op = "mknod";
  if (mknodat(ddir, dname, (m.mode & S_IFMT) | 0600, static_cast<dev_t>(m.rdev)) != 0) {
    if (errno == EPERM || errno == EACCES || errno == EOPNOTSUPP) return r.skipped = true, r;
    return r.err = errno, r;
  }
  r.op = "xattr";
  XattrIo io;
  io.spath = procPath(sdir, name);
  io.dpath = procPath(ddir, dname);
  if ((r.err = copyXattrs(c, io, s)) != 0) return r;
  if (needChown(c, m)) {
    r.op = "chown";
    if ((r.err = chownResult(c, fchownat(ddir, dname, m.uid, m.gid, AT_SYMLINK_NOFOLLOW))) != 0) return r;
  }
  r.op = "chmod";
  if (fchmodat(ddir, dname, m.mode & 07777, 0) != 0) return r.err = errno, r;
  r.op = "utimes";
  struct timespec ts[2] = {m.atime, m.mtime};
  if (utimensat(ddir, dname, ts, AT_SYMLINK_NOFOLLOW) != 0) return r.err = errno, r;
  return r;
}

mode_t dirCreateMode(const Ctx& c, mode_t mode) {
  const mode_t want = mode & 07777;
  return c.createModeExact && (want & 07000) == 0 && (want & 0700) == 0700 ? want : 0700;
}

OpResult applyDirMeta(Ctx& c, int sdir, int ddir, const Meta& m, Scratch& s, mode_t createdMode) {
  OpResult r;
  if (sdir >= 0) {
    r.op = "xattr";
    XattrIo io;
    io.sfd = sdir;
    io.dfd = ddir;
    if ((r.err = copyXattrs(c, io, s)) != 0) return r;
  }
  bool chowned = false;
  if (needChown(c, m)) {
    r.op = "chown";
    if ((r.err = chownResult(c, fchown(ddir, m.uid, m.gid))) != 0) return r;
    chowned = true;
  }
  const mode_t want = m.mode & 07777;
  // mkdir applied the umask; a chown may drop setuid/setgid: chmod only when the mode is not already right.
  if (createdMode == 0 || !c.createModeExact || want != (createdMode & ~c.umask & 07777) || (chowned && (want & 06000))) {
    r.op = "chmod";
    if (fchmod(ddir, want) != 0) return r.err = errno, r;
  }
  r.op = "utimes";
  struct timespec ts[2] = {m.atime, m.mtime};
  if (futimens(ddir, ts) != 0) return r.err = errno, r;
  return r;
}

}  // namespace cowshed
