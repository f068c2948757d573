import { describe, expect, it } from 'vitest';
import { blockCloneVerdict, type BlockCloneFacts } from './block-cloning';
import { compareVersions, parseVersion, zfsFeatures } from './features';
import { parseZfsVersionText, parseZpoolGet } from './parse';
import { sample } from './test-samples';

const facts = (over: Partial<BlockCloneFacts>): BlockCloneFacts => ({
  flavor: 'openzfs', version: '2.3.2-1', pool: 'tank', bcloneEnabled: '1\n', feature: 'enabled', ...over,
});

describe('per-pool block cloning verdict', () => {
  it('OpenZFS 2.3.2 with the module switch on and the feature active: usable', () => {
    const feature = parseZpoolGet(sample('zpool-get-Hp-bclone-reconstructed.txt')).get('tank')!.get('feature@block_cloning')!;
    const version = parseZfsVersionText(sample('zfs-version-2.3.2.txt')).kernel;
    expect(blockCloneVerdict(facts({ version, feature }))).toEqual({ ok: true });
    expect(blockCloneVerdict(facts({ feature: 'enabled' }))).toEqual({ ok: true });
  });

  it('refuses the versions with the zero-chunk corruption bug, and says why', () => {
    for (const version of ['2.1.5-1ubuntu6~22.04.1', '2.1.13', '0.8.2-1', '2.2.0-1', '2.2.1']) {
      const v = blockCloneVerdict(facts({ version }));
      expect(v.ok, version).toBe(false);
      expect(v.reason).toMatch(/zero-chunk data corruption bug/);
    }
    // The stale-kmod sample: userland 2.2.0 with kmod 2.1.5. The kmod is what clones.
    const kmod = parseZfsVersionText(sample('zfs-version-mismatch-2.2.0.txt')).kernel;
    expect(blockCloneVerdict(facts({ version: kmod })).reason).toMatch(/2\.1\.5.*corruption/);
  });

  it('2.1.14 is safe but has no block cloning; 2.2.2 is the first usable', () => {
    expect(blockCloneVerdict(facts({ version: '2.1.14' })).reason).toMatch(/needs 2\.2\.2/);
    expect(blockCloneVerdict(facts({ version: '2.2.2-2' }))).toEqual({ ok: true });
  });

  it('zfs_bclone_enabled=0 (the 2.2.x default) or missing: not usable', () => {
    const value = sample('sys-module-zfs-parameters-zfs_bclone_enabled-reconstructed.txt');
    expect(blockCloneVerdict(facts({ version: '2.2.2', bcloneEnabled: value })).reason).toBe('zfs_bclone_enabled is 0 (block cloning is switched off in the zfs module)');
    expect(blockCloneVerdict(facts({ bcloneEnabled: null })).reason).toMatch(/could not be read/);
  });

  it('feature@block_cloning disabled or unknown on the pool: not usable', () => {
    expect(blockCloneVerdict(facts({ feature: 'disabled' })).reason).toMatch(/feature@block_cloning is disabled on pool tank \(zpool upgrade tank/);
    expect(blockCloneVerdict(facts({ feature: null })).reason).toMatch(/does not report feature@block_cloning/);
  });

  it('zfs-fuse: unavailable, with its pool version', () => {
    expect(blockCloneVerdict(facts({ flavor: 'zfs-fuse', version: 'pool v23', poolVersion: 23 })).reason).toMatch(/zfs-fuse \(pool v23\) has no block cloning/);
  });
});

describe('feature detection from flavor and version', () => {
  it('parses and compares versions', () => {
    expect(parseVersion('2.2.2-1ubuntu6~22.04.1')).toEqual([2, 2, 2]);
    expect(parseVersion('pool v23')).toBeNull();
    expect(compareVersions([2, 2, 10], [2, 2, 2])).toBeGreaterThan(0);
  });
  it('zfs-fuse gets only the forms that work everywhere', () => {
    const f = zfsFeatures({ path: '/usr/sbin/zfs', flavor: 'zfs-fuse', version: 'pool v23' });
    expect(f).toMatchObject({ flavor: 'zfs-fuse', listParsable: false, json: false, clonesAndWritten: false, destroyDryRun: false, holdsList: false, diff: false });
  });
  it('OpenZFS 2.2 vs 2.3: -j and holds -p by version', () => {
    expect(zfsFeatures({ path: '/sbin/zfs', flavor: 'openzfs', version: '2.2.7-1' })).toMatchObject({ listParsable: true, json: false, holdsParsable: true, clonesAndWritten: true });
    expect(zfsFeatures({ path: '/sbin/zfs', flavor: 'openzfs', version: '2.3.0-1' }).json).toBe(true);
    expect(zfsFeatures({ path: '/sbin/zfs', flavor: 'openzfs', version: '2.1.14' }).holdsParsable).toBe(false);
  });
  it('no zfs at all: unknown', () => expect(zfsFeatures({ path: null, version: null }).flavor).toBe('unknown'));
});
