import type { Snapshot, Volume } from '../../../../shared/domain';
import { checkBtrfsName, checkZfsSnapshot, checkZfsSnapshotShortName } from '../../../../shared/validate';
import { dayKey, formatDay } from '../../lib/format';

/** A row of the timeline list: a day heading, a snapshot, or "now" at the end. */
export type TimelineRow =
  | { kind: 'day'; key: string; label: string; count: number }
  | { kind: 'snapshot'; snapshot: Snapshot; /** position among snapshots, oldest = 0 */ ordinal: number }
  | { kind: 'live' };

export const ROW_HEIGHTS = { day: 30, snapshot: 46, live: 46 } as const;

/**
 * Snapshots oldest → newest (the order the core gives: createtxg / generation), a heading before each
 * new day, and the live state last.
 */
export function timelineRows(snapshots: readonly Snapshot[], now = new Date()): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let lastDay: string | null = null;
  let heading: Extract<TimelineRow, { kind: 'day' }> | null = null;
  snapshots.forEach((s, i) => {
    const d = dayKey(s.created);
    if (d !== lastDay) {
      heading = { kind: 'day', key: d, label: formatDay(d, now), count: 0 };
      rows.push(heading);
      lastDay = d;
    }
    heading!.count++;
    rows.push({ kind: 'snapshot', snapshot: s, ordinal: i });
  });
  rows.push({ kind: 'live' });
  return rows;
}

/** A default snapshot name: the volume's short name and the local time, valid on btrfs and ZFS. */
export function defaultSnapshotName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}_${p(now.getHours())}.${p(now.getMinutes())}.${p(now.getSeconds())}`;
}

/** Validate a snapshot name as the user types, with the shared validators the core uses too. */
export function snapshotNameError(volume: Pick<Volume, 'kind' | 'name'>, name: string, existing: readonly string[]): string | null {
  const v = volume.kind === 'zfs' ? checkZfsSnapshotShortName(name) : checkBtrfsName(name);
  if (!v.ok) return v.message;
  if (volume.kind === 'zfs') {
    const full = checkZfsSnapshot(`${volume.name}@${name}`);
    if (!full.ok) return full.message;
  }
  if (existing.includes(name)) return `A snapshot called “${name}” already exists.`;
  return null;
}
