// Hostile names and paths against real filesystems (two btrfs loop mounts and a zfs-fuse pool), through the core
// in-process: names a door cannot judge without knowing the filesystem (btrfs "/", ".", "..", 255 bytes; ZFS
// characters, "%", ",", "@", "#", lengths) are refused by the provider with a typed error before any command runs;
// symlinks never lead an operation onto another filesystem; paths outside managed mounts are refused.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CowshedError } from '../../shared/errors';
import { onSpawn } from '../../main/core/exec/run';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { createSubvol, rawSubvolumes, snapshotSubvol } from '../fixtures/btrfs';
import { cli, makeLoopFs, makeZfsPool, sh, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { hostileFileName, hostileSnapshotShortName, hostileZfsDataset, zfsComponent } from '../fixtures/hostile';

let a: LoopFs;
let b: LoopFs;
let z: ZfsPool;
let service: Service;
const spawned: (readonly string[])[] = [];
let off: () => void = () => undefined;

beforeAll(async () => {
  a = makeLoopFs('btrfs');
  b = makeLoopFs('btrfs');
  z = makeZfsPool();
  createSubvol(a, 'vol');
  mkdirSync(join(a.mountpoint, '.snapshots'));
  snapshotSubvol(a, 'vol', '.snapshots/s1');
  createSubvol(b, 'other');
  symlinkSync(join(b.mountpoint, 'other'), join(a.mountpoint, 'escape')); // a subvolume of another filesystem
  symlinkSync(b.mountpoint, join(a.mountpoint, 'to-b')); // a folder of another filesystem
  symlinkSync('/proc', join(a.mountpoint, 'to-proc')); // outside managed mounts
  sh('zfs', ['create', `${z.pool}/ds`]);
  sh('zfs', ['snapshot', `${z.pool}/ds@s1`]);
  service = new Service({ journal: new Journal(join(a.dir, 'journal.jsonl')), probeTtlMs: Number.MAX_SAFE_INTEGER });
  await service.ctx.probe(); // tool detection runs once, before we watch
  off = onSpawn((argv) => spawned.push(argv));
});
afterAll(() => {
  off();
  for (const f of [z, b, a]) f?.cleanup();
});

/** The error code of a call, and the processes it started. */
async function attempt(method: string, req: unknown): Promise<{ code: string; argv: (readonly string[])[] }> {
  const before = spawned.length;
  let code = 'ACCEPTED';
  try {
    await service.call(method as never, req as never);
  } catch (e) {
    code = e instanceof CowshedError ? e.code : `UNTYPED ${String(e)}`;
  }
  return { code, argv: spawned.slice(before) };
}

/** Refused with one of `codes` and not a single process started. */
async function refusedBeforeAnyCommand(method: string, req: unknown, codes: string[]): Promise<void> {
  const r = await attempt(method, req);
  expect(r.argv, `${method} ${JSON.stringify(req)} ran commands`).toEqual([]);
  expect(codes, `${method} ${JSON.stringify(req)} → ${r.code}`).toContain(r.code);
}

const RUNS = 200;
const btrfsOnly = hostileFileName.filter(([rule, n]) => n !== '' && ['contains /', 'empty or dot', 'over 255 bytes'].includes(rule));
/** Hostile clone names the door lets through (a short name becomes a sibling dataset, so pool rules do not apply). */
const zfsCloneName = hostileZfsDataset.filter(
  ([rule, n]) => !['empty', 'leading -', 'control character', 'lone surrogate', 'pool not starting with a letter', 'reserved pool'].includes(rule) && !n.startsWith('-'),
);
const zfsOnly = hostileSnapshotShortName.filter(([rule, n]) => n !== '' && !['control character', 'lone surrogate', 'leading -'].includes(rule));

describe('btrfs names are checked by the provider before any btrfs command', () => {
  const targets = () => [`btrfs:${a.mountpoint}:vol`, join(a.mountpoint, 'vol')];
  it('createSnapshot --name with "/", "." / "..", over 255 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets()), btrfsOnly, async (target, [, name]) => {
        await refusedBeforeAnyCommand('createSnapshot', { target, name }, ['INVALID_NAME']);
      }),
      { numRuns: RUNS },
    );
  });
  it('renameSnapshot and cloneSnapshot with the same', async () => {
    const snap = `btrfs:${a.mountpoint}:.snapshots/s1`;
    await fc.assert(
      fc.asyncProperty(btrfsOnly, async ([, name]) => {
        await refusedBeforeAnyCommand('renameSnapshot', { target: snap, newName: name }, ['INVALID_NAME']);
        // a name with "/" is a path for btrfs clones: refused as a name, a path, or a place off this filesystem
        await refusedBeforeAnyCommand('cloneSnapshot', { snapshot: snap, name }, ['INVALID_NAME', 'INVALID_PATH', 'CROSS_DEVICE', 'PATH_NOT_FOUND']);
      }),
      { numRuns: RUNS },
    );
  });
  it('clone paths with .. or a bad last component', async () => {
    const snap = `btrfs:${a.mountpoint}:.snapshots/s1`;
    for (const name of [`${a.mountpoint}/../x`, `${a.mountpoint}/./x`, `${a.mountpoint}/x/..`, `${a.mountpoint}/-x`, 'sub/dir'])
      await refusedBeforeAnyCommand('cloneSnapshot', { snapshot: snap, name }, ['INVALID_NAME', 'INVALID_PATH']);
  });
  it('btrfs ids that climb out with .. or carry controls', async () => {
    for (const target of [`btrfs:${a.mountpoint}:..`, `btrfs:${a.mountpoint}:vol/../..`, `btrfs:${a.mountpoint}:./vol`, `btrfs:${a.mountpoint}:vol\n`])
      for (const method of ['planDestroy', 'createSnapshot', 'snapshots', 'lineage'])
        await refusedBeforeAnyCommand(method, { target }, ['INVALID_PATH']);
  });
});

