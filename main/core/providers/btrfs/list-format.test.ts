import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listArgs, parseList, type ListQuery } from './list-format';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');
const HOME_UUID = 'b736af28-b06c-f44b-b723-acb0bcccc87a';

describe('btrfs subvolume list: argv and parser from one declaration', () => {
  it('builds the argv for each query', () => {
    expect(listArgs({ scope: 'all', fields: ['cgen', 'uuid', 'parentUuid', 'receivedUuid'] }, '/m')).toEqual([
      'subvolume', 'list', '-a', '-c', '-q', '-R', '-u', '/m',
    ]);
    expect(listArgs({ scope: 'all', fields: [], snapshotsOnly: true, readonlyOnly: true }, '/m')).toEqual(['subvolume', 'list', '-a', '-s', '-r', '/m']);
    expect(listArgs({ scope: 'below', fields: ['parent'] }, '/m/home')).toEqual(['subvolume', 'list', '-o', '-p', '/m/home']);
  });

  it('-a -c -u -q -R: every subvolume with full paths, uuids and ogen', () => {
    const rows = parseList(fixture('list-a-c-u-q-R.txt'), { scope: 'all', fields: ['cgen', 'uuid', 'parentUuid', 'receivedUuid'] }, 5);
    expect(rows).toHaveLength(13);
    expect(rows[0]).toEqual({
      id: 256, gen: 13, cgen: 7, parent: null, topLevel: 5, otime: null, parentUuid: null, receivedUuid: null, uuid: HOME_UUID, path: 'home',
    });
    expect(rows.map((r) => r.path)).toContain('home/user/cache'); // "<FS_TREE>/" marker stripped
    expect(rows.find((r) => r.id === 259)!.path).toBe('data dir/with space');
    expect(rows.find((r) => r.id === 260)!.path).toBe('odd\nname'); // newline in the name: continuation line
    const snap = rows.find((r) => r.id === 261)!;
    expect(snap.parentUuid).toBe(HOME_UUID);
    expect(snap.receivedUuid).toBeNull();
    const incremental = rows.find((r) => r.id === 268)!;
    expect(incremental).toMatchObject({ parentUuid: '1304b027-f9cb-1d42-8119-890c1b2b9b5e', receivedUuid: 'f25058ba-15c6-664c-aa25-0ab97fb78395', cgen: 16, gen: 17 });
  });

  it('-a from a mount of subvol=home: the marker depends on the top level, paths stay full', () => {
    const q: ListQuery = { scope: 'all', fields: ['cgen', 'uuid', 'parentUuid', 'receivedUuid'] };
    const fromSub = parseList(fixture('list-subvol-mount-a-c-u-q-R.txt'), q, 256);
    const fromTop = parseList(fixture('list-a-c-u-q-R.txt'), q, 5);
    expect(fromSub.map((r) => [r.id, r.path])).toEqual(fromTop.map((r) => [r.id, r.path]));
    expect(fromSub.find((r) => r.id === 257)!.path).toBe('home/user');
  });

  it('-a -s (snapshots): cgen and otime come with -s; otime is read as UTC', () => {
    const rows = parseList(fixture('list-a-s-c-u-q-R.txt'), { scope: 'all', fields: ['cgen', 'uuid', 'parentUuid', 'receivedUuid'], snapshotsOnly: true }, 5);
    expect(rows.map((r) => r.id)).toEqual([261, 262, 263, 264, 266, 268]);
    expect(rows[0]!.otime).toBe('2026-11-21T15:19:34.000Z');
    expect(rows[0]!.cgen).toBe(7);
    const bare = parseList(fixture('list-subvol-mount-a-s.txt'), { scope: 'all', fields: [], snapshotsOnly: true }, 256);
    expect(bare.map((r) => r.path)).toEqual(rows.map((r) => r.path));
    expect(bare[0]).toMatchObject({ uuid: null, parentUuid: null, cgen: 7, otime: '2026-11-21T15:19:34.000Z' });
  });

  it('-a -r and -a -s -r: read-only ones only', () => {
    expect(parseList(fixture('list-a-r.txt'), { scope: 'all', fields: [], readonlyOnly: true }, 5).map((r) => r.id)).toEqual([261, 263, 265, 266, 267, 268]);
    const ros = parseList(fixture('list-a-s-r.txt'), { scope: 'all', fields: [], snapshotsOnly: true, readonlyOnly: true }, 5);
    expect(ros.map((r) => r.id)).toEqual([261, 263, 266, 268]);
  });

  it('-o: children of the path\'s subvolume, full paths', () => {
    const top = parseList(fixture('list-o.txt'), { scope: 'below', fields: [] }, 5);
    expect(top.map((r) => r.id)).toEqual([256, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268]);
    const home = parseList(fixture('list-o-c-u-q-R-home.txt'), { scope: 'below', fields: ['cgen', 'uuid', 'parentUuid', 'receivedUuid'] }, 256);
    expect(home).toEqual([expect.objectContaining({ id: 257, topLevel: 256, path: 'home/user', uuid: '03a98391-c061-5e4d-b2bd-7f4d2992fe2b' })]);
  });

  it('-p: parent id column before top level', () => {
    const rows = parseList(fixture('list-p.txt'), { scope: 'below', fields: ['parent'] }, 5);
    expect(rows.find((r) => r.id === 258)).toMatchObject({ parent: 257, topLevel: 257, path: 'home/user/cache' });
  });

  it('refuses output in a format it was not asked for, instead of guessing', () => {
    expect(() => parseList(fixture('list-default.txt'), { scope: 'all', fields: ['uuid'] }, 5)).toThrow(/Unexpected output/);
    expect(() => parseList('garbage\n', { scope: 'all', fields: [] }, 5)).toThrow(/Unexpected output/);
    expect(parseList('', { scope: 'all', fields: [] }, 5)).toEqual([]);
  });

  it('keeps a literal "<FS_TREE>" directory when the row has no marker', () => {
    const text = 'ID 300 gen 9 top level 256 path <FS_TREE>/x\n';
    expect(parseList(text, { scope: 'all', fields: [] }, 256)[0]!.path).toBe('<FS_TREE>/x');
    expect(parseList(text, { scope: 'all', fields: [] }, 5)[0]!.path).toBe('x');
  });
});
