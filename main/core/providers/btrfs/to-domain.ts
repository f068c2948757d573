/** Subvolumes → the contract's Volume and Snapshot shapes (ids, identity, reachable paths). */
import type { Snapshot, Volume, VolumeIdentity } from '../../../../shared/domain';
import { reachable, subvolId, subvolName, type BtrfsFs } from './btrfs-fs';
import { TOP_LEVEL_ID, type Subvol, type SubvolTable } from './subvol-table';

/** The identity a plan or the UI binds to: filesystem uuid, subvolume id and uuid. */
export function btrfsIdentity(fs: BtrfsFs, s: Subvol): Extract<VolumeIdentity, { kind: 'btrfs' }> {
  return { kind: 'btrfs', fsUuid: fs.fsUuid, subvolId: s.id, uuid: s.uuid ?? '' };
}

/** A subvolume as a Volume. `origin` is the id of the subvolume it is a snapshot of, when that still exists. */
export function toVolume(t: SubvolTable, s: Subvol, defaultId: number | null): Volume {
  const parent = s.id === TOP_LEVEL_ID ? null : (t.byId.get(s.topLevel) ?? null);
  const origin = s.parentUuid ? (t.byUuid.get(s.parentUuid) ?? null) : null;
  return {
    id: subvolId(t.fs, s.path),
    kind: 'btrfs',
    name: subvolName(s.path),
    identity: btrfsIdentity(t.fs, s),
    path: t.reachable(s),
    parentId: parent ? subvolId(t.fs, parent.path) : null,
    isSnapshot: s.parentUuid !== null,
    readonly: s.readonly,
    origin: origin ? subvolId(t.fs, origin.path) : null,
    receivedUuid: s.receivedUuid,
    created: s.otime,
    generation: s.cgen,
    extra: {
      subvolId: s.id,
      uuid: s.uuid,
      parentUuid: s.parentUuid,
      receivedUuid: s.receivedUuid,
      topLevel: s.topLevel,
      gen: s.gen,
      cgen: s.cgen,
      pathFromTopLevel: s.path,
      isDefault: defaultId === s.id,
    },
  };
}

/**
 * A subvolume as a Snapshot of the volume `volumeId`. `clones` are ids of writable snapshots made from it;
 * `reach` is `reacher(fs)` when many snapshots are converted at once.
 */
export function toSnapshot(fs: BtrfsFs, s: Subvol, volumeId: string, clones?: string[], reach?: (fullPath: string) => string | null): Snapshot {
  const snap: Snapshot = {
    id: subvolId(fs, s.path),
    volumeId,
    name: subvolName(s.path),
    fullName: s.path,
    identity: btrfsIdentity(fs, s),
    created: s.otime,
    generation: s.cgen,
    readonly: s.readonly,
    browsePath: reach ? reach(s.path) : reachable(fs, s.path),
    clones: clones?.length ? clones : undefined, // one object shape for all (undefined is left out of JSON)
  };
  return snap;
}
