import type { SpaceReport } from '../../../../shared/contract/index';

/** One coloured part of the space bar. */
export interface Segment {
  key: 'live' | 'snapshots' | 'shared' | 'other' | 'exclusive';
  label: string;
  bytes: number;
  hint: string;
}

/** The picture of a space report: the stacked bar, and one figure per snapshot for the chart. */
export interface SpaceModel {
  segments: Segment[];
  total: number;
  perSnapshot: { id: string; label: string; bytes: number; hint: string }[];
  /** What the per-snapshot figure means. */
  perSnapshotLabel: string;
}

const n = (x: number | null | undefined): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0);

/**
 * Turn a report into bar segments. ZFS: the dataset's own data (live), what only snapshots hold, and children.
 * btrfs: blocks only the live subvolume has, blocks it shares with snapshots (counted once), and blocks only
 * snapshots have. A file or folder: shared and exclusive extents.
 */
export function spaceModel(r: SpaceReport): SpaceModel {
  const vol = r.rows.find((x) => x.kind === 'volume');
  const snaps = r.rows.filter((x) => x.kind === 'snapshot');
  const segs: Segment[] = [];
  if (vol && r.fs === 'zfs') {
    const live = n(vol.usedByDataset);
    const bySnaps = n(vol.usedBySnapshots);
    segs.push({ key: 'live', label: 'Live data', bytes: live, hint: 'usedbydataset: what the dataset itself references and nothing else keeps' });
    segs.push({ key: 'snapshots', label: 'Held by snapshots', bytes: bySnaps, hint: 'usedbysnapshots: freed only if every snapshot were destroyed' });
    const other = n(vol.used) - live - bySnaps;
    if (other > 0) segs.push({ key: 'other', label: 'Children & reservations', bytes: other, hint: 'child datasets and reservations' });
    return { segments: segs, total: segs.reduce((s, x) => s + x.bytes, 0), perSnapshot: snaps.map((s) => ({ id: s.id, label: s.label, bytes: n(s.used), hint: 'freed by destroying this snapshot alone' })), perSnapshotLabel: 'Unique to each snapshot (used)' };
  }
  if (vol) {
    const excl = n(vol.exclusive);
    const shared = Math.max(0, n(vol.referenced) - excl);
    const snapOnly = snaps.reduce((s, x) => s + n(x.exclusive), 0);
    segs.push({ key: 'live', label: 'Only live', bytes: excl, hint: 'blocks no snapshot or clone shares' });
    segs.push({ key: 'shared', label: 'Shared with snapshots', bytes: shared, hint: 'blocks live shares with snapshots or clones (counted once)' });
    segs.push({ key: 'snapshots', label: 'Only in snapshots', bytes: snapOnly, hint: 'sum of each snapshot’s exclusive blocks' });
    return { segments: segs, total: segs.reduce((s, x) => s + x.bytes, 0), perSnapshot: snaps.map((s) => ({ id: s.id, label: s.label, bytes: n(s.exclusive), hint: 'blocks only this snapshot has' })), perSnapshotLabel: 'Exclusive to each snapshot' };
  }
  const item = r.rows[0];
  if (item) {
    segs.push({ key: 'exclusive', label: 'Exclusive', bytes: n(item.exclusive), hint: 'blocks only this holds: what deleting it frees' });
    segs.push({ key: 'shared', label: 'Shared', bytes: n(item.shared), hint: 'blocks shared with other files or snapshots (reflinks)' });
  }
  return { segments: segs, total: segs.reduce((s, x) => s + x.bytes, 0), perSnapshot: [], perSnapshotLabel: '' };
}
