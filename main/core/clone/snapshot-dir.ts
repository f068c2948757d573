import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { CowshedError } from '../../../shared/errors';
import { parseId, splitBtrfsId } from '../../../shared/ids';
import { type FsMount, joinPath, locateSource, mountTable } from './locate';

/** Where a snapshot's files can be read. */
export interface SnapshotDir {
  dir: string;
  label: string;
  mount: FsMount;
  /** A ZFS snapshot served through browseSnapshot (a temporary clone on zfs-fuse): its id, to release it. */
  browsed: string | null;
}

/** Resolves a ZFS snapshot to a readable path (the history engine's browseSnapshot). */
export type BrowseSnapshot = (snapshot: string) => Promise<{ path: string; temporary?: boolean }>;

const isSubvolRoot = (p: string) => {
  try {
    const st = lstatSync(p);
    return st.isDirectory() && st.ino === 256;
  } catch {
    return false;
  }
};

/**
 * The folder holding a snapshot's files: a path to a btrfs snapshot (a subvolume root) or to a ZFS
 * `.zfs/snapshot/<name>` folder; a btrfs id `btrfs:<mountpoint>:<path from the top level>` reachable
 * under that mount; or a ZFS snapshot id, through `browse` (zfs-fuse has no .zfs folder).
 */
export async function snapshotDirectory(snapshot: string, browse: BrowseSnapshot): Promise<SnapshotDir> {
  const id = parseId(snapshot);
  const table = mountTable();
  if (id.kind === 'path') {
    const s = locateSource(snapshot, 'Snapshot', table);
    if (!s.stat.isDirectory()) throw new CowshedError('INVALID_PATH', `${snapshot} is not a snapshot folder.`);
    if (s.mount.kind === 'btrfs' && s.stat.ino !== 256)
      throw new CowshedError('INVALID_PATH', `${snapshot} is not a btrfs snapshot (it is not a subvolume root).`);
    if (s.mount.kind === 'zfs' && !s.path.includes('/.zfs/snapshot/'))
      throw new CowshedError('INVALID_PATH', `${snapshot} is not a ZFS snapshot folder (.zfs/snapshot/<name>).`);
    if (s.mount.kind !== 'btrfs' && s.mount.kind !== 'zfs')
      throw new CowshedError('INVALID_PATH', `${snapshot} is on ${s.mount.fstype}, which has no snapshots.`);
    return { dir: s.path, label: s.path, mount: s.mount, browsed: null };
  }
  if (id.kind === 'btrfs') {
    const btrfs = table.filter((m) => m.kind === 'btrfs');
    const split = splitBtrfsId(id.rest, btrfs.map((m) => m.mountpoint));
    if (!split) throw new CowshedError('OUTSIDE_MOUNTS', `${snapshot} does not name a mounted btrfs filesystem.`);
    const sub = split.subvolPath.replace(/^\/+|\/+$/g, '');
    if (sub.split('/').some((c) => c === '.' || c === '..')) throw new CowshedError('INVALID_PATH', `${snapshot} contains a "." or ".." component.`);
    const mount = btrfs.find((m) => m.mountpoint === split.mountpoint)!;
    const root = mount.root.replace(/^\/+|\/+$/g, '');
    let dir: string | null = null;
    if (root === '') dir = sub ? joinPath(mount.mountpoint, sub) : mount.mountpoint;
    else if (sub === root) dir = mount.mountpoint;
    else if (sub.startsWith(root + '/')) dir = joinPath(mount.mountpoint, sub.slice(root.length + 1));
    if (!dir)
      throw new CowshedError('NOT_SUPPORTED', `${snapshot} is not reachable under ${mount.mountpoint} (it mounts ${mount.root}); mount the top level (subvolid=5) to restore from it.`);
    if (!isSubvolRoot(dir)) throw new CowshedError('NOT_FOUND', `There is no snapshot at ${dir}.`);
    return { dir, label: snapshot, mount, browsed: null };
  }
  const name = id.kind === 'zfs' ? id.name : id.text;
  if (!name.includes('@')) throw new CowshedError('INVALID_NAME', `${snapshot} is not a snapshot (expected pool/dataset@snapshot).`);
  let path: string;
  let temporary = false;
  try {
    ({ path, temporary = false } = await browse(`zfs:${name}`));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const code = e instanceof CowshedError ? e.code : 'INTERNAL';
    if (code === 'NOT_SUPPORTED')
      throw new CowshedError('NOT_SUPPORTED', `The files of ZFS snapshot ${name} cannot be read here (zfs-fuse has no .zfs folder and browsing is not available): ${msg}`);
    throw e;
  }
  const s = locateSource(path, 'Snapshot', table);
  return { dir: s.path, label: name, mount: s.mount, browsed: temporary ? `zfs:${name}` : null };
}

/** The root of the live volume holding `path`: the nearest btrfs subvolume root above it, or the ZFS mountpoint. */
export function liveVolumeRoot(path: string, mount: FsMount): string {
  if (mount.kind === 'zfs') return mount.mountpoint;
  if (mount.kind !== 'btrfs') throw new CowshedError('NOT_SUPPORTED', `${path} is on ${mount.fstype}, which has no snapshots to restore from.`);
  let d = dirname(path);
  for (;;) {
    if (isSubvolRoot(d) || d === mount.mountpoint || d === '/') return d;
    d = dirname(d);
  }
}
