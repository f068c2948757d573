// What a clone leaves behind when it cannot finish (ENOSPC, SIGKILL, cancel) or is asked the wrong thing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTrees, generateTree } from '../bench/clone-tree';
import { CLI, cli, fixtureDir, makeLoopFs, sh, type LoopFs } from '../fixtures/fs';
import { ENV, partials, run, visible } from './clone-helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let btrfs: LoopFs, small: LoopFs, ro: LoopFs;
beforeAll(() => {
  btrfs = makeLoopFs('btrfs', { sizeMB: 512 });
  small = makeLoopFs('xfs', { sizeMB: 320 });
  ro = makeLoopFs('ext4', { sizeMB: 32, mountOptions: 'ro' });
});
afterAll(() => {
  for (const f of [btrfs, small, ro]) f?.cleanup();
});

/** Fill a filesystem until only about `leaveKiB` is free. */
function fill(mp: string, leaveKiB: number): void {
  const dir = join(mp, 'filler');
  mkdirSync(dir);
  let i = 0;
  for (const size of ['16M', '1M', '64K', '4K']) {
    for (;;) {
      if (spawnSync('fallocate', ['-l', size, join(dir, `f${i}`)]).status !== 0) break;
      i++;
    }
  }
  const free = () => Number(sh('df', ['-k', '--output=avail', mp]).split('\n')[1]);
  for (let k = 0; k < i && free() < leaveKiB; k++) spawnSync('rm', ['-f', join(dir, `f${i - 1 - k}`)]);
}

describe('a clone that cannot finish leaves nothing visible', () => {
  it('ENOSPC in the middle of a folder clone: no partial, untouched source', () => {
    const src = join(small.mountpoint, 'tree');
    // 1,200 entries: their inodes and folders need about 0.6 MB of XFS metadata, more than is left (a clone of
    // 600 entries needs about 0.3 MB and could fit, depending on how many creates are in flight at once).
    generateTree(src, { folders: 20, subfolders: 10, filesPerFolder: 5 });
    const before = fixtureDir('enospc-copy');
    sh('cp', ['-a', src, join(before, 'tree')]);
    fill(small.mountpoint, 400);
    const r = run(['clone', src]);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('NO_SPACE');
    expect(r.error?.message).toMatch(/ran out of space/);
    expect(visible(small.mountpoint)).toEqual(['filler', 'tree']);
    expect(partials(small.mountpoint)).toEqual([]);
    expect(compareTrees(join(before, 'tree'), src)).toEqual([]);
  });

  it('SIGKILL mid-clone: only a hidden partial remains, and the next start removes it', async () => {
    const src = join(btrfs.mountpoint, 'big');
    generateTree(src, { folders: 40, subfolders: 10, filesPerFolder: 5 });
    sh('sync', []);
    const child = spawn(process.execPath, [CLI, 'clone', src], { env: { ...process.env, ...ENV }, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    let found: string[] = [];
    for (let i = 0; i < 2000 && found.length === 0; i++) {
      found = partials(btrfs.mountpoint);
      if (!found.length) await sleep(2);
    }
    expect(found.length).toBe(1);
    await sleep(30); // let it write some of the tree
    child.kill('SIGKILL');
    await exited;
    expect(visible(btrfs.mountpoint)).toEqual(['big']);
    expect(partials(btrfs.mountpoint)).toEqual(found); // hidden, not visible
    const next = cli(['probe'], { env: ENV }); // any start sweeps the leftovers of dead processes
    expect(next.code, next.stderr).toBe(0);
    expect(partials(btrfs.mountpoint)).toEqual([]);
    expect(readdirSync(join(ENV.XDG_STATE_HOME, 'cowshed', 'partials'))).toEqual([]);
  });

  it('a leftover of a dead process in the destination folder is removed by the next clone there', () => {
    const dir = join(btrfs.mountpoint, 'leftover');
    mkdirSync(join(dir, '.x.cowshed-partial-999999-0123abcd', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.y.cowshed-partial-1-0123abcd')); // pid 1 is alive: never touched
    writeFileSync(join(dir, 'a.txt'), 'a');
    const r = run(['clone', join(dir, 'a.txt')]);
    expect(r.code, r.stderr).toBe(0);
    expect(partials(dir)).toEqual(['.y.cowshed-partial-1-0123abcd']);
  });

  it('Ctrl-C cancels: exit 1, CANCELLED, nothing left', async () => {
    const src = join(btrfs.mountpoint, 'big');
    const child = spawn(process.execPath, [CLI, 'clone', src, join(btrfs.mountpoint, 'cancelled'), '--json'], { env: { ...process.env, ...ENV } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 2000 && partials(btrfs.mountpoint).length === 0; i++) await sleep(2);
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/"code":"CANCELLED"/);
    expect(partials(btrfs.mountpoint)).toEqual([]);
    expect(visible(btrfs.mountpoint)).not.toContain('cancelled');
  });
});

describe('bad input: exit 2, a clear error, nothing written', () => {
  it.each([
    ['a missing source', () => ['clone', join(btrfs.mountpoint, 'nope')], 'PATH_NOT_FOUND'],
    ['a path with a ".." component', () => ['clone', `${btrfs.mountpoint}/big/../big`], 'INVALID_PATH'],
    ['a destination inside the source', () => ['clone', join(btrfs.mountpoint, 'big'), join(btrfs.mountpoint, 'big', 'd0', 'inside')], 'INVALID_PATH'],
    ['the source itself', () => ['clone', join(btrfs.mountpoint, 'big'), join(btrfs.mountpoint, 'big')], 'INVALID_PATH'],
    ['a destination on a read-only mount', () => ['clone', join(btrfs.mountpoint, 'big'), join(ro.mountpoint, 'x')], 'INVALID_PATH'],
    ['a destination folder that does not exist', () => ['clone', join(btrfs.mountpoint, 'big'), join(btrfs.mountpoint, 'no', 'such')], 'PATH_NOT_FOUND'],
    ['an unknown policy', () => ['clone', join(btrfs.mountpoint, 'big'), '--reflink', 'sometimes'], 'USAGE'],
  ])('%s', (_what, args, code) => {
    const before = visible(btrfs.mountpoint);
    const r = run(args());
    expect(r.code, r.stderr).toBe(2);
    expect(r.error?.code).toBe(code);
    expect(visible(btrfs.mountpoint)).toEqual(before);
    expect(partials(btrfs.mountpoint)).toEqual([]);
  });

  it('says why in words without --json', () => {
    const r = cli(['clone', join(btrfs.mountpoint, 'big'), join(ro.mountpoint, 'x')], { env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/read-only mount/);
  });
});
