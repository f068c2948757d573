/**
 * The btrfs provider: subvolumes, snapshots, lineage, delete by plan.
 *
 * Ids are `btrfs:<mountpoint>:<path from the top level>` (the top level is `btrfs:<mountpoint>:`), written
 * against one canonical mount per filesystem: its top-level mount if there is one, else the mount with the
 * shortest subvolume root. Any mount of the filesystem resolves, and paths inside a mount work too.
 * Reading needs root (`btrfs subvolume list` does a root-only tree search); the capability matrix says so as
 * `listVolumes: needs admin`, and failures come back as NEEDS_ADMIN through the error table in errors.ts.
 */
import type { BtrfsTarget, VolumeProvider } from '../types';
import { lineage } from './lineage';
import { planDestroy } from './plan-destroy';
import { listVolumes, snapshots } from './read-ops';
import { cloneSnapshot, createSnapshot, renameSnapshot, setReadonly } from './snapshot-ops';

/** btrfs provider (no hold, rollback, promote or detach: btrfs snapshots are independent of each other). */
export const btrfsProvider: VolumeProvider<BtrfsTarget> = {
  kind: 'btrfs',
  listVolumes,
  snapshots,
  createSnapshot,
  renameSnapshot,
  setReadonly,
  cloneSnapshot,
  lineage,
  planDestroy,
};
