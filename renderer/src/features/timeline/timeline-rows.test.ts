import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../../shared/domain';
import { defaultSnapshotName, snapshotNameError, timelineRows } from './timeline-rows';

const snap = (name: string, created: string): Snapshot => ({
  id: `zfs:p/d@${name}`, volumeId: 'zfs:p/d', name, fullName: `p/d@${name}`, identity: { kind: 'zfs', dataset: 'p/d', guid: '1' }, created, generation: 1, readonly: true, browsePath: null,
});

describe('timeline rows', () => {
  it('oldest first, a heading per local day with its count, live last', () => {
    const rows = timelineRows([snap('a', '2026-01-03T10:00:00'), snap('b', '2026-01-03T11:00:00'), snap('c', '2026-01-05T09:00:00')], new Date('2026-01-05T12:00:00'));
    expect(rows.map((r) => r.kind)).toEqual(['day', 'snapshot', 'snapshot', 'day', 'snapshot', 'live']);
    expect(rows[0]).toMatchObject({ kind: 'day', count: 2, label: 'Saturday, 3 January 2026' });
    expect(rows[3]).toMatchObject({ kind: 'day', count: 1, label: 'Today' });
  });

  it('handles 10,000 snapshots quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => snap(`s${i}`, new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString()));
    const t = performance.now();
    const rows = timelineRows(many);
    expect(performance.now() - t).toBeLessThan(500);
    expect(rows.filter((r) => r.kind === 'snapshot')).toHaveLength(10_000);
  });

  it('the default name is valid on both filesystems; names are checked as typed', () => {
    const name = defaultSnapshotName(new Date(2026, 0, 5, 9, 3, 7));
    expect(name).toBe('2026-01-05_09.03.07');
    expect(snapshotNameError({ kind: 'zfs', name: 'tank/vm' }, name, [])).toBeNull();
    expect(snapshotNameError({ kind: 'btrfs', name: 'home' }, name, [])).toBeNull();
    expect(snapshotNameError({ kind: 'zfs', name: 'tank/vm' }, 'a@b', [])).toMatch(/"@"/);
    expect(snapshotNameError({ kind: 'btrfs', name: 'home' }, 'a/b', [])).toMatch(/"\/"/);
    expect(snapshotNameError({ kind: 'btrfs', name: 'home' }, '-x', [])).toMatch(/option/);
    expect(snapshotNameError({ kind: 'zfs', name: 'tank/vm' }, 'nightly', ['nightly'])).toMatch(/already exists/);
    expect(snapshotNameError({ kind: 'zfs', name: 'p/'.padEnd(250, 'x') }, 'abcdefgh', [])).toMatch(/longer than/);
  });
});
