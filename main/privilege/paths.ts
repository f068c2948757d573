import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import type { FsKind } from '../../shared/domain';
import { CowshedError } from '../../shared/errors';
import { assertValid, checkAbsolutePath, checkFileName } from '../../shared/validate';
import { fsKind } from '../core/probe/capabilities';
import { mountForPath, type MountInfo } from '../core/probe/mountinfo';

/**
 * Helper-side path checks. Every path must be absolute and canonical (no symlink anywhere in it, so what was
 * checked is what the tool opens), and lie on a mount of the right filesystem, read from the helper's own
 * /proc/self/mountinfo.
 */

/** Directories no helper verb may mount over or create in. */
const SYSTEM = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/sbin', '/sys', '/usr', '/var/lib', '/root'];
/** Where temporary mounts made through the helper may live. */
export const MOUNT_AREAS = ['/tmp', '/var/tmp', '/run', '/mnt', '/media'];

const under = (p: string, dir: string) => p === dir || p.startsWith(dir + '/');

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The path exists and is canonical: realpath gives it back unchanged. */
export function requireCanonical(p: string, what = 'Path'): void {
  assertValid(checkAbsolutePath(p, what));
  let real: string;
  try {
    real = realpathSync(p);
  } catch {
    throw new CowshedError('PATH_NOT_FOUND', `${what} ${p} does not exist.`);
  }
  if (real !== p) throw new CowshedError('INVALID_PATH', `${what} ${p} is not canonical (it goes through a symlink to ${real}); give the real path.`);
}

/** The mount a canonical path lies on must be one of `kinds`. */
export function requireOnFs(p: string, kinds: readonly FsKind[], mounts: MountInfo[], what = 'Path'): MountInfo {
  const m = mountForPath(mounts, p);
  if (!m || !kinds.includes(fsKind(m.fstype)))
    throw new CowshedError('OUTSIDE_MOUNTS', `${what} ${p} is not on a mounted ${kinds.join(' or ')} filesystem.`);
  return m;
}

/** An existing canonical path on a filesystem of `kinds`. */
export function requireExistingOn(p: string, kinds: readonly FsKind[], mounts: MountInfo[], what = 'Path'): MountInfo {
  requireCanonical(p, what);
  return requireOnFs(p, kinds, mounts, what);
}

/** A path that does not exist yet, whose parent is a canonical folder on a filesystem of `kinds`. */
export function requireNewOn(p: string, kinds: readonly FsKind[], mounts: MountInfo[], what = 'Path'): MountInfo {
  assertValid(checkAbsolutePath(p, what));
  const slash = p.lastIndexOf('/');
  const parent = slash <= 0 ? '/' : p.slice(0, slash);
  assertValid(checkFileName(p.slice(slash + 1), what));
  if (exists(p)) throw new CowshedError('EXISTS', `${what} ${p} already exists.`);
  requireCanonical(parent, `The folder of ${what.toLowerCase()}`);
  return requireOnFs(parent, kinds, mounts, what);
}

/** Either an existing canonical folder, or a new path, on a filesystem of `kinds` (snapshot / receive targets). */
export function requireDestOn(p: string, kinds: readonly FsKind[], mounts: MountInfo[], what = 'Destination'): MountInfo {
  assertValid(checkAbsolutePath(p, what));
  return exists(p) ? requireExistingOn(p, kinds, mounts, what) : requireNewOn(p, kinds, mounts, what);
}

/** Not a system directory (nothing is mounted over or created in /etc, /usr, …). */
export function requireNotSystem(p: string, what = 'Path'): void {
  if (p === '/' || SYSTEM.some((d) => under(p, d))) throw new CowshedError('INVALID_PATH', `${what} ${p} is a system directory.`);
}

/** An empty, canonical folder under one of the temporary mount areas, not itself a mountpoint. */
export function requireMountTarget(p: string, mounts: MountInfo[]): void {
  requireCanonical(p, 'Mount target');
  requireNotSystem(p, 'Mount target');
  if (!MOUNT_AREAS.some((d) => p.startsWith(d + '/')))
    throw new CowshedError('INVALID_PATH', `Mount target ${p} must be under ${MOUNT_AREAS.join(', ')}.`);
  if (mounts.some((m) => m.mountpoint === p)) throw new CowshedError('BUSY', `Something is already mounted on ${p}.`);
  let entries: string[];
  try {
    entries = readdirSync(p);
  } catch {
    throw new CowshedError('INVALID_PATH', `Mount target ${p} is not a folder.`);
  }
  if (entries.length) throw new CowshedError('INVALID_PATH', `Mount target ${p} is not empty.`);
}
