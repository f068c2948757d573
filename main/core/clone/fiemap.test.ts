import { describe, expect, it } from 'vitest';
import { parseFilefrag } from './fiemap';

// Captured with e2fsprogs 1.47 `filefrag -v` on btrfs and XFS (Debian 12, kernel 6.18).
const BTRFS_SHARED = `Filesystem type is: 9123683e
File size of b/tree/d0/s0/f4.bin is 8192 (2 blocks of 4096 bytes)
 ext:     logical_offset:        physical_offset: length:   expected: flags:
   0:        0..       1:       3329..      3330:      2:             last,shared,eof
b/tree/d0/s0/f4.bin: 1 extent found
`;
const BTRFS_INLINE = `Filesystem type is: 9123683e
File size of b/vol/notes.txt is 9 (1 block of 4096 bytes)
 ext:     logical_offset:        physical_offset: length:   expected: flags:
   0:        0..    4095:          0..      4095:   4096:             last,not_aligned,inline,eof
b/vol/notes.txt: 1 extent found
`;
const BTRFS_SPARSE = `Filesystem type is: 9123683e
File size of b/tree/sparse.img is 104857600 (25600 blocks of 4096 bytes)
 ext:     logical_offset:        physical_offset: length:   expected: flags:
   0:    12800..   12800:     221063..    221063:      1:      12800: last,shared
b/tree/sparse.img: 1 extent found
`;
const XFS_PLAIN = `Filesystem type is: 58465342
File size of x/two.bin is 24576 (6 blocks of 4096 bytes)
 ext:     logical_offset:        physical_offset: length:   expected: flags:
   0:        0..       1:      56067..     56068:      2:            
   1:        5..       5:      56072..     56072:      1:             last,eof
x/two.bin: 1 extent found
`;

describe('parseFilefrag', () => {
  it('sums shared extents', () => {
    expect(parseFilefrag(BTRFS_SHARED)).toEqual({ size: 8192, extents: 1, totalBytes: 8192, sharedBytes: 8192, inlineBytes: 0 });
  });
  it('recognises inline data (nothing to share)', () => {
    const s = parseFilefrag(BTRFS_INLINE);
    expect(s.inlineBytes).toBe(s.totalBytes);
    expect(s.sharedBytes).toBe(0);
  });
  it('reads rows with an "expected" column (sparse / fragmented files)', () => {
    expect(parseFilefrag(BTRFS_SPARSE)).toMatchObject({ size: 104857600, extents: 1, totalBytes: 4096, sharedBytes: 4096 });
    expect(parseFilefrag(XFS_PLAIN)).toMatchObject({ size: 24576, extents: 2, totalBytes: 12288, sharedBytes: 0 });
  });
  it('refuses output without a header', () => {
    expect(() => parseFilefrag('garbage')).toThrow(/File size/);
  });
});
