/** Helpers for the fault suites: tree hashes, partial detection, waiting on jobs, filling a filesystem. */
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../shared/domain';
import type { Service } from '../../main/core/service';

/** Every entry under `dir` (relative path → sha256 / link target / "dir"), mode included. */
export function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const abs = rel ? join(dir, rel) : dir;
    for (const n of readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(join(dir, r));
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[r] = `link ${readlinkSync(join(dir, r))}`;
      else if (st.isDirectory()) {
        out[r] = `dir ${mode}`;
        walk(r);
      } else out[r] = `${mode} ${createHash('sha256').update(readFileSync(join(dir, r))).digest('hex')}`;
    }
  };
  walk('');
  return out;
}

/** Hidden half-made clones in a folder. */
export const partialsIn = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes('.cowshed-partial-'));

/** True once `path` is, or holds somewhere below it, a regular file (never follows symlinks; entries may vanish). */
export function hasRegularFile(path: string): boolean {
  try {
    const st = lstatSync(path);
    if (st.isFile()) return true;
    return st.isDirectory() && readdirSync(path).some((n) => hasRegularFile(join(path, n)));
  } catch {
    return false;
  }
}

/** A source tree: nested folders, small and larger random files, a symlink and a hard link. */
export function makeTree(dir: string, opts: { files: number; bigFiles: number; bigMB: number }): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < opts.files; i++) {
    const sub = join(dir, `d${i % 17}`, `e${i % 5}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.bin`), randomBytes(1024 + ((i * 7919) % 60_000)));
  }
  for (let i = 0; i < opts.bigFiles; i++) writeFileSync(join(dir, `big${i}.bin`), randomBytes(opts.bigMB << 20));
  symlinkSync('d0/e0', join(dir, 'link'));
  linkSync(join(dir, 'big0.bin'), join(dir, 'hard.bin'));
}

/** Bytes an unprivileged writer can still use. */
export const freeBytes = (path: string): number => {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
};

/**
 * Take all but `leaveMB` of the free space with preallocated files (`file`, `file.1`, …). statfs does not see
 * space a running writer has reserved, so sizes are halved on ENOSPC until the space is really gone.
 */
export function fill(path: string, file: string, leaveMB = 0): string[] {
  const made: string[] = [];
  let size = freeBytes(path) - (leaveMB << 20);
  while (size >= 1 << 20) {
    const f = made.length ? `${file}.${made.length}` : file;
    const aligned = size - (size % 4096);
    if (spawnSync('fallocate', ['-l', String(aligned), f]).status === 0) {
      made.push(f);
      // btrfs counts a preallocation (and data still in the page cache) in statfs only after a commit.
      spawnSync('sync', ['-f', f]);
      if (leaveMB > 0) break;
      size = freeBytes(path);
    } else {
      rmSync(f, { force: true });
      size = Math.floor(size / 2);
    }
  }
  return made;
}

/** Wait for a job to end. */
export async function finished(service: Service, job: Job): Promise<Job> {
  return service.call('job', { id: job.id, wait: true });
}

/** Poll until `f` is true (every 2 ms), or throw after `ms`. */
export async function until(f: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
