import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBtrfsDu, parseDestroyDryRun, parseQgroups } from './space-parse';

const fixture = (f: string) => readFileSync(join(import.meta.dirname, 'fixtures', f), 'utf8');

describe('space figures', () => {
  it('btrfs filesystem du -s --raw', () => {
    expect(parseBtrfsDu(fixture('btrfs-fi-du-s-raw.txt'))).toEqual([
      { total: 65536, exclusive: 0, setShared: 45056, path: 'mnt/v2' },
      { total: 53248, exclusive: 0, setShared: 53248, path: 'mnt/v2s1' },
      { total: 65536, exclusive: 0, setShared: 45056, path: 'mnt/v2s2' },
      { total: 0, exclusive: 0, setShared: 0, path: 'mnt/vol/sp ace.txt' },
    ]);
    expect(parseBtrfsDu('     Total   Exclusive  Set shared  Filename\n      4096        4096           -  a b/c\n')).toEqual([
      { total: 4096, exclusive: 4096, setShared: null, path: 'a b/c' },
    ]);
  });

  it('btrfs qgroup show --raw, with and without the parent / child columns, and quotas off', () => {
    const plain = parseQgroups(fixture('btrfs-qgroup-show-raw.txt'));
    expect(plain.find((q) => q.id === 260)).toEqual({ level: 0, id: 260, referenced: 69632, exclusive: 16384 });
    expect(parseQgroups(fixture('btrfs-qgroup-show-raw-p-c.txt'))).toEqual(plain);
    expect(parseQgroups(fixture('btrfs-qgroup-show-disabled.txt'))).toEqual([]);
  });

  it('zfs destroy -nvp (OpenZFS sample)', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../../shared/samples/openzfs/zfs-destroy-nvp-snapshots-reconstructed.txt'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    expect(parseDestroyDryRun(text)).toEqual({ destroy: ['tank/home@snap1', 'tank/home/bob@snap1'], reclaim: 1048576 });
  });
});
