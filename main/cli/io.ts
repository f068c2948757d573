import { BAD_INPUT_CODES, CowshedError, toErrorPayload } from '../../shared/errors';
import type { Job } from '../../shared/domain';
import type { Service } from '../core/service';

/** Where a verb writes. Tests capture these. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
}

export const processIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Human byte sizes (binary units), "-" for unknown. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 10 ? 0 : 1)} ${units[i]}`;
}

/** A plain text table with a header row; columns padded to width. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/** Print the error the CLI way and return the exit code: 2 for bad input, 1 for failures. */
export function reportError(io: CliIO, e: unknown, json: boolean): number {
  const p = toErrorPayload(e);
  if (json) io.err(JSON.stringify({ error: p }) + '\n');
  else {
    io.err(`cowshed: ${p.message}\n`);
    if (p.command) {
      io.err(`  command: ${p.command.argv.join(' ')}\n  exit code: ${p.command.exitCode ?? p.command.signal ?? '?'}\n`);
      const stderr = p.command.stderr.trim();
      if (stderr) io.err(stderr.split('\n').map((l) => `  | ${l}`).join('\n') + '\n');
    }
  }
  return BAD_INPUT_CODES.has(p.code) ? 2 : 1;
}

/** Draw a progress bar on stderr while a job runs (terminal only), then return the finished job. */
export async function waitForJob(service: Service, job: Job, io: CliIO, json: boolean): Promise<Job> {
  let last = '';
  const off =
    io.isTTY && !json
      ? service.on((event, payload) => {
          if (event !== 'jobUpdated') return;
          const j = payload as Job;
          if (j.id !== job.id || !j.progress) return;
          const { done, total, unit } = j.progress;
          const frac = total ? Math.min(1, done / total) : 0;
          const bar = total ? '█'.repeat(Math.round(frac * 30)).padEnd(30, '░') : '';
          const fmt = (n: number) => (unit === 'bytes' ? bytes(n) : String(n));
          const text = `\r${j.title}  ${bar} ${fmt(done)}${total ? ' / ' + fmt(total) : ''} ${unit === 'bytes' ? '' : unit}`;
          if (text !== last) io.err(text.padEnd(last.length));
          last = text;
        })
      : () => undefined;
  try {
    const end = await service.call('job', { id: job.id, wait: true });
    return end;
  } finally {
    off();
    if (last) io.err('\n');
  }
}

/** Throw a finished job's error, if it failed. */
export function throwIfFailed(job: Job): void {
  if (job.state === 'done') return;
  const e = job.error ?? { code: 'INTERNAL' as const, message: `Job ended ${job.state}` };
  throw new CowshedError(e.code, e.message, { command: e.command, details: e.details });
}
