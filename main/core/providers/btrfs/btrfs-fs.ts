/**
 * One mounted btrfs filesystem as the provider sees it: its mounts, the canonical mount every id is written
 * against, and where each subvolume can be reached through the mounts right now. No subprocesses here: the
 * mount table, sysfs and lstat say all of it.
 */
import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Mount } from '../../../../shared/domain';
import { btrfsId } from '../../../../shared/ids';
import type { CoreContext } from '../../context';
import type { MountInfo } from '../../probe/mountinfo';
import { byCodeUnit } from '../../../../shared/order';

/** A btrfs filesystem: every mount of it, and the one ids and listings go through. */
export interface BtrfsFs {
  /** Filesystem uuid (from sysfs), or "dev:<major:minor>" when sysfs does not say. */
  fsUuid: string;
  /** Ids are `btrfs:<canonical.mountpoint>:<path from the top level>`: the top-level mount when there is one. */
  canonical: Mount;
  /** Every mount of this filesystem (same device number). */
  mounts: Mount[];
  /** The whole mount table (pseudo filesystems too): to see shadowed paths and mounts inside subvolumes. */
  raw: MountInfo[];
  /** `btrfsId(canonical.mountpoint, "")`: every id of this filesystem starts so (one concatenation per id). */
  idPrefix: string;
}

/** A mount's root as a path from the top level, without slashes around it ("" for the top level). */
export const mountRoot = (m: { root: string }): string => m.root.replace(/^\/+|\/+$/g, '');

/** Join two paths from the top level ("" is the top level). */
export const joinFull = (a: string, b: string): string => (a && b ? `${a}/${b}` : a || b);

/** Join an absolute directory and a relative path. */
export const joinAbs = (dir: string, rel: string): string => (!rel ? dir : dir === '/' ? `/${rel}` : `${dir}/${rel}`);

/** The last component of a full path, "<top level>" for the top level. */
export const subvolName = (fullPath: string): string => (fullPath === '' ? '<top level>' : fullPath.slice(fullPath.lastIndexOf('/') + 1));

/** Whether `inner` is `outer` or below it (full paths from the top level; "" contains everything). */
export const within = (inner: string, outer: string): boolean => outer === '' || inner === outer || inner.startsWith(outer + '/');

/** The filesystem uuid of a mounted btrfs device, from /sys/fs/btrfs/<uuid>/devices/<dev>. */
export function fsUuidOf(m: Mount): string {
  try {
    const dev = basename(realpathSync(m.source));
    for (const uuid of readdirSync('/sys/fs/btrfs')) if (existsSync(`/sys/fs/btrfs/${uuid}/devices/${dev}`)) return uuid;
  } catch {
    /* no sysfs or no such device: fall through */
  }
  return `dev:${m.device}`;
}

/** Order mounts so that the top-level mount (or the one with the shortest root) comes first. */
function byCanonical(a: Mount, b: Mount): number {
  return mountRoot(a).length - mountRoot(b).length || a.mountpoint.length - b.mountpoint.length || byCodeUnit(a.mountpoint, b.mountpoint);
}

/** The filesystem a btrfs mount belongs to, from the (cached) probe. */
export async function btrfsFs(ctx: CoreContext, mount: Mount): Promise<BtrfsFs> {
  const p = await ctx.probe();
  const mounts = p.mounts.filter((m) => m.kind === 'btrfs' && m.device === mount.device).sort(byCanonical);
  if (!mounts.some((m) => m.mountpoint === mount.mountpoint)) mounts.push(mount);
  return { fsUuid: fsUuidOf(mount), canonical: mounts[0]!, mounts, raw: p.raw, idPrefix: btrfsId(mounts[0]!.mountpoint, '') };
}

/** The Cowshed id of a subvolume of this filesystem (`btrfsId` of the canonical mount). */
export const subvolId = (fs: BtrfsFs, fullPath: string): string => fs.idPrefix + fullPath;

/**
 * Where the subvolume at `fullPath` can be reached right now: through a mount whose root contains it and
 * where no other mount hides the path. `prefer` is tried first (the mount the user named). Null when none.
 */
export function reachable(fs: BtrfsFs, fullPath: string, prefer?: Mount): string | null {
  return reacher(fs, prefer)(fullPath);
}

