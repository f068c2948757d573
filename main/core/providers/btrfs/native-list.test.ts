import { describe, expect, it } from 'vitest';
import { decodeNativeList } from './native-list';

const rec = (...f: (string | number)[]) => f.join('\t') + '\0';

describe('decodeNativeList', () => {
  it('reads every field; the path is the rest of the record, tabs and newlines included', () => {
    const s =
      rec(5, 1007, 0, 0, 1795289145, 0, 0, 'f263763b-3f17-4ba7-bd2e-035aae4da110', '-', '-', '') +
      rec(257, 7, 7, 5, 1795289145, 846834249, 1, '9e48e847-62ee-f94d-8601-4e6194d0a844', 'f263763b-3f17-4ba7-bd2e-035aae4da110', '-', 'snaps/a\tb\nc') +
      rec(300, 9, 8, 257, 0, 0, 0, '-', '-', '11111111-2222-3333-4444-555555555555', 'x');
    expect(decodeNativeList(s)).toEqual([
      { id: 5, gen: 1007, cgen: 0, topLevel: 0, otime: '2026-11-21T19:25:45.000Z', readonly: false, uuid: 'f263763b-3f17-4ba7-bd2e-035aae4da110', parentUuid: null, receivedUuid: null, path: '' },
      { id: 257, gen: 7, cgen: 7, topLevel: 5, otime: '2026-11-21T19:25:45.846Z', readonly: true, uuid: '9e48e847-62ee-f94d-8601-4e6194d0a844', parentUuid: 'f263763b-3f17-4ba7-bd2e-035aae4da110', receivedUuid: null, path: 'snaps/a\tb\nc' },
      // A root item from before kernel 3.5: no time (btrfs-progs prints "-"), no uuid.
      { id: 300, gen: 9, cgen: 8, topLevel: 257, otime: null, readonly: false, uuid: null, parentUuid: null, receivedUuid: '11111111-2222-3333-4444-555555555555', path: 'x' },
    ]);
  });

  it('an empty list is empty; a cut record is an error, not a wrong row', () => {
    expect(decodeNativeList('')).toEqual([]);
    expect(() => decodeNativeList('5\t1\t0\t0\t0\t0\t0\t-\t-\t-\t')).toThrow(/without its end/);
    expect(() => decodeNativeList('5\t1\t0\t0\0')).toThrow(/too few fields/);
  });
});
