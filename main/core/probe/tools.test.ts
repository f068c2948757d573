// The tool-detection cache: reused while nothing it depends on changed, redone when a binary is installed,
// changed in place or removed. A scratch directory first in $PATH plays the part of an install.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearToolCache } from '../exec/tools';
import { detectTools } from './tools';

describe('detectTools cache', () => {
  let dir: string;
  let bin: string;
  const saved = { PATH: process.env.PATH, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  const cacheFile = () => join(dir, 'cache', 'cowshed', 'tools.json');
  const install = (version: string) => {
    writeFileSync(join(bin, 'xfs_io'), `#!/bin/sh\necho "xfs_io version ${version}"\n`);
    chmodSync(join(bin, 'xfs_io'), 0o755);
  };
  /** Mark the cached answer, so a hit is told apart from a new detection. */
  const markCache = () => {
    const c = JSON.parse(readFileSync(cacheFile(), 'utf8'));
    c.tools.cp.version = 'from-cache';
    writeFileSync(cacheFile(), JSON.stringify(c));
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cowshed-tools-'));
    bin = join(dir, 'bin');
    mkdirSync(bin);
    process.env.PATH = `${bin}:${saved.PATH}`;
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
  });
  afterAll(() => {
    process.env.PATH = saved.PATH;
    if (saved.XDG_CACHE_HOME === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved.XDG_CACHE_HOME;
    clearToolCache();
    rmSync(dir, { recursive: true, force: true });
  });
  /** A detection as a new process makes it (lookups are memoised per process). */
  const detect = () => {
    clearToolCache();
    return detectTools({ zfs: false });
  };

  it('is written, then reused while nothing changed', async () => {
    const first = await detect();
    expect(first.cp.version).toMatch(/^\d/);
    markCache();
    expect((await detect()).cp.version).toBe('from-cache');
  });

  it('is redone when a tool is installed earlier in $PATH, changed in place, or removed', async () => {
    install('9.9');
    let t = await detect();
    expect(t.xfs_io).toEqual({ name: 'xfs_io', path: join(bin, 'xfs_io'), version: '9.9' });
    expect(t.cp.version).not.toBe('from-cache');
    markCache();
    expect((await detect()).cp.version).toBe('from-cache');

    install('9.10'); // same file, new content (size and mtime change, the directory does not)
    t = await detect();
    expect(t.xfs_io.version).toBe('9.10');
    markCache();

    unlinkSync(join(bin, 'xfs_io'));
    t = await detect();
    expect(t.xfs_io.path).not.toBe(join(bin, 'xfs_io'));
    expect(t.cp.version).not.toBe('from-cache');
  });

  it('is redone when $PATH changes', async () => {
    await detect();
    markCache();
    process.env.PATH = `${saved.PATH}`;
    try {
      expect((await detect()).cp.version).not.toBe('from-cache');
    } finally {
      process.env.PATH = `${bin}:${saved.PATH}`;
    }
  });
});
