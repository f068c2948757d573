import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonArrayWriter, type CliIO } from './io';

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