describe('ZFS names are checked before any zfs command', () => {
  const ds = () => `zfs:${z.pool}/ds`;
  const snap = () => `zfs:${z.pool}/ds@s1`;
  it('createSnapshot --name: characters, %, ",", @, #, /, . and .., over 255 bytes in all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(ds(), join(z.mountpoint, 'ds')), fc.oneof(zfsOnly, zfsComponent.map((c) => ['too long', c.padEnd(256, 'x')] as [string, string])), async (target, [, name]) => {
        await refusedBeforeAnyCommand('createSnapshot', { target, name }, ['INVALID_NAME']);
      }),
      { numRuns: RUNS },
    );
  });
  it('renameSnapshot, cloneSnapshot and hold', async () => {
    await fc.assert(
      fc.asyncProperty(zfsOnly, zfsCloneName, async ([, name], [, clone]) => {
        await refusedBeforeAnyCommand('renameSnapshot', { target: snap(), newName: name }, ['INVALID_NAME']);
        await refusedBeforeAnyCommand('cloneSnapshot', { snapshot: snap(), name: clone }, ['INVALID_NAME', 'CROSS_DEVICE']);
      }),
      { numRuns: RUNS },
    );
    await refusedBeforeAnyCommand('renameSnapshot', { target: snap(), newName: `${z.pool}/other@s2` }, ['INVALID_NAME']);
    await refusedBeforeAnyCommand('cloneSnapshot', { snapshot: snap(), name: 'otherpool/c' }, ['CROSS_DEVICE']);
    await refusedBeforeAnyCommand('hold', { target: snap(), tag: 'x'.repeat(256) }, ['INVALID_NAME']);
  });
});

