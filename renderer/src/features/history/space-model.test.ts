import { describe, expect, it } from 'vitest';
import type { SpaceReport } from '../../../../shared/contract/index';
import { spaceModel } from './space-model';

const base = { target: 't', freedTogether: null, notes: [] };

describe('space bar model', () => {
  it('ZFS: live, held by snapshots, and the rest', () => {
    const r: SpaceReport = {
      ...base,
      fs: 'zfs',
      rows: [
        { id: 'zfs:p/d@a', label: 'a', kind: 'snapshot', used: 100, referenced: 500 },
        { id: 'zfs:p/d', label: 'p/d', kind: 'volume', used: 1000, referenced: 600, usedBySnapshots: 300, usedByDataset: 600 },
      ],
    };
    const m = spaceModel(r);
    expect(m.segments.map((s) => [s.key, s.bytes])).toEqual([['live', 600], ['snapshots', 300], ['other', 100]]);
    expect(m.total).toBe(1000);
    expect(m.perSnapshot).toEqual([{ id: 'zfs:p/d@a', label: 'a', bytes: 100, hint: expect.any(String) }]);
  });

  it('btrfs: only live, shared once, only in snapshots', () => {
    const r: SpaceReport = {
      ...base,
      fs: 'btrfs',
      rows: [
        { id: 'v', label: 'v', kind: 'volume', used: 10, referenced: 50, exclusive: 10, shared: 40 },
        { id: 's1', label: 's1', kind: 'snapshot', used: 5, referenced: 45, exclusive: 5, shared: 40 },
        { id: 's2', label: 's2', kind: 'snapshot', used: null, referenced: null, exclusive: null, shared: null },
      ],
    };
    expect(spaceModel(r).segments.map((s) => [s.key, s.bytes])).toEqual([['live', 10], ['shared', 40], ['snapshots', 5]]);
  });

  it('a file: exclusive and shared extents', () => {
    const r: SpaceReport = { ...base, fs: 'btrfs', rows: [{ id: '/f', label: 'f', kind: 'file', used: 8192, referenced: 8000, shared: 4096, exclusive: 4096 }] };
    expect(spaceModel(r)).toMatchObject({ total: 8192, perSnapshot: [] });
  });
});
