import { describe, expect, it } from 'vitest';
import { getArgs, jsonGetArgs, listArgs, parseGet, parseJson, parseList, supportedKeys } from './columns';
import { sample } from './test-samples';

describe('zfs columns: the argv and the parsers come from one declaration', () => {
  it('builds zfs get -H -p, zfs list -H -p and zfs get -j argv', () => {
    expect(getArgs(['guid', 'createtxg', 'userrefs'], ['tank/a'], { depth: 1 })).toEqual([
      'get', '-H', '-p', '-d', '1', '-o', 'name,property,value', 'guid,createtxg,userrefs', 'tank/a',
    ]);
    expect(getArgs(['type'], ['tank'], { recursive: true })).toEqual(['get', '-H', '-p', '-r', '-o', 'name,property,value', 'type', 'tank']);
    expect(listArgs(['guid', 'createtxg', 'clones'], ['tank/a'], { depth: 1, types: ['snapshot'], sortBy: 'createtxg' })).toEqual([
      'list', '-H', '-p', '-o', 'name,guid,createtxg,clones', '-t', 'snapshot', '-s', 'createtxg', '-d', '1', 'tank/a',
    ]);
    expect(jsonGetArgs(['origin'], ['tank'], { recursive: true })).toEqual(['get', '-j', '-p', '-r', 'origin', 'tank']);
  });

  it('drops the OpenZFS-only properties for zfs-fuse', () => {
    expect(supportedKeys(['guid', 'clones', 'written', 'origin'], false)).toEqual(['guid', 'origin']);
    expect(supportedKeys(['guid', 'clones', 'written', 'origin'], true)).toEqual(['guid', 'clones', 'written', 'origin']);
  });

  it('parses zfs get -H -p (4 columns with source): clones lists, "-" as null, rows in order', () => {
    const rows = parseGet(sample('zfs-get-Hp-written-usedbysnapshots-clones-origin-reconstructed.txt'), ['written', 'usedbysnapshots', 'clones', 'origin'], [
      'name', 'property', 'value', 'source',
    ]);
    expect(rows.map((r) => r.name)).toEqual(['tank/home', 'tank/home@snap1', 'tank/home-clone']);
    expect(rows[0]).toEqual({ name: 'tank/home', written: 4096, usedbysnapshots: 12288, clones: null, origin: null });
    expect(rows[1]).toMatchObject({ written: 524300288, usedbysnapshots: null, clones: ['tank/home-clone'] });
    expect(rows[2]).toMatchObject({ origin: 'tank/home@snap1', usedbysnapshots: 0 });
  });

  it('parses zfs get -H -p -o property,value of one dataset: guid above 2^53 keeps every digit', () => {
    const [r] = parseGet(sample('zfs-get-Hp-o-property-value.txt'), ['type', 'guid', 'createtxg', 'used', 'written', 'usedbysnapshots', 'readonly'], ['property', 'value'], 'FN_NVME/vm-200-disk-0');
    expect(r).toEqual({
      name: 'FN_NVME/vm-200-disk-0', type: 'volume', guid: '6405080408110409435', createtxg: 781713, used: 116133732352,
      written: 533954560, usedbysnapshots: 7034413056, readonly: false,
    });
  });

  it('parses the promote test expectations (origin and clones before and after)', () => {
    const before = parseGet(sample('zfs-promote-before-test-expected.txt'), ['origin', 'clones']);
    const after = parseGet(sample('zfs-promote-after-test-expected.txt'), ['origin', 'clones']);
    expect(before.find((r) => r.name === 'testpool/testclone')!.origin).toBe('testpool/testfs@testsnap');
    expect(after.find((r) => r.name === 'testpool/testfs')!.origin).toBe('testpool/testclone@testsnap');
    expect(after.find((r) => r.name === 'testpool/testclone@testsnap')!.clones).toEqual(['testpool/testfs']);
  });

  it('parses zfs list -H -p with every column Cowshed asks for', () => {
    const keys = ['type', 'used', 'available', 'referenced', 'mountpoint', 'origin', 'clones', 'creation', 'guid', 'createtxg'] as const;
    const rows = parseList(sample('zfs-list-Hp-all-columns-reconstructed.txt'), keys);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toEqual({
      name: 'tank/home@snap1', type: 'snapshot', used: 12288, available: null, referenced: 524300288, mountpoint: null, origin: null,
      clones: ['tank/home-clone'], creation: 1704153600, guid: '16605318765223117419', createtxg: 5021,
    });
    expect(rows[3]).toMatchObject({ name: 'tank/home-clone', origin: 'tank/home@snap1', mountpoint: '/tank/home-clone' });
    expect(rows[4]).toMatchObject({ type: 'volume', mountpoint: null });
  });

  it('splits on TAB only: names with spaces (openzfs/zfs#17202) stay as they are', () => {
    // The sample shows terminal-expanded tabs, which cannot be split: no row may be invented from it.
    expect(parseList(sample('zfs-list-H-names-with-spaces.txt'), ['used', 'available', 'referenced', 'mountpoint'])).toEqual([]);
    const rows = parseList('a/ / \t97\t13\t24\t/a/ / \na/ / @  \t0\t-\t24\t-\n', ['used', 'available', 'referenced', 'mountpoint']);
    expect(rows.map((r) => r.name)).toEqual(['a/ / ', 'a/ / @  ']);
    expect(rows[0]!.mountpoint).toBe('/a/ / ');
  });

  it('parses zfs list|get -j (2.3): values as text, createtxg and type from the dataset fields', () => {
    const list = parseJson(sample('zfs-list-json.json'), ['type', 'used', 'mountpoint', 'createtxg']);
    expect(list.map((r) => r.name)).toEqual(['pool', 'pool/home', 'pool/home/bob', 'pool/home/bob@v1']);
    expect(list[3]).toMatchObject({ type: 'snapshot', mountpoint: null, used: null /* "0B": not -p */ });
    expect(list[1]!.mountpoint).toBe('/mnt/home');
    for (const file of ['zfs-get-json.json', 'zfs-get-json-raw.json', 'zfs-get-json-int-derived.json']) {
      const rows = parseJson(sample(file), ['mountpoint', 'createtxg', 'type']);
      expect(rows, file).toEqual([
        { name: 'pool/home', mountpoint: '/pool/home', createtxg: 10, type: 'filesystem' },
        { name: 'pool/home/bob', mountpoint: '/pool/home/bob', createtxg: 1176, type: 'filesystem' },
      ]);
    }
  });

  it('parses what zfs-fuse prints for zfs get -H -p (captured on this machine)', () => {
    const text = 'zexp/a@s1\tguid\t105706526417650208\nzexp/a@s1\tcreatetxg\t12\nzexp/a@s1\tavailable\t-\nzexp/a@s1\tuserrefs\t1\nzexp/a@s1\tdefer_destroy\toff\n';
    expect(parseGet(text, ['guid', 'createtxg', 'available', 'userrefs'])).toEqual([
      { name: 'zexp/a@s1', guid: '105706526417650208', createtxg: 12, available: null, userrefs: 1 },
    ]);
  });
});
