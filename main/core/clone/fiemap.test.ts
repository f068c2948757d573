import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFilefrag } from '../history/fiemap';
import { summarize } from './fiemap';

// `filefrag -v -b1` captured on btrfs and ext4 here (the fixture the history parser is tested on).
const files = parseFilefrag(readFileSync(join(import.meta.dirname, '..', 'history', 'fixtures', 'filefrag-v-b1.txt'), 'utf8'));
const byName = (n: string) => files.find((f) => f.path.endsWith(n))!;

describe('summarize (the clone fallback when the addon is missing)', () => {
  it('sums shared extents in bytes, over every extent', () => {
    expect(summarize(byName('/big2'))).toEqual({ size: 20000, extents: 3, totalBytes: 20480, sharedBytes: 20480, inlineBytes: 0 });
  });
  it('recognises inline data (nothing to share)', () => {
    const s = summarize(byName('/h1'));
    expect(s.inlineBytes).toBe(s.totalBytes);
    expect(s.sharedBytes).toBe(0);
  });
  it('a sparse file with no extents has nothing to check', () => {
    expect(summarize(byName('sparse.bin'))).toMatchObject({ size: 1048576, extents: 0, totalBytes: 0 });
  });
});
