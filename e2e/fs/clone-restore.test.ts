// Restore from snapshots by reflink (btrfs across subvolumes, ZFS), and fileInfo's shared / exclusive bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Service } from '../../main/core/service';
import { compareTrees, generateTree } from '../bench/clone-tree';
import { cli, makeLoopFs, makeZfsPool, sh, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { ENV, partials, sharedBytes, visible } from './clone-helpers';

let btrfs: LoopFs, xfs: LoopFs, zfs: ZfsPool;
let vol: string, snap: string;
const original = randomBytes(300_000);
beforeAll(() => {
  btrfs = makeLoopFs('btrfs', { sizeMB: 512 });
  xfs = makeLoopFs('xfs');
  zfs = makeZfsPool();
  vol = join(btrfs.mountpoint, 'home');
  sh('btrfs', ['subvolume', 'create', vol]);
  writeFileSync(join(vol, 'notes.bin'), original);
  generateTree(join(vol, 'docs'), { folders: 3, subfolders: 3, filesPerFolder: 5 });
  mkdirSync(join(btrfs.mountpoint, 'snaps'));
  snap = join(btrfs.mountpoint, 'snaps', 'home-1');
  sh('btrfs', ['subvolume', 'snapshot', '-r', vol, snap]);
});
afterAll(() => {
  for (const f of [btrfs, xfs, zfs]) f?.cleanup();
});

const restore = (args: string[]) => {
  const r = cli(['restore', ...args, '--json'], { env: ENV });
  return { code: r.code, stderr: r.stderr, json: r.code === 0 ? (JSON.parse(r.stdout) as { result: { method: string; sharingVerified: boolean; notes: string[] } }) : null };
};

describe('restore on btrfs (snapshot → live subvolume, by reflink)', () => {
  it('restores a changed file, keeping the current one as "(before restore)"', () => {
    const live = join(vol, 'notes.bin');
    writeFileSync(live, 'changed since');
    const r = restore([live, '--from', snap]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json!.result).toMatchObject({ method: 'reflink', sharingVerified: true });
    expect(readFileSync(live).equals(original)).toBe(true);
    expect(readFileSync(join(vol, 'notes (before restore).bin'), 'utf8')).toBe('changed since');
    expect(sharedBytes(live).shared).toBeGreaterThan(0);
    expect(partials(vol)).toEqual([]);
  });

  it('replacing needs --yes after the plan; then the old version is gone', () => {
    const live = join(vol, 'notes.bin');
    writeFileSync(live, 'second change');
    const plan = cli(['restore', live, '--from', `btrfs:${btrfs.mountpoint}:snaps/home-1`, '--overwrite'], { env: ENV });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/replace/);
    expect(plan.stderr).toMatch(/--yes/);
    expect(readFileSync(live, 'utf8')).toBe('second change');
    const r = restore([live, '--from', `btrfs:${btrfs.mountpoint}:snaps/home-1`, '--overwrite', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(live).equals(original)).toBe(true);
    expect(visible(vol)).toEqual(['docs', 'notes (before restore).bin', 'notes.bin']);
  });

  it('restores a deleted folder, and to another place with --to', () => {
    rmSync(join(vol, 'docs'), { recursive: true });
    const r = restore([join(vol, 'docs'), '--from', snap]);
    expect(r.code, r.stderr).toBe(0);
    expect(compareTrees(join(snap, 'docs'), join(vol, 'docs'))).toEqual([]);
    const to = join(btrfs.mountpoint, 'restored-notes.bin');
    const t = restore([join(vol, 'notes.bin'), '--from', snap, '--to', to]);
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(to).equals(original)).toBe(true);
  });

  it('says what is missing (exit 2) and refuses a folder that is not a snapshot', () => {
    const a = restore([join(vol, 'never-existed.txt'), '--from', snap]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/not in snapshot/);
    const b = restore([join(vol, 'notes.bin'), '--from', join(vol, 'docs')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/not a btrfs snapshot/);
    expect(restore([join(vol, 'notes.bin')]).code).toBe(2);
  });
});

describe('restore from ZFS (zfs-fuse has no .zfs folder)', () => {
  it('restores through browseSnapshot, or says clearly why it cannot', () => {
    const ds = `${zfs.pool}/r`;
    sh('zfs', ['create', ds]);
    const live = join(zfs.mountpoint, 'r', 'f.txt');
    writeFileSync(live, 'v1');
    sh('zfs', ['snapshot', `${ds}@s1`]);
    writeFileSync(live, 'v2');
    const r = cli(['restore', live, '--from', `zfs:${ds}@s1`, '--json'], { env: ENV });
    if (r.code === 0) {
      expect(readFileSync(live, 'utf8')).toBe('v1');
    } else {
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringContaining(`${ds}@s1`) });
      expect(readFileSync(live, 'utf8')).toBe('v2');
    }
  });
});

describe('fileInfo', () => {
  it('splits shared and exclusive bytes (FIEMAP) for files and folders', async () => {
    const service = new Service();
    const f = join(xfs.mountpoint, 'info.bin');
    writeFileSync(f, randomBytes(1 << 20));
    const before = await service.call('fileInfo', { path: f });
    expect(before).toMatchObject({ type: 'file', size: 1 << 20, sharedBytes: 0, exclusiveBytes: 1 << 20, fstype: 'xfs', volumeId: null });
    const job = await service.call('clone', { source: f });
    expect((await service.call('job', { id: job.id, wait: true })).state).toBe('done');
    const after = await service.call('fileInfo', { path: f });
    expect(after.sharedBytes).toBe(1 << 20);
    expect(after.exclusiveBytes).toBe(0);
    const folder = await service.call('fileInfo', { path: vol });
    expect(folder.type).toBe('dir');
    expect(folder.sharedBytes).toBeGreaterThan(0);
    expect(folder.volumeId).toBe(`btrfs:${btrfs.mountpoint}:home`);
    expect(existsSync(join(xfs.mountpoint, 'info (clone).bin'))).toBe(true);
  });
});
