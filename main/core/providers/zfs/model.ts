import type { Snapshot, Volume } from '../../../../shared/domain';
import { zfsId } from '../../../../shared/ids';
import type { ZfsFeatures } from './features';
import { parentDataset, splitSnapshot, type WorldRow } from './world';

const iso = (seconds: number | null | undefined): string | null => (seconds == null ? null : new Date(seconds * 1000).toISOString());

/** Where a mounted dataset's files are, or null. */
export function mountPath(r: Pick<WorldRow, 'mountpoint' | 'mounted' | 'type'>): string | null {
  if (r.type !== 'filesystem' || r.mounted !== true) return null;
  return r.mountpoint && r.mountpoint.startsWith('/') ? r.mountpoint : null;
}

/** A dataset row as the contract's Volume. */
export function toVolume(r: WorldRow): Volume {
  const parent = parentDataset(r.name);
  return {
    id: zfsId(r.name),
    kind: 'zfs',
    name: r.name,
    identity: { kind: 'zfs', dataset: r.name, guid: r.guid ?? '' },
    path: mountPath(r),
    parentId: parent === null ? null : zfsId(parent),
    isSnapshot: false,
    readonly: r.readonly === true,
    origin: r.origin ? zfsId(r.origin) : null,
    created: iso(r.creation),
    generation: r.createtxg,
    space: { used: r.used, available: r.available, referenced: r.referenced, usedBySnapshots: r.usedbysnapshots },
    extra: {
      type: r.type,
      mountpoint: r.mountpoint,
      mounted: r.mounted,
      pool: r.name.split('/')[0],
      createtxg: r.createtxg,
      ...(r.clones ? { clones: r.clones.map(zfsId) } : {}),
      ...(r.written !== null && r.written !== undefined ? { written: r.written } : {}),
    },
  };
}

/** The fields of a snapshot row the Snapshot shape needs. */
export type SnapshotRow = Pick<WorldRow, 'name' | 'guid' | 'createtxg' | 'creation' | 'used' | 'referenced' | 'written'>;

/** A snapshot row as the contract's Snapshot, with its clones (names) and hold tags. */
export function toSnapshot(
  r: SnapshotRow,
  more: { clones: readonly string[]; holds: readonly string[]; dataset?: Pick<WorldRow, 'mountpoint' | 'mounted' | 'type'> | null; features?: ZfsFeatures },
): Snapshot {
  const { dataset, short } = splitSnapshot(r.name);
  const mp = more.dataset ? mountPath(more.dataset) : null;
  return {
    id: zfsId(r.name),
    volumeId: zfsId(dataset),
    name: short ?? r.name,
    fullName: r.name,
    identity: { kind: 'zfs', dataset: r.name, guid: r.guid ?? '' },
    created: iso(r.creation),
    generation: r.createtxg,
    readonly: true,
    browsePath: mp && more.features?.snapshotDir ? `${mp === '/' ? '' : mp}/.zfs/snapshot/${short}` : null,
    space: { used: r.used, referenced: r.referenced, written: r.written ?? null },
    clones: more.clones.map(zfsId),
    holds: [...more.holds],
  };
}
