import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cli, fixtureDir, makeLoopFs, makeZfsPool, sh, unmount, type LoopFs, type ZfsPool } from '../fixtures/fs';

type MountJson = { mountpoint: string; fstype: string; capabilities: Record<string, { ok: boolean; reason?: string }> };

describe('cowshed probe on real filesystems', () => {
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

  it('reports the capability matrix with reasons', () => {
    const r = cli(['probe', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const mounts = r.json() as MountJson[];
    const at = (mp: string) => {
      const m = mounts.find((x) => x.mountpoint === mp);
      expect(m, `mount ${mp} in probe output`).toBeTruthy();
      return m!;
    };
    const b = at(btrfs.mountpoint);
    expect(b.fstype).toBe('btrfs');
    expect(b.capabilities.fileClone!.ok).toBe(true);
    expect(b.capabilities.snapshot!.ok).toBe(true);

    const x = at(xfs.mountpoint);
    expect(x.capabilities.fileClone!.ok).toBe(true);
    expect(x.capabilities.snapshot!.ok).toBe(false);
    expect(x.capabilities.snapshot!.reason).toMatch(/XFS has no snapshots/);

    const e = at(ext4.mountpoint);
    expect(e.capabilities.fileClone!.ok).toBe(false);
    expect(e.capabilities.fileClone!.reason).toMatch(/ext4 has no shared extents/);

    const z = at(zfs.mountpoint);
    expect(z.capabilities.snapshot!.ok).toBe(true);
    expect(z.capabilities.datasetClone!.ok).toBe(true);
    expect(z.capabilities.fileClone!.ok).toBe(false);
    expect(z.capabilities.fileClone!.reason).toMatch(/zfs-fuse \(pool v23\) has no block cloning/);

    // The FICLONE probe cleans up after itself.
    const leftovers = cli(['probe']);
    expect(leftovers.code).toBe(0);
  });

  it('detects XFS without reflink by really trying FICLONE', () => {
    const fs = makeXfsNoReflink();
    try {
      const mounts = cli(['probe', '--json']).json() as MountJson[];
      const m = mounts.find((x) => x.mountpoint === fs.mountpoint)!;
      expect(m.capabilities.fileClone!.ok).toBe(false);
      expect(m.capabilities.fileClone!.reason).toMatch(/refused FICLONE/);
    } finally {
      fs.cleanup();
    }
  });

  it('remembers the FICLONE verdict per made filesystem instead of writing probe files at every start', () => {
    const env = { XDG_CACHE_HOME: fixtureDir('probe-cache') };
    const file = join(env.XDG_CACHE_HOME, 'cowshed', 'reflink.json');
    const fileClone = () => (cli(['probe', '--json'], { env }).json() as MountJson[]).find((x) => x.mountpoint === xfs.mountpoint)!.capabilities.fileClone!;
    expect(fileClone().ok).toBe(true);
    const cache = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { ok: boolean; reason?: string; probed?: boolean }>;
    const st = statSync(xfs.mountpoint, { bigint: true });
    const key = Object.keys(cache).find((k) => k.endsWith(`:${st.ino}:${st.birthtimeNs}`))!; // device:root inode:birth time
    expect(key).toBeTruthy();
    // The next start answers from the cache (a planted verdict shows it), without touching the filesystem.
    writeFileSync(file, JSON.stringify({ ...cache, [key]: { ok: false, probed: true, reason: 'planted verdict', at: Date.now() } }));
    expect(fileClone()).toMatchObject({ ok: false, reason: expect.stringMatching(/planted verdict/) });
    // A filesystem made anew on the same device is a new key: probed for real.
    const fresh = makeXfsNoReflink();
    try {
      const m = (cli(['probe', '--json'], { env }).json() as MountJson[]).find((x) => x.mountpoint === fresh.mountpoint)!;
      expect(m.capabilities.fileClone!.reason).toMatch(/refused FICLONE/);
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toHaveLength(Object.keys(cache).length + 1);
    } finally {
      fresh.cleanup();
    }
  });

  it('ends quietly when the reader stops early (cowshed … | head)', async () => {
    const child = spawn(process.execPath, [CLI, 'probe', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before the CLI writes: its write gets EPIPE
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('exits 2 on bad input without running anything', () => {
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['volumes', '/does/not/exist']).code).toBe(2);
    const r = cli(['volumes', '/does/not/exist', '--json']);
    expect(JSON.parse(r.stderr).error.code).toBe('PATH_NOT_FOUND');
    expect(cli(['probe', '--bogus-flag']).code).toBe(2);
  });
});


function makeXfsNoReflink() {
  const dir = fixtureDir('xfs-noreflink');
  const image = join(dir, 'x.img');
  const mountpoint = join(dir, 'mnt');
  mkdirSync(mountpoint);
  execFileSync('truncate', ['-s', '320M', image]);
  sh('mkfs.xfs', ['-q', '-f', '-m', 'reflink=0', image]);
  sh('mount', ['-o', 'loop', image, mountpoint]);
  return {
    mountpoint,
    cleanup() {
      unmount(mountpoint);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
