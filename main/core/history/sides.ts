import { lstatSync } from 'node:fs';
import type { Mount } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import { btrfsId, zfsId } from '../../../shared/ids';
import type { CoreContext } from '../context';
import { run } from '../exec/run';
import { classifyBtrfs } from '../providers/btrfs/errors';
import { parseShow, type ShowInfo } from '../providers/btrfs/show-format';
import { featuresOf, zfsRead } from '../providers/zfs/exec';
import { resolveTarget } from '../resolve';
import { BTRFS_SUBVOL_ROOT_INO, requireSnapshotFs } from './locate';

/**
 * One side of a comparison or a snapshot to browse: a btrfs subvolume (snapshot or live) by its path, or a
 * ZFS dataset / snapshot by name. Checked to exist, so a snapshot destroyed meanwhile is a NOT_FOUND here.
 */
export type Side = (
  | { fs: 'btrfs'; id: string; label: string; path: string; mount: Mount; info: ShowInfo }
  | {
      fs: 'zfs';
      id: string;
      label: string;
      dataset: string;
      /** Short snapshot name, null for the live dataset. */
      snapshot: string | null;
      mount: Mount | null;
      openzfs: boolean;
    }
) & {
  /** When a snapshot was taken (epoch seconds); null for live volumes. */
  created: number | null;
};

/** A btrfs id's path from the top level → an absolute path through this mount, or null when it is not below the mount's root. */
export function pathThroughMount(mount: Mount, subvolPath: string): string | null {
  const root = mount.root.replace(/^\/+|\/+$/g, '');
  const sub = subvolPath.replace(/^\/+|\/+$/g, '');
  const mp = mount.mountpoint === '/' ? '' : mount.mountpoint;
  if (root === '') return sub ? `${mp}/${sub}` : mount.mountpoint;
  if (sub === root) return mount.mountpoint;
  if (sub.startsWith(root + '/')) return `${mp}/${sub.slice(root.length + 1)}`;
  return null;
}

/** `btrfs subvolume show` of a subvolume root folder. */
export async function btrfsShow(path: string): Promise<ShowInfo> {
  const r = await run('btrfs', ['subvolume', 'show', path], { classify: classifyBtrfs, timeoutMs: 60_000 });
  return parseShow(r.stdout);
}

/** Resolve a target naming a snapshot or a live volume. */
export async function resolveSide(ctx: CoreContext, target: string): Promise<Side> {
  const t = await resolveTarget(ctx, target);
  if (t.kind === 'btrfs') {
    let path = t.path;
    if (path === null) {
      path = pathThroughMount(t.mount, t.subvolPath ?? '');
      if (path === null) throw new CowshedError('NOT_FOUND', `${target} cannot be reached through the mounted part of the filesystem.`);
    }
    let st;
    try {
      st = lstatSync(path);
    } catch {
      throw new CowshedError('NOT_FOUND', `${target} does not exist (was it deleted?).`);
    }
    if (!st.isDirectory() || st.ino !== BTRFS_SUBVOL_ROOT_INO)
      throw new CowshedError('INVALID_PATH', `${path} is a folder inside a subvolume, not a snapshot or subvolume.`);
    const info = await btrfsShow(path);
    const mp = t.mount.mountpoint;
    const snapshot = info.readonly || info.parentUuid !== null;
    const created = snapshot && info.otime ? Math.floor(Date.parse(info.otime) / 1000) : null;
    return { fs: 'btrfs', id: btrfsId(mp, info.path === '/' ? '' : info.path.replace(/^\/+/, '')), label: path, path, mount: t.mount, info, created };
  }
  if (t.kind === 'zfs') {
    // A path resolves to its dataset; only the dataset's root folder names the dataset itself.
    if (t.path !== null && t.mount && t.path !== t.mount.mountpoint)
      throw new CowshedError('INVALID_PATH', `${t.path} is a folder inside ${t.name}, not a dataset or snapshot.`);
    const f = await featuresOf(ctx);
    let creation: number | null = null;
    try {
      const r = await zfsRead(['get', '-H', '-p', '-o', 'value', 'creation', t.name]);
      creation = /^\d+$/.test(r.stdout.trim()) ? Number(r.stdout.trim()) : null;
    } catch (e) {
      if (e instanceof CowshedError && (e.code === 'NOT_FOUND' || /does not exist/.test(e.command?.stderr ?? '')))
        throw new CowshedError('NOT_FOUND', `${t.name} does not exist (was it destroyed?).`);
      throw e;
    }
    const [dataset, snapshot] = t.name.split('@') as [string, string | undefined];
    const { mounts } = await ctx.probe();
    const mount = t.mount ?? mounts.find((m) => m.kind === 'zfs' && m.source === dataset) ?? null;
    const created = snapshot ? creation : null;
    return { fs: 'zfs', id: zfsId(t.name), label: t.name, dataset, snapshot: snapshot ?? null, mount, openzfs: f.flavor === 'openzfs', created };
  }
  requireSnapshotFs(t.mount, t.path);
  throw new CowshedError('NOT_SUPPORTED', `${target} has no snapshots.`);
}

/** Whether two btrfs subvolumes are the same volume's history: siblings, or a snapshot and its source. */
export function btrfsRelated(a: ShowInfo, b: ShowInfo): boolean {
  if (a.uuid && a.uuid === b.uuid) return true;
  if (a.parentUuid && a.parentUuid === b.parentUuid) return true;
  return (a.parentUuid !== null && a.parentUuid === b.uuid) || (b.parentUuid !== null && b.parentUuid === a.uuid);
}

/** Refuse two sides that are not snapshots (or the live state) of one volume. */
export function assertSameVolume(a: Side, b: Side): void {
  const fail = () =>
    new CowshedError('USAGE', `${a.label} and ${b.label} are not snapshots of the same volume: compare two snapshots of one volume, or a snapshot with its volume.`);
  if (a.fs !== b.fs) throw fail();
  if (a.fs === 'btrfs' && b.fs === 'btrfs') {
    if (a.mount.device !== b.mount.device || !btrfsRelated(a.info, b.info)) throw fail();
    return;
  }
  if (a.fs === 'zfs' && b.fs === 'zfs' && a.dataset !== b.dataset) throw fail();
}
