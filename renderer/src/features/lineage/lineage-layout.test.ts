import { describe, expect, it } from 'vitest';
import type { Lineage } from '../../../../shared/domain';
import { condense, layoutLineage, shortLabel } from './lineage-layout';

const g: Lineage = {
  focus: 'zfs:p/a',
  nodes: [
    { id: 'zfs:p/a', kind: 'volume', label: 'p/a', fs: 'zfs' },
    ...Array.from({ length: 10 }, (_, i) => ({ id: `zfs:p/a@s${i}`, kind: 'snapshot' as const, label: `p/a@s${i}`, fs: 'zfs' as const })),
    { id: 'zfs:p/b', kind: 'clone', label: 'p/b', fs: 'zfs' },
  ],
  edges: [
    ...Array.from({ length: 10 }, (_, i) => ({ from: 'zfs:p/a', to: `zfs:p/a@s${i}`, kind: 'snapshot-of' as const })),
    { from: 'zfs:p/a@s2', to: 'zfs:p/b', kind: 'clone-of' },
  ],
};

describe('lineage layout', () => {
  it('keeps the origins of clones and the newest snapshots, folds the rest', () => {
    const c = condense(g);
    const ids = c.nodes.map((n) => n.id);
    expect(ids).toContain('zfs:p/a@s2'); // a clone starts there
    expect(ids).toEqual(expect.arrayContaining(['zfs:p/a@s7', 'zfs:p/a@s8', 'zfs:p/a@s9']));
    expect(ids).not.toContain('zfs:p/a@s0');
    expect(c.nodes.find((n) => n.kind === 'more')).toMatchObject({ hidden: 6 });
    expect(c.nodes.find((n) => n.id === 'zfs:p/b')).toMatchObject({ sublabel: 'clone of a@s2', origin: 'zfs:p/a@s2' });
    expect(c.nodes.find((n) => n.id === 'zfs:p/a')!.focus).toBe(true);
  });

  it('lays out left to right: volume, then snapshots, then the clone', async () => {
    const l = await layoutLineage(g);
    const x = (id: string) => l.nodes.find((n) => n.id === id)!.x;
    expect(x('zfs:p/a')).toBeLessThan(x('zfs:p/a@s2'));
    expect(x('zfs:p/a@s2')).toBeLessThan(x('zfs:p/b'));
  });

  it('short labels', () => {
    expect(shortLabel({ kind: 'snapshot', label: 'pool/data@daily-1' })).toBe('daily-1');
    expect(shortLabel({ kind: 'volume', label: 'pool/vm/disk' })).toBe('disk');
    expect(shortLabel({ kind: 'snapshot', label: '.snapshots/home-1' })).toBe('home-1');
  });
});
