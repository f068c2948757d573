import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGetDefault, parseShow, showTimeIso } from './show-format';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');

describe('btrfs subvolume show', () => {
  it('a subvolume with nested subvolumes and snapshots', () => {
    const s = parseShow(fixture('show-subvol.txt'));
    expect(s).toMatchObject({
      path: 'home', name: 'home', uuid: 'b736af28-b06c-f44b-b723-acb0bcccc87a', parentUuid: null, receivedUuid: null,
      otime: '2026-11-21T15:19:34.000Z', id: 256, gen: 13, cgen: 7, parentId: 5, topLevel: 5, readonly: false,
    });
    expect(s.snapshots).toEqual(['.snapshots/home-2024-05-01T10:00:00Z', 'home-clone', '.snapshots/home-2024-05-02T10:00:00Z']);
  });

  it('a read-only snapshot', () => {
    const s = parseShow(fixture('show-snapshot.txt'));
    expect(s).toMatchObject({ id: 261, readonly: true, parentUuid: 'b736af28-b06c-f44b-b723-acb0bcccc87a', name: 'home-2024-05-01T10:00:00Z' });
    expect(s.snapshots).toEqual(['home-from-snap']);
  });

  it('a received subvolume (incremental: parent and received uuid)', () => {
    const s = parseShow(fixture('show-received.txt'));
    expect(s).toMatchObject({ id: 268, readonly: true, receivedUuid: 'f25058ba-15c6-664c-aa25-0ab97fb78395', parentUuid: '1304b027-f9cb-1d42-8119-890c1b2b9b5e' });
    expect(s.snapshots).toEqual([]);
  });

  it('the top level', () => {
    const s = parseShow(fixture('show-toplevel.txt'));
    expect(s).toMatchObject({ path: '/', name: '<FS_TREE>', id: 5, cgen: 0, parentId: 0, readonly: false });
    expect(s.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a path with a space, and a subvolume shown by id through another mount', () => {
    expect(parseShow(fixture('show-space.txt'))).toMatchObject({ path: 'data dir/with space', name: 'with space', id: 259 });
    expect(parseShow(fixture('show-by-id-subvol-mount.txt'))).toMatchObject({ path: 'home/user', id: 257, topLevel: 256 });
  });

  it('refuses unexpected output', () => {
    expect(() => parseShow('ERROR: Not a Btrfs subvolume: Invalid argument\n')).toThrow(/Unexpected output/);
  });

  it('converts creation times with their offset', () => {
    expect(showTimeIso('2026-11-22 00:13:49 +0900')).toBe('2026-11-21T15:13:49.000Z');
    expect(showTimeIso('-')).toBeNull();
  });
});

describe('btrfs subvolume get-default', () => {
  it('reads the id in both forms', () => {
    expect(parseGetDefault(fixture('get-default-subvol.txt'))).toEqual({ id: 256 });
    expect(parseGetDefault(fixture('get-default-toplevel.txt'))).toEqual({ id: 5 });
    expect(() => parseGetDefault('')).toThrow();
  });
});
