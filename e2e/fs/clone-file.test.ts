// File clones on real btrfs, XFS, ext4 and zfs-fuse: sharing, independence, odd files, policies, naming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeLoopFs, makeZfsPool, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { partials, run, sharedBytes, visible } from './clone-helpers';

let btrfs: LoopFs, xfs: LoopFs, ext4: LoopFs, zfs: ZfsPool;
beforeAll(() => {
  btrfs = makeLoopFs('btrfs');
  xfs = makeLoopFs('xfs');
  ext4 = makeLoopFs('ext4');
  zfs = makeZfsPool();
});
afterAll(() => {
  for (const f of [btrfs, xfs, ext4, zfs]) f?.cleanup();
});

describe.each([
  ['btrfs', () => btrfs.mountpoint],
  ['xfs', () => xfs.mountpoint],
])('file clone on %s', (_kind, mp) => {
  it('shares blocks (FIEMAP), names "report (clone).pdf", and the two copies change independently', () => {
    const dir = join(mp(), 'indep');
    mkdirSync(dir);
    const data = randomBytes(256 * 1024);
    const src = join(dir, 'report.pdf');
    writeFileSync(src, data); // no sync: FICLONE must flush it
    const r = run(['clone', src]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result).toMatchObject({ destination: join(dir, 'report (clone).pdf'), mechanism: 'reflink-file', method: 'reflink', sharingVerified: true });
    const clone = r.result!.destination;
    expect(sharedBytes(clone).shared).toBeGreaterThan(0);
    expect(lstatSync(clone).mtimeMs).toBe(lstatSync(src).mtimeMs);

    writeFileSync(clone, randomBytes(1000), { flag: 'r+' });
    expect(readFileSync(src).equals(data)).toBe(true);
    const cloneNow = readFileSync(clone);
    writeFileSync(src, randomBytes(5000), { flag: 'r+' });
    expect(readFileSync(clone).equals(cloneNow)).toBe(true);

    const again = run(['clone', src]);
    expect(again.result?.destination).toBe(join(dir, 'report (clone 2).pdf'));
    expect(partials(dir)).toEqual([]);
  });

  it('clones freshly written, appended, sparse and empty files with identical content', () => {
    const dir = join(mp(), 'odd');
    mkdirSync(dir);
    const fresh = join(dir, 'fresh.bin');
    writeFileSync(fresh, randomBytes(3 * 65536 + 17));
    const appended = join(dir, 'appended.log');
    writeFileSync(appended, randomBytes(70_000));
    appendFileSync(appended, randomBytes(12_345));
    const sparse = join(dir, 'sparse.img');
    const fd = openSync(sparse, 'w');
    writeSync(fd, randomBytes(4096), 0, 4096, 8 << 20);
    closeSync(fd);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    for (const src of [fresh, appended, sparse, empty]) {
      const r = run(['clone', src, src + '.clone']);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(src + '.clone').equals(readFileSync(src)), src).toBe(true);
      expect(lstatSync(src + '.clone').size).toBe(lstatSync(src).size);
    }
    expect(lstatSync(sparse + '.clone').blocks * 512).toBeLessThan(1 << 20); // still sparse
  });

  it('refuses an existing destination unless told to overwrite', () => {
    const dir = join(mp(), 'exists');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a'), 'new');
    writeFileSync(join(dir, 'b'), 'old');
    const r = run(['clone', join(dir, 'a'), join(dir, 'b')]);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('EXISTS');
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('old');
    const o = run(['clone', join(dir, 'a'), join(dir, 'b'), '--overwrite']);
    expect(o.code, o.stderr).toBe(0);
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('new');
    expect(visible(dir)).toEqual(['a', 'b']);
    expect(partials(dir)).toEqual([]);
  });
});

describe.each([
  ['ext4', () => ext4.mountpoint, /ext4 has no shared extents/],
  ['zfs-fuse', () => zfs.mountpoint, /no block cloning/],
])('file clone on %s (no reflink)', (_kind, mp, reason) => {
  it('"always" fails with exit 1, the reason, and nothing left behind', () => {
    const dir = join(mp(), 'always');
    mkdirSync(dir);
    writeFileSync(join(dir, 'f.txt'), 'data');
    const r = run(['clone', join(dir, 'f.txt')]);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('NOT_SUPPORTED');
    expect(r.error?.message).toMatch(reason);
    expect(readFileSyncNames(dir)).toEqual(['f.txt']);
  });

  it('"auto" copies and says so', () => {
    const dir = join(mp(), 'auto');
    mkdirSync(dir);
    writeFileSync(join(dir, 'f.txt'), 'data');
    const r = run(['clone', join(dir, 'f.txt'), '--reflink', 'auto']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result).toMatchObject({ method: 'copy', mechanism: 'copy-file', sharingVerified: false });
    expect(r.result!.notes.join(' ')).toMatch(/Copied in full/);
    expect(readFileSync(join(dir, 'f (clone).txt'), 'utf8')).toBe('data');
  });
});

describe('across filesystems', () => {
  it('"always" fails with CROSS_DEVICE and "different filesystems"; "auto" copies', () => {
    const src = join(btrfs.mountpoint, 'cross.bin');
    writeFileSync(src, randomBytes(10_000));
    const dst = join(xfs.mountpoint, 'cross.bin');
    const r = run(['clone', src, dst]);
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('CROSS_DEVICE');
    expect(r.error?.message).toMatch(/different filesystems/);
    expect(existsSync(dst)).toBe(false);
    const a = run(['clone', src, dst, '--reflink', 'auto']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.result?.method).toBe('copy');
    expect(readFileSync(dst).equals(readFileSync(src))).toBe(true);
  });

  it('"never" copies even where blocks could be shared', () => {
    const src = join(btrfs.mountpoint, 'never.bin');
    writeFileSync(src, randomBytes(200_000));
    const r = run(['clone', src, '--reflink', 'never']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.result?.method).toBe('copy');
    expect(sharedBytes(r.result!.destination).shared).toBe(0);
  });
});

function readFileSyncNames(dir: string): string[] {
  return [...visible(dir), ...partials(dir)];
}
