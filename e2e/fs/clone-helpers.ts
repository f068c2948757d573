/** Shared bits of the clone suites: the CLI with a private state dir, JSON results and errors, hidden partials. */
import { readdirSync } from 'node:fs';
import { cli, fixtureDir, sh } from '../fixtures/fs';

/** Private $XDG_STATE_HOME so partial records and the journal of these tests stay apart. */
export const STATE = fixtureDir('clone-state');
export const ENV = { XDG_STATE_HOME: STATE };

export interface CloneJson {
  source: string;
  destination: string;
  mechanism: string;
  method: string;
  sharingVerified: boolean;
  files: number;
  bytes: number;
  notes: string[];
}

/** Run `cowshed <args> --json`; result parsed on success, error payload on failure. */
export function run(args: string[], env: Record<string, string> = {}) {
  const r = cli([...args, '--json'], { env: { ...ENV, ...env } });
  let error: { code: string; message: string } | null = null;
  if (r.code !== 0) {
    try {
      error = (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
    } catch {
      error = { code: '?', message: r.stderr };
    }
  }
  return { code: r.code, error, result: r.code === 0 ? (JSON.parse(r.stdout) as CloneJson) : null, stderr: r.stderr };
}

/** Names in a folder that are partials (hidden, "cowshed-partial"). */
export const partials = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes('.cowshed-partial-'));

/** Names in a folder that are visible (not starting with "."). */
export const visible = (dir: string): string[] => readdirSync(dir).filter((n) => !n.startsWith('.')).sort();

/** FIEMAP of one file through filefrag: shared bytes, total bytes. */
export function sharedBytes(path: string): { shared: number; total: number } {
  const out = sh('filefrag', ['-v', '-s', path]);
  const block = Number(/blocks? of (\d+) bytes/.exec(out)?.[1] ?? 4096);
  let shared = 0;
  let total = 0;
  for (const l of out.split('\n')) {
    const m = /^\s*\d+:\s+\d+\.\.\s*\d+:\s+\d+\.\.\s*\d+:\s+(\d+):.*?([\w,]*)\s*$/.exec(l);
    if (!m) continue;
    total += Number(m[1]) * block;
    if (m[2]!.split(',').includes('shared')) shared += Number(m[1]) * block;
  }
  return { shared, total };
}
