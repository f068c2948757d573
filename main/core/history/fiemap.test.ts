import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFilefrag, sameBlocks, sharedBytes } from './fiemap';

const files = parseFilefrag(readFileSync(join(import.meta.dirname, 'fixtures', 'filefrag-v-b1.txt'), 'utf8'));

describe('filefrag -v -b1', () => {
  it('reads one block per file, names with spaces included', () => {
    expect(files.map((f) => [f.path, f.size, f.extents.length])).toEqual([
      ['mnt/v2s2/big2', 20000, 3],
      ['mnt/v2s2/new name with space', 20000, 1],
      ['mnt/v2s2/h1', 2, 1],
      ['mnt/vol/sparse.bin', 1048576, 0],
      ['zmnt/f.txt', 3, 0],
    ]);
    expect(files[0]!.extents[1]).toEqual({ logical: 4096, physical: 64016384, length: 4096, flags: ['shared'] });
  });

  it('sums shared and exclusive bytes', () => {
    expect(sharedBytes(files[0]!)).toEqual({ shared: 20480, exclusive: 0 });
    expect(sharedBytes(files[2]!)).toEqual({ shared: 0, exclusive: 4096 });
    expect(sharedBytes(files[3]!)).toEqual({ shared: 0, exclusive: 0 });
  });

  it('tells same blocks only when FIEMAP can', () => {
    expect(sameBlocks(files[0]!, files[0]!)).toBe(true);
    expect(sameBlocks(files[0]!, files[1]!)).toBe(false);
    expect(sameBlocks(files[2]!, files[2]!)).toBeNull(); // inline data
    expect(sameBlocks(files[4]!, files[4]!)).toBeNull(); // FUSE: no extents
  });
});
