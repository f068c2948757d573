// Folder clones on real filesystems: cp -a semantics (compared with cp itself), mounts and symlinks not
// followed, and the cheapest mechanism for volume roots (btrfs snapshot, ZFS snapshot + clone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTrees, generateTree } from '../bench/clone-tree';
import { makeLoopFs, makeZfsPool, sh, unmount, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { partials, run } from './clone-helpers';

const SMALL = { folders: 6, subfolders: 4, filesPerFolder: 5 };
let btrfs: LoopFs, xfs: LoopFs, ext4: LoopFs, zfs: ZfsPool;
beforeAll(() => {
  btrfs = makeLoopFs('btrfs', { sizeMB: 512 });
  xfs = makeLoopFs('xfs', { sizeMB: 512 });
  ext4 = makeLoopFs('ext4', { sizeMB: 256 });
  zfs = makeZfsPool();
});
afterAll(() => {
  for (const f of [btrfs, xfs, ext4, zfs]) f?.cleanup();
});

describe.each([
  ['btrfs', () => btrfs.mountpoint],
  ['xfs', () => xfs.mountpoint],
])('folder clone on %s', (kind, mp) => {
  it.each([
    ['the native engine', {}],
    ['the cp fallback', { COWSHED_NATIVE: '0' }],
  ])('keeps everything cp -a keeps (%s)', (_engine, env) => {
    const root = join(mp(), `tree-${Object.keys(env).length}`);
    generateTree(root, SMALL);
    const r = run(['clone', root], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result).toMatchObject({ destination: `${root} (clone)`, mechanism: 'tree-copy', method: 'reflink', sharingVerified: true });
    expect(compareTrees(root, `${root} (clone)`)).toEqual([]);
    const viaCp = `${root}.cp`;
    execFileSync('cp', ['-a', '--reflink=always', root, viaCp]);
    expect(compareTrees(viaCp, `${root} (clone)`)).toEqual([]);
    // Symlinks are recreated, never followed: not even the one pointing out of the tree.
    expect(readlinkSync(`${root} (clone)/link-out-of-tree`)).toBe('/etc/hostname');
    expect(lstatSync(`${root} (clone)/d1/link-to-folder`).isSymbolicLink()).toBe(true);
    // Sparse stays sparse; hard links stay linked.
    expect(lstatSync(`${root} (clone)/sparse.img`).blocks * 512).toBeLessThan(1 << 20);
    expect(lstatSync(`${root} (clone)/hard-a.bin`).ino).toBe(lstatSync(`${root} (clone)/d1/hard-b.bin`).ino);
    expect(partials(mp())).toEqual([]);
    if (kind === 'btrfs' && !Object.keys(env).length) {
      const again = run(['clone', root]);
      expect(again.result?.destination).toBe(`${root} (clone 2)`);
    }
  });

  it('never descends into another mount under the source', () => {
    const root = join(mp(), 'with-mounts');
    mkdirSync(join(root, 'other-fs'), { recursive: true });
    mkdirSync(join(root, 'same-fs-bind'));
    mkdirSync(join(mp(), 'bind-src'));
    writeFileSync(join(mp(), 'bind-src', 'secret'), 'x');
    writeFileSync(join(ext4.mountpoint, 'on-ext4'), 'y');
    writeFileSync(join(root, 'kept.txt'), 'z');
    sh('mount', ['--bind', ext4.mountpoint, join(root, 'other-fs')]);
    sh('mount', ['--bind', join(mp(), 'bind-src'), join(root, 'same-fs-bind')]);
    try {
      const r = run(['clone', root]);
      expect(r.code, r.stderr).toBe(0);
      const c = `${root} (clone)`;
      expect(readdirSync(c).sort()).toEqual(['kept.txt', 'other-fs', 'same-fs-bind']);
      expect(readdirSync(join(c, 'other-fs'))).toEqual([]);
      expect(readdirSync(join(c, 'same-fs-bind'))).toEqual([]);
      expect(r.result!.notes.join('\n')).toMatch(/other-fs/);
      expect(r.result!.notes.join('\n')).toMatch(/same-fs-bind/);
    } finally {
      unmount(join(root, 'same-fs-bind'));
      unmount(join(root, 'other-fs'));
    }
  });
});

describe('volume roots', () => {
  it('a btrfs subvolume root becomes a writable snapshot; a nested subvolume stays out of a tree copy', () => {
    const vol = join(btrfs.mountpoint, 'vol');
    sh('btrfs', ['subvolume', 'create', vol]);
    generateTree(join(vol, 'data'), { folders: 2, subfolders: 2, filesPerFolder: 5 });
    sh('btrfs', ['subvolume', 'create', join(vol, 'nested')]);
    writeFileSync(join(vol, 'nested', 'inside'), 'n');
    const preview = run(['clone', vol, '--dry-run']);
    expect(preview.code, preview.stderr).toBe(0);
    const r = run(['clone', vol]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result).toMatchObject({ mechanism: 'btrfs-snapshot', method: 'snapshot', destination: `${vol} (clone)` });
    expect(lstatSync(`${vol} (clone)`).ino).toBe(256);
    writeFileSync(join(`${vol} (clone)`, 'writable'), 'yes');
    expect(compareTrees(join(vol, 'data'), join(`${vol} (clone)`, 'data'))).toEqual([]);

    const t = run(['clone', vol, `${vol}-tree`, '--mechanism', 'tree-copy']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.result?.mechanism).toBe('tree-copy');
    expect(readdirSync(join(`${vol}-tree`, 'nested'))).toEqual([]);
    expect(t.result!.notes.join('\n')).toMatch(/nested/);
  });

  it('a ZFS dataset root becomes snapshot + clone, with lineage', () => {
    const ds = `${zfs.pool}/data`;
    sh('zfs', ['create', ds]);
    const mp = join(zfs.mountpoint, 'data');
    writeFileSync(join(mp, 'f.txt'), 'zfs data');
    const r = run(['clone', mp]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result).toMatchObject({ mechanism: 'zfs-clone', method: 'clone', destination: join(zfs.mountpoint, 'data-clone') });
    const origin = sh('zfs', ['get', '-H', '-o', 'value', 'origin', `${zfs.pool}/data-clone`]).trim();
    expect(origin).toMatch(new RegExp(`^${ds}@cowshed-clone-`));
    expect(existsSync(join(zfs.mountpoint, 'data-clone', 'f.txt'))).toBe(true);
  });
});

describe('folders where blocks cannot be shared', () => {
  it('ext4: "always" refuses before writing; "auto" copies the tree and says so', () => {
    const root = join(ext4.mountpoint, 'tree');
    generateTree(root, { folders: 2, subfolders: 2, filesPerFolder: 5 });
    const a = run(['clone', root]);
    expect(a.code).toBe(1);
    expect(a.error?.message).toMatch(/ext4 has no shared extents/);
    expect(existsSync(`${root} (clone)`)).toBe(false);
    const b = run(['clone', root, '--reflink', 'auto']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.result).toMatchObject({ method: 'copy', sharingVerified: false });
    expect(b.result!.notes.join(' ')).toMatch(/Copied in full/);
    expect(compareTrees(root, `${root} (clone)`)).toEqual([]);
  });
});
