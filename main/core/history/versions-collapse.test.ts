import { describe, expect, it } from 'vitest';
import type { StatLite } from './compare';
import { collapse, relate, type Appearance } from './versions-collapse';

const NS = 1_000_000_000n;
const stat = (p: Partial<Record<keyof StatLite, number | bigint | string>>): StatLite => ({
  ino: 257n, dev: 1n, size: 10n, mtimeNs: 100n * NS, ctimeNs: 100n * NS, mode: 0o644, uid: 0, gid: 0, nlink: 1, type: 'file',
  ...(p as Partial<StatLite>),
});
const snap = (n: number, createdSec: number | null, s: Partial<StatLite> = {}): Appearance => ({
  path: `/snaps/s${n}/f`,
  stat: stat(s),
  snapshot: { id: `s${n}`, name: `s${n}`, createdSec },
});
const live = (s: Partial<StatLite> = {}): Appearance => ({ path: '/vol/f', stat: stat(s), snapshot: null });
const never = async () => {
  throw new Error('no content check expected');
};

describe('collapsing appearances into versions', () => {
  it('unchanged stats clearly older than the previous snapshot need no content check', async () => {
    const items = [snap(1, 200), snap(2, 300), snap(3, 400), live()];
    const runs = await collapse(items, never);
    expect(runs.map((r) => r.items.map((i) => i.snapshot?.id ?? 'live'))).toEqual([['s1', 's2', 's3', 'live']]);
  });

  it('size or type changes start a new version without asking', async () => {
    const items = [snap(1, 200), snap(2, 300, { size: 11n }), snap(3, 400, { size: 11n }), live({ type: 'dir' })];
    expect(relate(items[0]!, items[1]!)).toBe('different');
    const runs = await collapse(items, never);
    expect(runs.map((r) => r.items.length)).toEqual([1, 2, 1]);
  });

  it('a change time within the previous snapshot second is ambiguous: content decides', async () => {
    const items = [snap(1, 100), snap(2, 101)];
    expect(relate(items[0]!, items[1]!)).toBe('check-content');
    expect((await collapse(items, async (c) => c.map(() => false))).length).toBe(2);
    expect((await collapse(items, async (c) => c.map(() => true))).length).toBe(1);
  });

  it('nanosecond timestamps show every change: equal stats are the same version without asking', async () => {
    const fine = { mtimeNs: 100n * NS + 123n, ctimeNs: 100n * NS + 456n };
    expect(relate(snap(1, 100, fine), snap(2, 100, fine))).toBe('same');
  });

  it('a new mtime or inode with the same size asks for extent identity', async () => {
    const items = [snap(1, 200), snap(2, 300, { mtimeNs: 250n * NS, ctimeNs: 250n * NS })];
    expect(relate(items[0]!, items[1]!)).toBe('check-blocks');
    const asked: string[] = [];
    const runs = await collapse(items, async (c) => c.map((x) => (asked.push(x.relation), true)));
    expect(asked).toEqual(['check-blocks']);
    expect(runs.length).toBe(1);
  });

  it('merges non-adjacent runs with the same blocks, then by hash (which it reports)', async () => {
    const a = { size: 5n };
    const b = { size: 6n, mtimeNs: 150n * NS, ctimeNs: 150n * NS };
    const c = { size: 5n, ino: 300n, mtimeNs: 250n * NS, ctimeNs: 250n * NS };
    const items = [snap(1, 120, a), snap(2, 200, b), snap(3, 300, c)];
    const byBlocks = await collapse(items, async (x) => x.map(() => false), {
      blocks: async (paths) => paths.map((p) => (p.includes('s2') ? 'B' : 'A')),
    });
    expect(byBlocks.map((r) => r.items.map((i) => i.snapshot!.id))).toEqual([['s1', 's3'], ['s2']]);
    const byHash = await collapse(items, async (x) => x.map(() => false), {
      hash: async (paths) => paths.map((p) => (p.includes('s2') ? 'h2' : 'h1')),
    });
    expect(byHash.map((r) => [r.hash, r.items.length])).toEqual([['h1', 2], ['h2', 1]]);
  });
});
