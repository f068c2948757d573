import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonArrayWriter, table, writeTable, type CliIO } from './io';

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
  it('pads every column but the last to its widest cell, shows null as "-", no padding at line ends', () => {
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

  it('equals the plain way of drawing it: pad to the widest cell plus two, leave out empty cells at line ends', () => {
    const reference = (headers: string[], rows: string[][]) => {
      const all = [headers, ...rows];
      const widths = headers.map((_, i) => Math.max(0, ...all.map((r) => r[i]!.length)));
      return all
        .map((r) => {
          let last = r.length - 1;
          while (last > 0 && r[last] === '') last--;
          return r.slice(0, last + 1).map((c, i) => (i < last ? c.padEnd(widths[i]! + 2) : c)).join('');
        })
        .join('\n') + '\n';
    };
    const cell = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.array(cell, { minLength: n, maxLength: n }), fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 30 }))), ([headers, rows]) => {
        expect(table(headers, rows)).toBe(reference(headers, rows));
      }),
    );
  });

  it('writes a piece per 1,000 lines', () => {
    const c = capture();
    const cells = ['NAME', 'ID'];
    for (let i = 0; i < 2500; i++) cells.push(`s${i}`, i % 2 ? `id:${i}` : '');
    writeTable(cells, [5, 7], (piece) => c.io.out(piece));
    expect(c.writes()).toBe(3); // 2,501 lines with the header
    const lines = c.text().split('\n');
    expect(lines).toHaveLength(2502);
    expect(lines[1]).toBe('s0');
    expect(lines[2]).toBe('s1     id:1');
    expect(lines[2500]).toBe('s2499  id:2499');
  });
});
