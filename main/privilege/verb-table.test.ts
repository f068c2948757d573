import { describe, expect, it } from 'vitest';
import { buildArgv, parseArgv } from './grammar';
import { matchCommand, matchPipeline, VERBS } from './verb-table';

// The argv providers build (their own argv builders' shapes) must be recognised as helper verbs, and the argv the
// helper builds back from the structured arguments must mean the same thing.
const recognised: [string, string[], string][] = [
  ['zfs', ['get', '-H', '-p', '-r', '-o', 'name,property,value', 'guid,createtxg,type,origin', 'tank/a'], 'zfs.get'],
  ['zfs', ['get', '-H', '-p', '-d', '1', '-o', 'name,property,value', 'guid', 'tank', 'tank/b@s'], 'zfs.get'],
  ['zfs', ['get', '-j', '-p', '-r', 'guid,createtxg', 'tank'], 'zfs.get'],
  ['zfs', ['list', '-H', '-p', '-o', 'name,guid,createtxg', '-t', 'snapshot', '-s', 'createtxg', '-d', '1', 'tank/a'], 'zfs.list'],
  ['zfs', ['list', '-H'], 'zfs.list'],
  ['zpool', ['get', '-H', '-p', '-o', 'name,property,value', 'feature@block_cloning', 'tank'], 'zpool.get'],
  ['zpool', ['upgrade', '-v'], 'zpool.upgrade-versions'],
  ['zfs', ['snapshot', '-r', 'tank/a@x', 'tank/b@x'], 'zfs.snapshot'],
  ['zfs', ['snapshot', '-o', 'com.cowshed:note=before upgrade', 'tank/a@x'], 'zfs.snapshot'],
  ['zfs', ['clone', '-o', 'readonly=off', 'tank/a@x', 'tank/a-clone'], 'zfs.clone'],
  ['zfs', ['destroy', '-rR', 'tank/a@x'], 'zfs.destroy'],
  ['zfs', ['rollback', '-r', 'tank/a@x'], 'zfs.rollback'],
  ['zfs', ['rename', 'tank/a@x', 'tank/a@y'], 'zfs.rename'],
  ['zfs', ['set', 'readonly=on', 'tank/a'], 'zfs.set'],
  ['zfs', ['hold', 'keep', 'tank/a@x'], 'zfs.hold'],
  ['zfs', ['promote', 'tank/a-clone'], 'zfs.promote'],
  ['btrfs', ['subvolume', 'list', '-a', '-s', '-r', '-c', '-p', '-q', '-R', '-u', '/mnt/data'], 'btrfs.subvolume.list'],
  ['btrfs', ['subvolume', 'list', '-o', '-gu', '--sort=gen', '/mnt/data'], 'btrfs.subvolume.list'],
  ['btrfs', ['subvolume', 'show', '/mnt/data/home'], 'btrfs.subvolume.show'],
  ['btrfs', ['subvolume', 'snapshot', '-r', '/mnt/data/home', '/mnt/data/.snapshots/home-1'], 'btrfs.subvolume.snapshot'],
  ['btrfs', ['subvolume', 'delete', '--subvolid', '257', '/mnt/data'], 'btrfs.subvolume.delete'],
  ['btrfs', ['subvolume', 'delete', '-c', '/mnt/data/a', '/mnt/data/b'], 'btrfs.subvolume.delete'],
  ['btrfs', ['property', 'set', '-t', 'subvol', '/mnt/data/s', 'ro', 'false'], 'btrfs.property.set-ro'],
  ['btrfs', ['property', 'get', '/mnt/data/s', 'ro'], 'btrfs.property.get'],
  ['mount', ['-t', 'btrfs', '-o', 'subvolid=5,ro', '/dev/loop3', '/run/cowshed/top'], 'mount.btrfs'],
  ['/usr/sbin/zfs', ['list', '-H', '-o', 'name'], 'zfs.list'],
];

const refused: [string, string[]][] = [
  ['zfs', ['receive', '-F', 'tank/b']],
  ['zfs', ['destroy', '-n', 'tank/a']],
  ['zfs', ['set', 'sharenfs=on', 'tank/a']],
  ['zfs', ['snapshot']],
  ['zfs', ['upgrade', '-a']],
  ['zpool', ['destroy', 'tank']],
  ['btrfs', ['subvolume', 'set-default', '5', '/mnt']],
  ['btrfs', ['property', 'set', '/mnt/data/s', 'label', 'x']],
  ['btrfs', ['send', '-f', '/etc/shadow', '/mnt/s']],
  ['btrfs', ['subvolume', 'list', '-X', '/mnt']],
  ['sh', ['-c', 'id']],
  ['bash', ['-c', 'id']],
  ['rm', ['-rf', '/']],
  ['mount', ['-o', 'bind', '/etc', '/mnt/x']],
];

describe('the verb table', () => {
  it.each(recognised)('recognises %s %j', (tool, args, verb) => {
    const m = matchCommand(tool, args);
    expect(m?.spec.verb).toBe(verb);
    const built = buildArgv(m!.spec, m!.args);
    expect(parseArgv(m!.spec, built)).toEqual(m!.args);
  });

  it.each(refused)('has no verb for %s %j', (tool, args) => {
    expect(matchCommand(tool, args)).toBeNull();
  });

  it('builds canonical argv: flags split, before positionals', () => {
    const m = matchCommand('zfs', ['destroy', '-rR', 'tank/a@x'])!;
    expect(buildArgv(m.spec, m.args)).toEqual(['destroy', '-r', '-R', 'tank/a@x']);
    const l = matchCommand('btrfs', ['subvolume', 'list', '-o', '-gu', '--sort=gen', '/mnt/data'])!;
    expect(buildArgv(l.spec, l.args)).toEqual(['subvolume', 'list', '-o', '-g', '-u', '--sort=gen', '/mnt/data']);
  });

  it('pipes only send into its own receive', () => {
    const send = { tool: 'zfs', args: ['send', '-i', '@a', 'tank/a@b'] };
    expect(matchPipeline(send, { tool: 'zfs', args: ['receive', '-u', 'tank/copy'] })).not.toBeNull();
    expect(matchPipeline({ tool: 'btrfs', args: ['send', '--no-data', '-p', '/m/a', '/m/b'] }, { tool: 'btrfs', args: ['receive', '--dump'] })).not.toBeNull();
    expect(matchPipeline(send, { tool: 'btrfs', args: ['receive', '/m'] })).toBeNull();
    expect(matchPipeline({ tool: 'zfs', args: ['list'] }, { tool: 'zfs', args: ['receive', 'tank/x'] })).toBeNull();
  });

  it('every verb has a doc line, a tool path it resolves by name, and sane timeouts', () => {
    for (const v of VERBS.values()) {
      expect(v.doc.length).toBeGreaterThan(5);
      expect(v.timeoutMs).toBeLessThanOrEqual(v.maxTimeoutMs);
      expect(['zfs', 'zpool', 'btrfs', 'mount', 'umount']).toContain(v.tool);
    }
  });
});
