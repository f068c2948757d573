import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stateDir } from '../journal/journal';
import { parsePartialName } from './naming';

/**
 * Half-made clones. A clone is built in a hidden sibling (".name.cowshed-partial-<pid>-<random>") and
 * recorded in `$XDG_STATE_HOME/cowshed/partials/`; when its process dies (crash, SIGKILL, power loss) the
 * next start removes it. Only paths named like a partial, whose owning process is gone, are ever removed.
 */
const registryDir = () => join(stateDir(), 'partials');

interface PartialRecord {
  path: string;
  pid: number;
  /** Process start time (clock ticks after boot, /proc/<pid>/stat field 22): guards against pid reuse. */
  start: string | null;
}

/** A process's start time, or null when it is not running (gone, or a zombie waiting to be reaped). */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')': state, ppid, …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** True while the process that made a partial is alive (same pid and, when known, same start time). */
export function ownerAlive(pid: number, start: string | null = null): boolean {
  const now = processStart(pid);
  if (now === null) return false;
  return start === null || now === start;
}

/** Remove a tree even where folders were already made read-only (non-root). */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw e;
  }
  const open = async (p: string): Promise<void> => {
    const st = await lstat(p).catch(() => null);
    if (!st?.isDirectory()) return;
    await chmod(p, 0o700).catch(() => undefined);
    for (const n of await readdir(p).catch(() => [] as string[])) await open(join(p, n));
  };
  await open(path);
  await rm(path, { recursive: true, force: true });
}

/** Record a partial before anything is written to it; returns the function that forgets it. */
export async function registerPartial(path: string): Promise<() => Promise<void>> {
  const dir = registryDir();
  const file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const rec: PartialRecord = { path, pid: process.pid, start: processStart(process.pid) };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(rec), { mode: 0o600 });
  } catch {
    // No writable state dir: the sweep of the destination folder still finds the partial.
    return async () => undefined;
  }
  return async () => {
    await unlink(file).catch(() => undefined);
  };
}

/** Remove one leftover if it is a partial of a dead process. */
async function removeIfStale(path: string, pid: number, start: string | null): Promise<boolean> {
  const parsed = parsePartialName(basename(path));
  if (!parsed || parsed.pid !== pid || ownerAlive(pid, start)) return false;
  await removeTree(path);
  return true;
}

/** At start: remove the recorded partials whose process died. Returns the paths removed. */
export async function sweepRecordedPartials(): Promise<string[]> {
  const dir = registryDir();
  const removed: string[] = [];
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return removed;
  }
  for (const f of files.filter((x) => x.endsWith('.json'))) {
    const file = join(dir, f);
    let rec: PartialRecord;
    try {
      rec = JSON.parse(await readFile(file, 'utf8')) as PartialRecord;
    } catch {
      await unlink(file).catch(() => undefined); // torn record
      continue;
    }
    if (typeof rec.pid !== 'number' || typeof rec.path !== 'string') continue;
    if (ownerAlive(rec.pid, rec.start)) continue;
    try {
      if (await removeIfStale(rec.path, rec.pid, rec.start)) removed.push(rec.path);
      await unlink(file).catch(() => undefined);
    } catch {
      /* keep the record: try again next start */
    }
  }
  return removed;
}

/** Before cloning into a folder: remove partials there left by dead processes. */
export async function sweepFolder(folder: string): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (n[0] !== '.' || !n.includes('.cowshed-partial-')) continue;
    const p = parsePartialName(n);
    if (!p) continue;
    try {
      if (await removeIfStale(join(folder, n), p.pid, null)) removed.push(join(folder, n));
    } catch {
      /* busy or vanished: leave it for the next sweep */
    }
  }
  return removed;
}

/** Sweep both the records and the folder a clone is about to be built in. */
export async function sweepBefore(destination: string): Promise<void> {
  await sweepRecordedPartials();
  await sweepFolder(dirname(destination));
}
