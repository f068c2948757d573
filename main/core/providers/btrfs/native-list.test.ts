import { describe, expect, it } from 'vitest';
import { decodeNativeList } from './native-list';

describe('decodeNativeList', () => {
  it('takes the rows as the addon writes them', () => {
    const row = { id: 257, gen: 7, cgen: 7, topLevel: 5, otime: '2026-11-21T19:25:45.846Z', readonly: true, uuid: 'u', parentUuid: null, receivedUuid: null, path: 'a\tb\nc' };
    expect(decodeNativeList(JSON.stringify([row]))).toEqual([row]);
    expect(decodeNativeList('[]')).toEqual([]);
  });

  it('refuses anything else: a wrong build must not show wrong data', () => {
    expect(() => decodeNativeList('{"id":5}')).toThrow(/not an array/);
    expect(() => decodeNativeList('[{"id":5,"gen":1}]')).toThrow(/unknown shape/);
    expect(() => decodeNativeList('[{"id":5')).toThrow();
  });
});
