import { lstatSync, realpathSync } from 'node:fs';
import type { Mount } from '../../shared/domain';
import { CowshedError } from '../../shared/errors';
import { parseId, splitBtrfsId } from '../../shared/ids';
import { assertValid, checkAbsolutePath, checkZfsDataset, checkZfsSnapshot } from '../../shared/validate';
import type { CoreContext } from './context';
import { mountForPath } from './probe/mountinfo';

/** A target string resolved against the mount table. */
export type ResolvedTarget =
  | { kind: 'btrfs'; mount: Mount; /** path from the top level, when given as an id */ subvolPath: string | null; /** absolute path, when given as a path */ path: string | null }
  | { kind: 'zfs'; name: string; mount: Mount | null; path: string | null }
  | { kind: 'xfs' | 'ext4' | 'other'; mount: Mount; path: string };

/** Check a user path: valid, existing (lstat), and inside a known mount. Returns the canonical path and mount. */
export async function resolvePath(ctx: CoreContext, p: string, what = 'Path'): Promise<{ path: string; mount: Mount }> {
  assertValid(checkAbsolutePath(p, what));
  try {
    lstatSync(p);
  } catch {
    throw new CowshedError('PATH_NOT_FOUND', `${what} ${p} does not exist.`);
  }
  // Resolve symlinks in the parent chain only; the last component stays as given (it may be a symlink itself).
  const slash = p.lastIndexOf('/');
  const parent = slash <= 0 ? '/' : p.slice(0, slash);
  const base = p.slice(slash + 1);
  const realParent = realpathSync(parent);
  const canonical = base ? (realParent === '/' ? '/' + base : realParent + '/' + base) : realParent;
  const { mounts, raw } = await ctx.probe();
  const mount = mountForPath(mounts, canonical);
  // The mount that really holds the path: when it is one the probe left out (proc, sysfs, tmpfs…), the nearest
  // managed mount above it does not hold the path.
  const holder = mountForPath(raw ?? [], canonical);
  if (!mount || (holder && holder.mountpoint !== mount.mountpoint))
    throw new CowshedError('OUTSIDE_MOUNTS', `${p} is not on a filesystem Cowshed manages.`);
  return { path: canonical, mount };
}

/**
 * Resolve a CLI / contract target: an absolute path inside a mount, `btrfs:<mountpoint>:<subvol path>`,
 * `zfs:<name>`, or a bare ZFS name (`pool/ds@snap`).
 */
export async function resolveTarget(ctx: CoreContext, target: string): Promise<ResolvedTarget> {
  const id = parseId(target);
  switch (id.kind) {
    case 'path': {
      const { path, mount } = await resolvePath(ctx, target, 'Target');
      if (mount.kind === 'btrfs') return { kind: 'btrfs', mount, subvolPath: null, path };
      if (mount.kind === 'zfs') return { kind: 'zfs', name: mount.source, mount, path };
      return { kind: mount.kind, mount, path };
    }
    case 'btrfs': {
      const { mounts } = await ctx.probe();
      const btrfs = mounts.filter((m) => m.kind === 'btrfs');
      const split = splitBtrfsId(id.rest, btrfs.map((m) => m.mountpoint));
      if (!split) throw new CowshedError('OUTSIDE_MOUNTS', `${target} does not name a mounted btrfs filesystem.`);
      if (split.subvolPath.split('/').some((c) => c === '..' || c === '.'))
        throw new CowshedError('INVALID_PATH', `${target} contains a "." or ".." component.`);
      assertValid(checkAbsolutePath(`${split.mountpoint}/${split.subvolPath}`, 'Target'));
      return { kind: 'btrfs', mount: btrfs.find((m) => m.mountpoint === split.mountpoint)!, subvolPath: split.subvolPath.replace(/^\/+|\/+$/g, ''), path: null };
    }
    case 'zfs':
    case 'bare': {
      const name = id.kind === 'zfs' ? id.name : id.text;
      assertValid(name.includes('@') ? checkZfsSnapshot(name) : checkZfsDataset(name));
      const { mounts } = await ctx.probe();
      const ds = name.split('@')[0]!;
      const mount = mounts.find((m) => m.kind === 'zfs' && m.source === ds) ?? null;
      return { kind: 'zfs', name, mount, path: null };
    }
  }
}
