import { lstat } from 'node:fs/promises';
import type { CloneResult } from '../../../shared/contract/clone';
import { CowshedError, type FailedCommand } from '../../../shared/errors';
import { assertValid, checkZfsComponent, checkZfsSnapshot } from '../../../shared/validate';
import type { CoreContext } from '../context';
import { run } from '../exec/run';
import type { JobContext } from '../jobs/jobs';
import { type FsMount, mountTable } from './locate';

/**
 * Folder clones that are whole volumes: a btrfs subvolume root becomes a writable snapshot (constant time,
 * any size); a ZFS dataset root becomes snapshot + clone (the clone depends on the snapshot: lineage).
 * The btrfs and ZFS providers own volumes in general; these two commands are all "clone here" needs.
 */

/** True when `path` (a folder on btrfs) is a subvolume root: btrfs gives every subvolume root inode 256. */
export const isBtrfsSubvolumeRoot = (mount: FsMount, ino: number, isDir: boolean): boolean => mount.kind === 'btrfs' && isDir && ino === 256;

/** True when `path` is the mountpoint of a ZFS dataset. */
export const isZfsDatasetRoot = (mount: FsMount, path: string, isDir: boolean): boolean => mount.kind === 'zfs' && isDir && path === mount.mountpoint;

function volumeClassifier(f: FailedCommand) {
  const s = f.stderr;
  if (/file exists|already exists/i.test(s)) return { code: 'EXISTS' as const, message: 'The destination already exists.' };
  if (/read-only file system/i.test(s)) return { code: 'READ_ONLY' as const, message: 'The destination is read-only.' };
  if (/permission denied|operation not permitted|must be run as root/i.test(s)) return { code: 'NEEDS_ADMIN' as const, message: 'Making a snapshot needs administrator rights.' };
  if (/no space left/i.test(s)) return { code: 'NO_SPACE' as const, message: 'The filesystem is full.' };
  if (/cross-device/i.test(s)) return { code: 'CROSS_DEVICE' as const, message: 'A snapshot must stay on the same filesystem.' };
  if (/dataset is busy|resource busy/i.test(s)) return { code: 'BUSY' as const, message: 'The dataset is busy.' };
  return null;
}

/** `btrfs subvolume snapshot SRC DST`: a writable snapshot at DST, which must not exist. */
export async function btrfsSnapshotClone(ctx: CoreContext, job: JobContext, src: string, dst: string): Promise<CloneResult> {
  // `btrfs subvolume snapshot` puts the snapshot *inside* DST when DST is an existing folder: check first.
  if (await lstat(dst).then(() => true, () => false)) throw new CowshedError('EXISTS', `${dst} already exists.`);
  await ctx.mutate('clone', 'btrfs', ['subvolume', 'snapshot', src, dst], { job, classify: volumeClassifier, timeoutMs: 600_000 });
  return {
    source: src, destination: dst, mechanism: 'btrfs-snapshot', method: 'snapshot', sharingVerified: true, files: 0, bytes: 0,
    notes: ['A writable btrfs snapshot shares every block with the source. Nested subvolumes are not part of it: they appear as empty folders.'],
  };
}

/** What a ZFS "clone here" will create. */
export interface ZfsClonePlan {
  dataset: string;
  snapshot: string;
  clone: string;
  /** Set when the inherited mountpoint would not be the destination path. */
  mountpoint: string | null;
  destination: string;
}

/** ZFS names that already exist below a dataset's parent (for picking a free clone name). */
export async function zfsSiblings(parent: string): Promise<Set<string>> {
  const r = await run('zfs', ['list', '-H', '-o', 'name', '-r', parent], { okExitCodes: [0, 1], timeoutMs: 30_000 });
  return new Set(r.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** Plan the dataset names: `<parent>/<name>` cloned from `<dataset>@cowshed-clone-<time>`. */
export function planZfsClone(dataset: string, destination: string, name: string, when = new Date()): ZfsClonePlan {
  assertValid(checkZfsComponent(name, 'Clone dataset name'));
  const parent = dataset.includes('/') ? dataset.slice(0, dataset.lastIndexOf('/')) : dataset;
  const clone = `${parent}/${name}`;
  const stamp = when.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const snapshot = `${dataset}@cowshed-clone-${stamp}`;
  assertValid(checkZfsSnapshot(snapshot));
  const parentMount = mountTable().find((m) => m.kind === 'zfs' && m.source === parent);
  const inherited = parentMount ? `${parentMount.mountpoint === '/' ? '' : parentMount.mountpoint}/${name}` : null;
  return { dataset, snapshot, clone, mountpoint: inherited === destination ? null : destination, destination };
}

/** `zfs snapshot` then `zfs clone`; the snapshot is destroyed again if the clone fails. */
export async function zfsSnapshotClone(ctx: CoreContext, job: JobContext, p: ZfsClonePlan, source: string): Promise<CloneResult> {
  await ctx.mutate('clone', 'zfs', ['snapshot', p.snapshot], { job, classify: volumeClassifier });
  try {
    await ctx.mutate('clone', 'zfs', ['clone', ...(p.mountpoint ? ['-o', `mountpoint=${p.mountpoint}`] : []), p.snapshot, p.clone], {
      job, classify: volumeClassifier, timeoutMs: 600_000,
    });
  } catch (e) {
    await ctx.mutate('clone', 'zfs', ['destroy', p.snapshot], { job }).catch(() => undefined);
    throw e;
  }
  return {
    source, destination: p.destination, mechanism: 'zfs-clone', method: 'clone', sharingVerified: true, files: 0, bytes: 0,
    notes: [`${p.clone} is a ZFS clone of ${p.snapshot}: it shares every block, and that snapshot cannot be destroyed while the clone exists (promote the clone to reverse the dependency).`],
  };
}
