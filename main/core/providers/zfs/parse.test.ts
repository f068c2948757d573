import { describe, expect, it } from 'vitest';
import { parseZfsVersion } from '../../probe/tools';
import {
  parseDestroyDryRun, parseHolds, parseModuleVersion, parseSendEstimate, parseZfsVersionJson, parseZfsVersionText, parseZpoolGet,
} from './parse';
import { sample } from './test-samples';

describe('zfs holds', () => {
  it('-H: snapshot, tag (may hold ":"), local-time text', () => {
    expect(parseHolds(sample('zfs-holds-H.txt'))).toEqual([
      { snapshot: 'CloudBackup/FN/images/vm-200-disk-1@offsite1-20230427081211', tag: 'zfs_autobackup:offsite1', time: 'Thu Apr 27 08:13 2023' },
    ]);
  });
  it('-H -p (2.2+): epoch seconds, several holds per snapshot, -r descendants', () => {
    const h = parseHolds(sample('zfs-holds-Hp-reconstructed.txt'));
    expect(h.map((x) => [x.snapshot, x.tag, x.time])).toEqual([
      ['tank/home@snap1', 'keep', 1704153600],
      ['tank/home@snap1', '.send-4242-1', 1704157200],
      ['tank/home/bob@snap1', 'keep', 1704153600],
    ]);
  });
  it('no holds: no output', () => expect(parseHolds('')).toEqual([]));
});

describe('zfs destroy -nvp', () => {
  it('snapshots: destroy lines and the exact reclaim', () => {
    expect(parseDestroyDryRun(sample('zfs-destroy-nvp-snapshots-reconstructed.txt'))).toEqual({ destroy: ['tank/home@snap1', 'tank/home/bob@snap1'], reclaim: 1048576 });
  });
  it('filesystem: dependents first, no reclaim line', () => {
    expect(parseDestroyDryRun(sample('zfs-destroy-nvp-filesystem-reconstructed.txt'))).toEqual({
      destroy: ['tank/home/bob@snap1', 'tank/home/bob', 'tank/home@snap1', 'tank/home'],
      reclaim: null,
    });
  });
  it('the human -nv form is not mistaken for -p output', () => {
    expect(parseDestroyDryRun(sample('zfs-destroy-nv-r-snapshot-range.txt'))).toEqual({ destroy: [], reclaim: null });
    // And -Rnv under-reports clones (openzfs/zfs#13806): the dry run never names pool/test2/test1clone.
    expect(sample('zfs-destroy-nv-R-snapshot-with-clone.txt')).not.toContain('test1clone');
  });
});

describe('zfs send -nP estimates', () => {
  it('full and incremental size lines', () => {
    expect(parseSendEstimate(sample('zfs-send-nvP-full.txt'))).toBe(29487181256);
    expect(parseSendEstimate(sample('zfs-send-nvP-reconstructed.txt'))).toBe(3145728);
    expect(parseSendEstimate('incremental\ta\tp/x@b\t100\nincremental\tb\tp/x@c\t50\n')).toBe(150);
  });
  it('treats the bogus uint64 size as unknown', () => {
    expect(parseSendEstimate(sample('zfs-send-nvP-incremental-line.txt'))).toBeNull();
  });
});

describe('zpool get -H -p', () => {
  it('block cloning feature and bclone* numbers', () => {
    const p = parseZpoolGet(sample('zpool-get-Hp-bclone-reconstructed.txt')).get('tank')!;
    expect(p.get('feature@block_cloning')).toBe('active');
    expect(p.get('bcloneused')).toBe('170917888');
    expect(p.get('bcloneratio')).toBe('2.00');
  });
  it('feature rows of zpool get all', () => {
    const p = parseZpoolGet(sample('zpool-get-Hp-all-features-excerpt.txt')).get('FN')!;
    expect(p.get('feature@bookmarks')).toBe('enabled');
    expect(p.get('expandsize')).toBe('-');
  });
});

describe('versions', () => {
  it('zfs version text: userland and kmod, by prefix, with distro suffixes', () => {
    expect(parseZfsVersionText(sample('zfs-version-2.3.2.txt'))).toEqual({ userland: '2.3.2-1', kernel: '2.3.2-1' });
    expect(parseZfsVersionText(sample('zfs-version-2.2.99.txt'))).toEqual({ userland: '2.2.99-1', kernel: '2.2.99-1' });
    expect(parseZfsVersion(sample('zfs-version-mismatch-2.2.0.txt'))).toEqual({ userland: '2.2.0-1', kmod: '2.1.5-1ubuntu6~22.04.1' });
  });
  it('zfs version --json', () => {
    expect(parseZfsVersionJson(sample('zfs-version-json.json'))).toEqual({ userland: '2.4.0-1', kernel: '2.4.0-1' });
  });
  it('/sys/module/zfs/version', () => {
    expect(parseModuleVersion(sample('sys-module-zfs-version.txt'))).toBe('0.8.2-1');
    expect(parseModuleVersion('garbage\n')).toBeNull();
  });
});
