import { BAD_INPUT_CODES, CowshedError, toErrorPayload } from '../../shared/errors';
import type { Job } from '../../shared/domain';
import type { Service } from '../core/service';

/** Where a verb writes. Tests capture these. */
export interface CliIO {
  /** Text, or UTF-8 bytes (long JSON goes out in pieces of bytes: see outJson). */
  out(s: string | Uint8Array): void;
  err(s: string): void;
  isTTY: boolean;
}

export const processIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Array elements per piece of JSON written at once. */
const JSON_PIECE = 1000;

/**
 * Writes one JSON array, given a page of elements at a time, byte for byte as `JSON.stringify(all)` and a
 * newline would. Each piece is one JSON.stringify of up to JSON_PIECE elements, written as UTF-8 bytes, its
 * brackets becoming the separators: 10,000 snapshots are 4 MB of JSON, and one string of that size is built
 * in parts, kept alive, flattened and encoded again before it can be written (measured: ~8 ms of 150 here).
 */
export class JsonArrayWriter {
  private started = false;
  constructor(private readonly io: CliIO) {}

  page(items: readonly unknown[]): void {
    for (let i = 0; i < items.length; i += JSON_PIECE) {
      const piece = Buffer.from(JSON.stringify(items.slice(i, i + JSON_PIECE)));
      if (this.started) piece[0] = 0x2c; // "[" → ","
      this.started = true;
      this.io.out(piece.subarray(0, piece.length - 1)); // "]" comes in end()
    }
  }

  end(): void {
    this.io.out(this.started ? ']\n' : '[]\n');
  }
}

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

/** Lines per piece of a table written at once. */
const TABLE_PIECE = 1000;

/**
 * Write a plain text table whose cells are in one flat list, row after row, the header row first (`widths`
 * holds each column's widest cell). Every column but the last is padded to its widest cell plus two spaces,
 * and no line ends in padding (empty cells at the end of a row are left out). Written a piece of TABLE_PIECE
 * lines at a time: 10,000 snapshots are 1.5 MB of text.
 */
export function writeTable(cells: readonly string[], widths: readonly number[], out: (s: string) => void): void {
  const n = widths.length;
  const pads = widths.map((w) => w + 2);
  let lines: string[] = [];
  for (let j = 0; j < cells.length; j += n) {
    let last = n - 1;
    while (last > 0 && cells[j + last] === '') last--;
    let line = '';
    for (let i = 0; i < last; i++) line += cells[j + i]!.padEnd(pads[i]!);
    lines.push(line + cells[j + last]!);
    if (lines.length === TABLE_PIECE) {
      out(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) out(lines.join('\n') + '\n');
}

/** A whole table as one string; null and undefined cells show as "-" (see writeTable). */
export function table(headers: string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const n = headers.length;
  const cells = headers.slice();
  const widths = headers.map((h) => h.length);
  for (const r of rows)
    for (let i = 0; i < n; i++) {
      const v = r[i];
      const c = typeof v === 'string' ? v : v === null || v === undefined ? '-' : String(v);
      cells.push(c);
      if (c.length > widths[i]!) widths[i] = c.length;
    }
  let s = '';
  writeTable(cells, widths, (piece) => (s += piece));
  return s;
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