/** `reachable` for many paths of one filesystem: the mounts' roots and what hides parts of them, worked out once. */
export function reacher(fs: BtrfsFs, prefer?: Mount): (fullPath: string) => string | null {
  const order = prefer ? [prefer, ...fs.mounts.filter((m) => m !== prefer)] : fs.mounts;
  const plan = order.map((m) => ({ root: rootOf(m), mountpoint: m.mountpoint, dir: m.mountpoint === '/' ? '/' : `${m.mountpoint}/`, below: mountsBelow(fs, m) }));
  return (fullPath) => {
    // An index loop: this runs once per snapshot listed, mostly interpreted, where for-of makes an object per step.
    for (let k = 0; k < plan.length; k++) {
      const { root, mountpoint, dir, below } = plan[k]!;
      if (!within(fullPath, root)) continue;
      const rel = root === '' ? fullPath : fullPath.slice(root.length + 1);
      const p = rel ? dir + rel : mountpoint; // joinAbs(mountpoint, rel), one concatenation per path
      if (rel && below.length > 0 && below.some((x) => p === x || p.startsWith(x + '/'))) continue; // something else is mounted over it
      return p;
    }
    return null;
  };
}

const roots = new WeakMap<Mount, string>();
/** `mountRoot`, memoised per mount (reachable() runs once per snapshot). */
function rootOf(m: Mount): string {
  let r = roots.get(m);
  if (r === undefined) roots.set(m, (r = mountRoot(m)));
  return r;
}

const below = new WeakMap<BtrfsFs, Map<string, string[]>>();
/** Mountpoints strictly inside a mount (which may hide parts of it), computed once per filesystem view. */
function mountsBelow(fs: BtrfsFs, m: Mount): string[] {
  let byMount = below.get(fs);
  if (!byMount) below.set(fs, (byMount = new Map()));
  let list = byMount.get(m.mountpoint);
  if (!list) {
    const prefix = m.mountpoint === '/' ? '/' : m.mountpoint + '/';
    byMount.set(m.mountpoint, (list = [...new Set(fs.raw.map((x) => x.mountpoint).filter((x) => x.startsWith(prefix)))]));
  }
  return list;
}

/** Where a filesystem path lies: its own full path, and the subvolume root it is in (by walking up to inode 256). */
export interface PathLocation {
  /** Full path (from the top level) of the given path itself. */
  location: string;
  /** Full path of the subvolume it is in; null when the mount's root is a plain folder (a bind mount). */
  subvolume: string | null;
  /** True when the given path is the subvolume's root directory. */
  isRoot: boolean;
}

/** Full path from the top level of an absolute path inside `mount`. */
export function fullPathOf(mount: Mount, abs: string): string {
  const mp = mount.mountpoint;
  const rel = abs === mp ? '' : abs.slice(mp === '/' ? 1 : mp.length + 1);
  return joinFull(mountRoot(mount), rel);
}

/** Locate a (canonical, existing) absolute path inside a btrfs mount. Every subvolume root is inode 256. */
export function locatePath(mount: Mount, abs: string): PathLocation {
  const location = fullPathOf(mount, abs);
  let p = abs;
  for (;;) {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory() && st.ino === 256) {
      const subvolume = fullPathOf(mount, p);
      return { location, subvolume, isRoot: p === abs };
    }
    if (p === mount.mountpoint || p === '/') return { location, subvolume: null, isRoot: false };
    p = dirname(p);
  }
}

/** True when `abs` is an existing directory that is a subvolume root. */
export function isSubvolumeRoot(abs: string): boolean {
  const st = lstatSync(abs, { throwIfNoEntry: false });
  return Boolean(st?.isDirectory() && st.ino === 256);
}

/** Mounts that pin the given subvolumes: mounts of them (or of folders inside them), and mounts inside their paths. */
export function pinningMounts(fs: BtrfsFs, subvols: readonly { id: number; path: string }[], reachPaths: readonly string[]): { mountpoint: string; subvolPath: string | null; why: string }[] {
  const out: { mountpoint: string; subvolPath: string | null; why: string }[] = [];
  const dev = fs.canonical.device;
  for (const m of fs.raw) {
    if (m.fstype === 'btrfs' && m.device === dev) {
      const idOpt = m.superOptions.find((o) => o.startsWith('subvolid='));
      const root = mountRoot(m);
      const hit = subvols.find((s) => s.path !== '' && ((idOpt && Number(idOpt.slice(9)) === s.id) || within(root, s.path)));
      if (hit) {
        out.push({ mountpoint: m.mountpoint, subvolPath: hit.path, why: `${hit.path} is mounted at ${m.mountpoint}` });
        continue;
      }
    }
    const inside = reachPaths.find((r) => m.mountpoint.startsWith(r === '/' ? '/' : r + '/') && m.mountpoint !== r);
    if (inside) out.push({ mountpoint: m.mountpoint, subvolPath: null, why: `${m.mountpoint} (${m.fstype}) is mounted inside ${inside}` });
  }
  return out;
}
