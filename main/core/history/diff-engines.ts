import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { DiffChange } from '../../../shared/contract/history';
import { CowshedError } from '../../../shared/errors';
import { pipeline, run } from '../exec/run';
import { classifyBtrfs } from '../providers/btrfs/errors';
import { classifyZfs } from '../providers/zfs/errors';
import { DumpDiff } from './dump-diff';
import { DumpParser } from './dump-parse';
import { enrich } from './enrich';
import type { RawChange } from './types';
import { parseZfsDiffLine } from './zfs-diff-parse';

/** What every engine gets: the two folders (for stats), cancel, and where to send changes and progress. */
export interface EngineIO {
  roots: { a: string; b: string };
  fiemap: boolean;
  /** When the older side was taken (epoch seconds), if known. */
  since: number | null;
  signal: AbortSignal;
  emit(changes: DiffChange[]): void;
  progress(done: number, unit: string): void;
  /** Record the command being run (job console). */
  command(argv: readonly string[]): void;
}

const BATCH = 2000;

/** What replaying a send stream found (paths only), and the commands that ran. */
export interface Replayed {
  raw: RawChange[];
  commands: string[][];
}

/**
 * Run `btrfs send --no-data -p A B | btrfs receive --dump` and replay it into changes (both sides must be
 * read-only snapshots). As root, send writes its metadata-only stream to a private temporary file that receive
 * then reads: as fast as a shell pipe, where relaying the stream through this process costs ~10% more. Otherwise
 * the two run as one pipe (the privileged helper runs send only into its own receive). `progress.fn` may be set
 * later, by the job that takes the result.
 */
export async function replayBtrfsSend(a: string, b: string, signal: AbortSignal, progress: { fn?: (ops: number) => void } = {}): Promise<Replayed> {
  const parser = new DumpParser();
  const sim = new DumpDiff();
  const decoder = new StringDecoder('utf8');
  const commands: string[][] = [];
  const onStdout = (c: Buffer) => {
    for (const op of parser.chunk(decoder.write(c))) sim.apply(op);
    progress.fn?.(sim.ops);
  };
  const common = { signal, timeoutMs: 6 * 3600_000, classify: classifyBtrfs, onStart: (argv: string[]) => void commands.push(argv) };
  const send = ['send', '--no-data', '-q', '-p', a, b];
  if (process.getuid?.() === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'cowshed-diff-'));
    try {
      const file = join(dir, 'stream');
      await run('btrfs', [...send, '-f', file], common);
      await run('btrfs', ['receive', '--dump', '-f', file], { ...common, maxStdout: 1024 * 1024 * 1024, onStdout });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else await pipeline({ tool: 'btrfs', args: send }, { tool: 'btrfs', args: ['receive', '--dump'] }, { ...common, onStdout });
  for (const op of parser.chunk(decoder.end())) sim.apply(op);
  for (const op of parser.end()) sim.apply(op);
  return { raw: sim.finish(), commands };
}

/** The btrfs kernel diff into the job: replay (or take an early replay), then sizes and events. */
export async function btrfsSendDiff(a: string, b: string, io: EngineIO, early?: { result: Promise<Replayed>; progress: { fn?: (n: number) => void } }): Promise<void> {
  if (early) early.progress.fn = (n) => io.progress(n, 'operations');
  const r = await (early?.result ?? replayBtrfsSend(a, b, io.signal, { fn: (n) => io.progress(n, 'operations') }));
  for (const argv of r.commands) io.command(argv);
  await emitEnriched(r.raw, io);
}

/** Enrich raw changes and emit them in batches. */
async function emitEnriched(raw: readonly RawChange[], io: EngineIO): Promise<void> {
  if (io.signal.aborted) throw new CowshedError('CANCELLED', 'The comparison was cancelled.');
  const all = await enrich(raw, io.roots, { fiemap: io.fiemap, signal: io.signal });
  for (let i = 0; i < all.length; i += BATCH) io.emit(all.slice(i, i + BATCH));
}

/** OpenZFS `zfs diff -FH A B`: streamed line by line, sizes read from the snapshot folders. */
export async function zfsDiff(a: string, b: string, mountpoint: string, io: EngineIO): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let pending: RawChange[] = [];
  let chain = Promise.resolve();
  let lines = 0;
  const flush = () => {
    const part = pending;
    pending = [];
    chain = chain.then(() => emitEnriched(part, io));
  };
  const take = (text: string) => {
    const ls = (partial + text).split('\n');
    partial = ls.pop() ?? '';
    for (const l of ls) {
      lines++;
      const c = parseZfsDiffLine(l, mountpoint);
      if (c) pending.push(c);
    }
    if (pending.length >= 500) flush();
    io.progress(lines, 'entries');
  };
  await run('zfs', ['diff', '-FH', a, b], {
    signal: io.signal,
    timeoutMs: 6 * 3600_000,
    classify: classifyZfs,
    maxStdout: 512 * 1024 * 1024,
    onStart: (argv) => io.command(argv),
    onStdout: (c) => take(decoder.write(c)),
  });
  take(decoder.end() + (partial ? '\n' : ''));
  flush();
  await chain;
}
