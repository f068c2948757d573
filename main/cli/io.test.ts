import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonArrayWriter, table, type CliIO } from './io';

/** What a writer puts on stdout, as the bytes a reader gets. */
function capture(): { io: CliIO; text: () => string; writes: () => number } {
  const chunks: Buffer[] = [];
  const io: CliIO = { out: (s) => chunks.push(typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s)), err: () => undefined, isTTY: false };
  return { io, text: () => Buffer.concat(chunks).toString('utf8'), writes: () => chunks.length };
}

describe('JsonArrayWriter', () => {
  it('writes exactly JSON.stringify of the whole array, however it is paged', () => {
    const item = fc.record({ id: fc.string({ unit: 'binary' }), n: fc.oneof(fc.integer(), fc.constant(null)), nested: fc.option(fc.record({ u: fc.string() }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(fc.array(item, { maxLength: 40 }), { maxLength: 6 }), (pages) => {
        const c = capture();
        const w = new JsonArrayWriter(c.io);
        for (const p of pages) w.page(p);
        w.end();
        expect(c.text()).toBe(JSON.stringify(pages.flat()) + '\n');
      }),
    );
  });

  it('splits long pages into pieces of 1,000 and keeps multi-byte characters whole', () => {
    for (const n of [0, 1, 999, 1000, 1001, 2500]) {
      const items = Array.from({ length: n }, (_, i) => ({ i, name: `snap-${i}-é—😀`, ro: i % 2 === 0 }));
      const c = capture();
      const w = new JsonArrayWriter(c.io);
      w.page(items.slice(0, Math.floor(n / 3)));
      w.page([]);
      w.page(items.slice(Math.floor(n / 3)));
      w.end();
      expect(c.text(), `${n} items`).toBe(JSON.stringify(items) + '\n');
      expect(JSON.parse(c.text())).toHaveLength(n);
    }
  });
});

describe('table', () => {
  it('pads every column but the last to its widest cell, shows null as "-" and trims line ends', () => {
    expect(table(['NAME', 'RO', 'ID'], [['a', 'yes', 'x:1'], ['longer-name', null, 'x:2'], ['b', 'no', '']])).toBe(
      ['NAME         RO   ID', 'a            yes  x:1', 'longer-name  -    x:2', 'b            no'].join('\n') + '\n',
    );
  });

  it('takes any number of rows (200,000 would overflow Math.max(...widths))', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [`s${i}`, i % 2 ? 'yes' : 'no', `id:${i}`]);
    const out = table(['NAME', 'RO', 'ID'], rows).split('\n');
    expect(out).toHaveLength(200_002);
    expect(out[1]).toBe('s0       no   id:0');
    expect(out[200_000]).toBe('s199999  yes  id:199999');
  });
});
