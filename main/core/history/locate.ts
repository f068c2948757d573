import { lstatSync } from 'node:fs';
import type { Mount } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import { assertValid, checkAbsolutePath } from '../../../shared/validate';
import type { CoreContext } from '../context';
import { resolvePath } from '../resolve';

/**
 * Where a path lives: which snapshot-capable volume (btrfs subvolume, ZFS dataset), the volume's root folder,
 * and the path inside it, which is the same path inside each of the volume's snapshots.
 */
export interface Located {
  fs: 'btrfs' | 'zfs';
  mount: Mount;
  /** Absolute path of the volume's root folder. */
  root: string;
  /** Path inside the volume without a leading slash ('' for the root itself). */
  rel: string;
  /** The canonical absolute path asked about. */
  path: string;
  /** What to ask the volume handlers for the snapshot list. */
  volumeTarget: string;
  /** The path exists live. */
  exists: boolean;
}

/** btrfs gives every subvolume's root folder inode 256 (BTRFS_FIRST_FREE_OBJECTID). */
export const BTRFS_SUBVOL_ROOT_INO = 256;

/** Refuse a mount that has no snapshots, with the same wording as the volume handlers. */
export function requireSnapshotFs(mount: Mount, path: string): 'btrfs' | 'zfs' {
  if (mount.kind === 'btrfs' || mount.kind === 'zfs') return mount.kind;
  if (mount.kind === 'xfs')
    throw new CowshedError('NOT_SUPPORTED', `${path} is on XFS, which has no snapshots: there are no older versions to look at.`);
  throw new CowshedError('OUTSIDE_MOUNTS', `${path} is on ${mount.fstype}, which has no snapshots Cowshed can manage.`);
}

/** The btrfs subvolume root holding `dir` (an existing folder): the nearest ancestor with inode 256. */
export function btrfsSubvolRoot(dir: string, mountpoint: string): string {
  let cur = dir;
  for (;;) {
    const st = lstatSync(cur);
    if (st.isDirectory() && st.ino === BTRFS_SUBVOL_ROOT_INO) return cur;
    if (cur === mountpoint || cur === '/') return cur;
    const slash = cur.lastIndexOf('/');
    cur = slash <= 0 ? '/' : cur.slice(0, slash);
  }
}

/**
 * Locate a path. With `allowMissing` (finding deleted files) the path may be gone: the deepest existing
 * ancestor decides the volume.
 */
export async function locate(ctx: CoreContext, path: string, opts: { allowMissing?: boolean } = {}): Promise<Located> {
  assertValid(checkAbsolutePath(path, 'Path'));
  const parts = path.replace(/\/+$/, '').split('/');
  let existing = path.replace(/\/+$/, '') || '/';
  let missing: string[] = [];
  if (opts.allowMissing) {
    for (let i = parts.length; i > 0; i--) {
      const p = parts.slice(0, i).join('/') || '/';
      try {
        lstatSync(p);
        existing = p;
        missing = parts.slice(i);
        break;
      } catch {
        /* keep climbing */
      }
    }
  }
  const { path: canonical, mount } = await resolvePath(ctx, existing, 'Path');
  const fs = requireSnapshotFs(mount, path);
  const full = missing.length ? (canonical === '/' ? '' : canonical) + '/' + missing.join('/') : canonical;
  let root: string;
  let volumeTarget: string;
  if (fs === 'btrfs') {
    const st = lstatSync(canonical);
    const dir = st.isDirectory() ? canonical : canonical.slice(0, canonical.lastIndexOf('/')) || '/';
    root = btrfsSubvolRoot(dir, mount.mountpoint);
    volumeTarget = root;
  } else {
    root = mount.mountpoint;
    volumeTarget = `zfs:${mount.source}`;
  }
  const rel = full === root ? '' : full.slice(root === '/' ? 1 : root.length + 1);
  return { fs, mount, root, rel, path: full, volumeTarget, exists: missing.length === 0 };
}
