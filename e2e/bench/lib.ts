import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The environment timed processes run with. NODE_EXTRA_CA_CERTS is dropped: this sandbox sets it, and it makes
 * every Node start read and parse a CA bundle (~70 ms here) — a cost of this machine, not of Cowshed, and one
 * the tools compared against (cp, btrfs, zfs) do not pay. Said once in the output.
 */
export function benchEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (env.NODE_EXTRA_CA_CERTS) {
    if (!noted) console.log('note: timing without NODE_EXTRA_CA_CERTS (set by this sandbox; adds ~70 ms to every Node start)');
    noted = true;
    delete env.NODE_EXTRA_CA_CERTS;
  }
  return env;
}
let noted = false;

/** Wall time of a whole process, in ms. */
export function timeProcess(cmd: string, args: string[], env?: Record<string, string>): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: benchEnv(env) });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** Median of `n` runs after one warm-up. */
export function median(n: number, f: () => number): number {
  f();
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
}

/**
 * Medians of several measurements taken in turns (one of each per round, after one warm-up round), so that a
 * slow spell of a noisy machine falls on all of them alike instead of on whichever ran then.
 */
export function interleavedMedians<K extends string>(n: number, fs: Record<K, () => number>): Record<K, number> {
  const keys = Object.keys(fs) as K[];
  for (const k of keys) fs[k]();
  const xs = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < n; i++) for (const k of keys) xs[k].push(fs[k]());
  return Object.fromEntries(keys.map((k) => [k, xs[k].sort((a, b) => a - b)[Math.floor(n / 2)]!])) as Record<K, number>;
}

/** Print a result row and record it for the JSON report. */
export class Report {
  private rows: Record<string, unknown>[] = [];
  constructor(private readonly name: string) {}
  row(r: Record<string, unknown>): void {
    this.rows.push(r);
    console.log(Object.entries(r).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toFixed(2) : v}`).join('  '));
  }
  save(): void {
    writeFileSync(join('e2e/artifacts/bench', `${this.name}.json`), JSON.stringify({ name: this.name, at: new Date().toISOString(), rows: this.rows }, null, 2));
  }
}

export const CLI = join(process.cwd(), 'bin', 'cowshed.cjs');
