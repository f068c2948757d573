import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { FsKind } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import { assertValid, checkAbsolutePath } from '../../../shared/validate';
import { fsKind } from '../probe/capabilities';
import { mountForPath, readMountinfo } from '../probe/mountinfo';
import { isInteresting } from '../probe/probe';

/**
 * Where a path lives, read straight from /proc/self/mountinfo: a clone must not wait for the full probe
 * (tool versions, FICLONE trials on every mount) before it starts.
 */
export interface FsMount {
  mountpoint: string;
  fstype: string;
  kind: FsKind;
  source: string;
  /** "major:minor" of the superblock: equal means the same filesystem (btrfs subvolumes included). */
  device: string;
  /** Subvolume / dataset root inside the filesystem. */
  root: string;
  readonly: boolean;
}

/** The managed mounts (pseudo filesystems left out; a later mount hides an earlier one on the same path). */
export function mountTable(): FsMount[] {
  const byMp = new Map<string, FsMount>();
  for (const m of readMountinfo()) {
    if (!isInteresting(m)) {
      byMp.delete(m.mountpoint);
      continue;
    }
    byMp.set(m.mountpoint, {
      mountpoint: m.mountpoint,
      fstype: m.fstype,
      kind: fsKind(m.fstype),
      source: m.source,
      device: m.device,
      root: m.root,
      readonly: m.options.includes('ro') || m.superOptions.includes('ro'),
    });
  }
  return [...byMp.values()];
}

/** True when two mounts are one filesystem (reflinks can share blocks between them). */
export function sameFilesystem(a: FsMount, b: FsMount): boolean {
  if (a.kind === 'zfs' && b.kind === 'zfs') return a.source.split('/')[0] === b.source.split('/')[0];
  return a.device === b.device && a.fstype === b.fstype;
}

/** Join a folder and a name without doubling the slash at "/". */
export const joinPath = (dir: string, name: string): string => (dir === '/' ? '/' + name : dir + '/' + name);

function canonical(p: string): string {
  const parent = dirname(p);
  const base = basename(p);
  let real: string;
  try {
    real = realpathSync(parent);
  } catch {
    throw new CowshedError('PATH_NOT_FOUND', `The folder ${parent} does not exist.`);
  }
  return base ? joinPath(real, base) : real;
}

function mountOrThrow(path: string, table: FsMount[]): FsMount {
  const m = mountForPath(table, path);
  if (!m) throw new CowshedError('OUTSIDE_MOUNTS', `${path} is not on a filesystem Cowshed manages.`);
  return m;
}

/** A source to clone: valid, existing (not followed if a symlink) and on a managed mount. */
export function locateSource(p: string, what = 'Source', table = mountTable()): { path: string; stat: Stats; mount: FsMount } {
  assertValid(checkAbsolutePath(p, what));
  const path = canonical(p);
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    throw new CowshedError('PATH_NOT_FOUND', `${what} ${p} does not exist.`);
  }
  return { path, stat, mount: mountOrThrow(path, table) };
}

/**
 * A destination: its folder must exist and be writable in principle (not a read-only mount), and it must not
 * be the source or inside it. `existing` is its lstat when something is already there.
 */
export function locateDestination(
  p: string,
  source: { path: string; stat: Stats } | null,
  table = mountTable(),
): { path: string; mount: FsMount; existing: Stats | null } {
  assertValid(checkAbsolutePath(p, 'Destination'));
  if (p === '/') throw new CowshedError('INVALID_PATH', 'The destination cannot be "/".');
  const path = canonical(p.replace(/\/+$/, ''));
  const folder = dirname(path);
  let fst: Stats;
  try {
    fst = statSync(folder);
  } catch {
    throw new CowshedError('PATH_NOT_FOUND', `The destination folder ${folder} does not exist.`);
  }
  if (!fst.isDirectory()) throw new CowshedError('INVALID_PATH', `${folder} is not a folder.`);
  if (source && (path === source.path || (source.stat.isDirectory() && path.startsWith(source.path === '/' ? '/' : source.path + '/'))))
    throw new CowshedError('INVALID_PATH', `The destination ${path} is inside the source ${source.path}: a folder cannot be cloned into itself.`);
  const mount = mountOrThrow(path, table);
  if (mount.readonly) throw new CowshedError('INVALID_PATH', `The destination ${path} is on a read-only mount (${mount.mountpoint}); choose a writable place.`);
  let existing: Stats | null = null;
  try {
    existing = lstatSync(path);
  } catch {
    existing = null;
  }
  return { path, mount, existing };
}