describe('symlinks never carry an operation onto another filesystem', () => {
  const bSubvols = () => rawSubvolumes(b).map((s) => s.path).sort();
  const aSubvols = () => rawSubvolumes(a).map((s) => s.path).sort();
  const mutating = (argv: (readonly string[])[]) => argv.filter((x) => /\/(btrfs|zfs)$/.test(x[0]!) && /^(snapshot|delete|create|destroy|clone|rename)$/.test(x[2] ?? x[1] ?? ''));

  it('listDir on a symlink to a folder elsewhere is "not a folder"; through one into /proc is outside the mounts', async () => {
    await refusedBeforeAnyCommand('listDir', { path: join(a.mountpoint, 'escape') }, ['INVALID_PATH']);
    await refusedBeforeAnyCommand('listDir', { path: join(a.mountpoint, 'to-proc', 'sys') }, ['OUTSIDE_MOUNTS']);
  });

  it('createSnapshot / planDestroy / setReadonly on a symlink to another btrfs subvolume are refused and touch nothing', async () => {
    const before = [aSubvols(), bSubvols()];
    for (const [method, req] of [
      ['createSnapshot', { target: join(a.mountpoint, 'escape') }],
      ['planDestroy', { target: join(a.mountpoint, 'escape') }],
      ['setReadonly', { target: join(a.mountpoint, 'escape'), readonly: true }],
    ] as const) {
      const r = await attempt(method, req);
      expect(r.code, `${method} through a symlink`).toMatch(/^(NOT_FOUND|INVALID_PATH|OUTSIDE_MOUNTS|USAGE)$/);
      expect(mutating(r.argv)).toEqual([]);
    }
    expect([aSubvols(), bSubvols()]).toEqual(before);
    expect(sh('btrfs', ['property', 'get', '-ts', join(b.mountpoint, 'other'), 'ro']).trim()).toBe('ro=false');
    // a read through it stands for the subvolume that holds the link (as for any path inside it), never for b's
    const listed = await service.call('snapshots', { target: join(a.mountpoint, 'escape') });
    expect(JSON.stringify(listed)).not.toContain(b.mountpoint);
  });

  it('a clone whose folder is a symlink to another filesystem is refused before btrfs runs', async () => {
    const before = [aSubvols(), bSubvols()];
    const r = await attempt('cloneSnapshot', { snapshot: `btrfs:${a.mountpoint}:.snapshots/s1`, name: join(a.mountpoint, 'to-b', 'c1') });
    expect(r.code).toMatch(/^(CROSS_DEVICE|INVALID_PATH|OUTSIDE_MOUNTS)$/);
    expect(mutating(r.argv)).toEqual([]);
    expect([aSubvols(), bSubvols()]).toEqual(before);
  });
});

describe('paths outside managed mounts', () => {
  it.each([
    ['listDir', { path: '/proc/sys' }],
    ['listDir', { path: '/dev/shm' }],
    ['createSnapshot', { target: '/proc' }],
    ['planDestroy', { target: '/dev/shm' }],
    ['snapshots', { target: '/sys/kernel' }],
  ])('%s %j → OUTSIDE_MOUNTS, no command', async (method, req) => {
    await refusedBeforeAnyCommand(method, req, ['OUTSIDE_MOUNTS']);
  });
  it('a folder on ext4 (no snapshots) is refused, and a missing path is PATH_NOT_FOUND', async () => {
    await refusedBeforeAnyCommand('createSnapshot', { target: a.dir }, ['OUTSIDE_MOUNTS', 'NOT_SUPPORTED']);
    await refusedBeforeAnyCommand('planDestroy', { target: join(a.mountpoint, 'no-such') }, ['PATH_NOT_FOUND']);
  });
});

describe('the CLI door: hostile input exits 2 with a typed JSON error', () => {
  it.each([
    ['snapshot', () => [`zfs:${z.pool}/ds`, '--name', 'a%b']],
    ['snapshot', () => [`btrfs:${a.mountpoint}:vol`, '--name', '../x']],
    ['snapshot', () => [`btrfs:${a.mountpoint}:vol`, '--name', 'x\ny']],
    ['destroy', () => [`btrfs:${a.mountpoint}:vol/../..`, '--dry-run']],
    ['destroy', () => [`zfs:${z.pool}/ds@a@b`, '--dry-run']],
    ['snapshots', () => ['relative/../path']],
    ['snapshots', () => ['/proc/self']],
    ['rename', () => [`zfs:${z.pool}/ds@s1`, '-evil']],
  ] as const)('cowshed %s …', (verb, args) => {
    const r = cli([verb, ...args(), '--json']);
    expect(r.code, r.stderr).toBe(2);
    const err = (JSON.parse(r.stderr) as { error: { code: string } }).error;
    expect(['USAGE', 'INVALID_NAME', 'INVALID_PATH', 'OUTSIDE_MOUNTS', 'PATH_NOT_FOUND']).toContain(err.code);
  });
});
