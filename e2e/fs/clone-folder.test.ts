// Folder clones on real filesystems: cp -a semantics (compared with cp itself), mounts and symlinks not
// followed, and the cheapest mechanism for volume roots (btrfs snapshot, ZFS snapshot + clone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareTrees, generateTree } from '../bench/clone-tree';
import { CLI, makeLoopFs, makeZfsPool, sh, unmount, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { ENV, partials, run } from './clone-helpers';

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

  it('gives every entry its exact mode under a setgid or default-ACL destination folder, with 1 to 4 threads and few fds', () => {
    const root = join(mp(), 'modes');
    generateTree(root, SMALL);
    mkdirSync(join(root, 'deep/a/b/c/d/e/f'), { recursive: true });
    writeFileSync(join(root, 'deep/a/b/c/d/e/f/leaf'), 'leaf');
    for (const [rel, mode] of [['d1', 0o750], ['d2/s0', 0o711], ['d3', 0o1777], ['deep/a/b', 0o700], ['d1/s1/f0.bin', 0o600], ['d2/s1/f1.bin', 0o666]] as const)
      chmodSync(join(root, rel), mode);
    // A setgid folder (new folders inherit the bit) and one whose default ACL gives others nothing (it replaces the
    // umask): system.posix_acl_default = u::rwx g::r-x o::--- (xattr encoding: version 2, then tag/perm/id entries).
    const sgid = join(mp(), 'sgid-parent');
    mkdirSync(sgid);
    chmodSync(sgid, 0o2775);
    const acl = join(mp(), 'acl-parent');
    mkdirSync(acl);
    sh('setfattr', ['-n', 'system.posix_acl_default', '-v', '0x0200000001000700ffffffff04000500ffffffff20000000ffffffff', acl]);
    const runs: [string, Record<string, string>][] = [
      [join(sgid, 'clone'), {}],
      [join(acl, 'clone'), {}],
      [join(mp(), 'modes-t1'), { COWSHED_CLONE_THREADS: '1' }],
      [join(mp(), 'modes-serial'), { COWSHED_CLONE_THREADS: '4', COWSHED_CLONE_SERIAL_WRITES: '1' }],
      [join(mp(), 'modes-parallel'), { COWSHED_CLONE_THREADS: '4', COWSHED_CLONE_SERIAL_WRITES: '0' }],
    ];
    for (const [dest, env] of runs) {
      const r = run(['clone', root, dest], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.result?.method).toBe('reflink');
      const modes = (p: string) => sh('find', [p, '-printf', '%P %m\n']).split('\n').sort().join('\n');
      expect(modes(dest)).toBe(modes(root));
      expect(compareTrees(root, dest).filter((d) => !/xattrs differ/.test(d))).toEqual([]);
    }
    // Few fds: batches and kept folder fds shrink to fit (RLIMIT_NOFILE 96), with serialised and parallel writes.
    for (const serial of ['1', '0']) {
      const dest = join(mp(), `modes-fds-${serial}`);
      const r = spawnSync('bash', ['-c', `ulimit -n 96 && exec "$0" "$@"`, process.execPath, CLI, 'clone', root, dest, '--json'], {
        encoding: 'utf8',
        env: { ...process.env, ...ENV, COWSHED_CLONE_THREADS: '4', COWSHED_CLONE_SERIAL_WRITES: serial },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(compareTrees(root, dest)).toEqual([]);
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
