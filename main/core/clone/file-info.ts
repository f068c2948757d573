import { lstatSync, type Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileInfo } from '../../../shared/contract/clone';
import { btrfsId, zfsId } from '../../../shared/ids';
import { extentSummary } from './fiemap';
import { type FsMount, locateSource } from './locate';
import { nativeAddon } from './native';

/** Folders are summed file by file; past this many files the shared / exclusive split is left unknown. */
const MAX_FILES = 200_000;

/** The btrfs subvolume (from the top level) or ZFS dataset id holding a path. */
export function volumeIdOf(path: string, mount: FsMount): string | null {
  if (mount.kind === 'zfs') return zfsId(mount.source);
  if (mount.kind !== 'btrfs') return null;
  let d = path;
  for (;;) {
    let st: Stats | null = null;
    try {
      st = lstatSync(d);
    } catch {
      st = null;
    }
    if ((st?.isDirectory() && st.ino === 256) || d === mount.mountpoint || d === '/') break;
    d = dirname(d);
  }
  const fromMount = d === mount.mountpoint ? '' : d.slice(mount.mountpoint === '/' ? 1 : mount.mountpoint.length + 1);
  const root = mount.root.replace(/^\/+|\/+$/g, '');
  return btrfsId(mount.mountpoint, [root, fromMount].filter(Boolean).join('/'));
}

interface Sums {
  size: number;
  allocated: number;
  shared: number | null;
  total: number | null;
  files: number;
}

async function sumFile(path: string, st: Stats, s: Sums): Promise<void> {
  s.size += st.size;
  s.allocated += st.blocks * 512;
  s.files++;
  if (s.shared === null || s.total === null) return;
  try {
    const e = await extentSummary(path);
    s.shared += e.sharedBytes;
    s.total += e.totalBytes;
  } catch {
    s.shared = s.total = null; // no FIEMAP here (zfs-fuse): unknown
  }
}

async function sumTree(dir: string, dev: number, s: Sums): Promise<void> {
  for (const n of await readdir(dir).catch(() => [] as string[])) {
    const p = join(dir, n);
    const st = await lstat(p).catch(() => null);
    if (!st) continue;
    if (st.isDirectory()) {
      if (st.dev === dev) await sumTree(p, dev, s);
    } else if (st.isFile()) {
      if (s.files >= MAX_FILES || (!nativeAddon() && s.files >= 2000)) s.shared = s.total = null;
      await sumFile(p, st, s);
    }
  }
}

/** Size, allocation and shared / exclusive bytes (FIEMAP) of a file, or summed over a folder. */
export async function fileInfo(path: string): Promise<FileInfo> {
  const { path: p, stat: st, mount } = locateSource(path, 'Path');
  const s: Sums = { size: 0, allocated: 0, shared: 0, total: 0, files: 0 };
  if (st.isFile()) await sumFile(p, st, s);
  else if (st.isDirectory()) await sumTree(p, st.dev, s);
  else Object.assign(s, { size: st.size, allocated: st.blocks * 512, shared: null, total: null });
  const type: FileInfo['type'] = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
  return {
    path: p,
    type,
    size: s.size,
    allocated: s.allocated,
    sharedBytes: s.shared,
    exclusiveBytes: s.shared === null || s.total === null ? null : s.total - s.shared,
    mtime: st.mtime.toISOString(),
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    ino: st.ino,
    nlink: st.nlink,
    mountpoint: mount.mountpoint,
    fstype: mount.fstype,
    volumeId: volumeIdOf(p, mount),
  };
}
