import { describe, expect, it } from 'vitest';
import { decodeNativeList, type NativeList } from './native-list';

/** Columns as btrfs-list.cc lays them out: 8 numbers per row, 132 characters of uuids and time, then the path. */
function encode(rows: { id: number; gen: number; cgen: number; top: number; flags: number; fixed: string; path: string | null; parent?: number }[], exotic?: Record<number, string>): NativeList {
  const nums: number[] = [];
  let text = '';
  for (const r of rows) {
    expect(r.fixed).toHaveLength(132);
    nums.push(r.id, r.gen, r.cgen, r.top, r.flags, text.length, r.path?.length ?? 0, r.parent ?? -1);
    text += r.fixed + (r.path ?? '');
  }
  return { format: 3, nums: Float64Array.from(nums), text, exotic };
}

const U1 = '1810d4e0-f00d-4647-b255-ad57acd1a9c9';
const U2 = '036fcf92-f091-ab4b-a273-b91b104ad229';
const T = '2026-11-21T19:25:45.846Z';
const BLANK36 = ' '.repeat(36);

describe('decodeNativeList', () => {
  it('takes the rows as the addon lays them out: absent uuids and times are null, paths as they are', () => {
    const list = encode(
      [
        { id: 5, gen: 9, cgen: 0, top: 0, flags: 2 | 16, fixed: U1 + BLANK36 + BLANK36 + T, path: '' },
        { id: 257, gen: 7, cgen: 7, top: 5, flags: 1 | 2 | 4 | 16, fixed: U2 + U1 + BLANK36 + T, path: 'a\tb\nc "q" \\', parent: 0 },
        { id: 258, gen: 8, cgen: 8, top: 257, flags: 2 | 8 | 32, fixed: U1 + BLANK36 + U2 + ' '.repeat(24), path: null },
      ],
      { 2: 'a\tb\nc "q" \\/latin1-\uFFFDt\uFFFD' },
    );
    const rows = decodeNativeList(list);
    expect(rows).toHaveLength(3);
    expect([0, 1, 2].map((i) => [rows.id(i), rows.path(i), rows.cgen(i), rows.readonly(i), rows.hasTime(i), rows.parentUuid(i), rows.parentRow(i)])).toEqual([
      [5, '', 0, false, true, null, -1],
      [257, 'a\tb\nc "q" \\', 7, true, true, U1, 0],
      [258, 'a\tb\nc "q" \\/latin1-\uFFFDt\uFFFD', 8, false, false, null, -1],
    ]);
    expect([rows.row(0), rows.row(1), rows.row(2)]).toEqual(rows.all());
    expect([rows.pathIs(0, ''), rows.pathIs(1, 'a\tb\nc "q" \\'), rows.pathIs(1, 'a\tb'), rows.pathIs(2, 'a\tb\nc "q" \\/latin1-\uFFFDt\uFFFD'), rows.pathIs(0, 'x')]).toEqual([true, true, false, true, false]);
    expect(rows.row(1)).not.toBe(rows.row(1)); // made when asked for: callers let it go
    expect(rows.all()).toEqual([
      { id: 5, path: '', topLevel: 0, gen: 9, cgen: 0, uuid: U1, parentUuid: null, receivedUuid: null, otime: T, readonly: false },
      { id: 257, path: 'a\tb\nc "q" \\', topLevel: 5, gen: 7, cgen: 7, uuid: U2, parentUuid: U1, receivedUuid: null, otime: T, readonly: true },
      { id: 258, path: 'a\tb\nc "q" \\/latin1-\uFFFDt\uFFFD', topLevel: 257, gen: 8, cgen: 8, uuid: U1, parentUuid: null, receivedUuid: U2, otime: null, readonly: false },
    ]);
    expect(decodeNativeList(encode([])).all()).toEqual([]);
  });

  it('refuses anything else: a wrong build must not show wrong data', () => {
    const good = encode([{ id: 5, gen: 1, cgen: 0, top: 0, flags: 0, fixed: ' '.repeat(132), path: '' }]);
    expect(() => decodeNativeList({ ...good, format: 2 })).toThrow(/unknown layout/);
    expect(() => decodeNativeList('[{"id":5}]' as unknown as NativeList)).toThrow(/unknown layout/);
    expect(() => decodeNativeList({ ...good, nums: good.nums.subarray(0, 7) })).toThrow(/unknown layout/);
    expect(() => decodeNativeList({ ...good, text: good.text.slice(0, 100) })).toThrow(/does not match/);
    expect(() => decodeNativeList({ ...good, text: good.text + 'x' })).toThrow(/does not match/);
    expect(() => decodeNativeList({ ...good, nums: Float64Array.from([5, 1, 0, 0, 32, 0, 0, -1]) }).path(0)).toThrow(/no path/); // exotic row, no exotic path
  });
});
