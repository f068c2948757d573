import { spawn, type ChildProcess } from 'node:child_process';
import { CowshedError, type ErrorCode, type FailedCommand } from '../../../shared/errors';
import type { Plan } from '../../../shared/domain';
import { currentRunner } from './runner';
import { resolveTool } from './tools';

/** Maps a failed command's stderr to an error code and a sentence; one table per provider. */
export type Classifier = (f: FailedCommand) => { code: ErrorCode; message: string } | null;

export interface RunOptions {
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: readonly number[];
  /** Kill after this long (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Cap on captured stdout / stderr bytes each (default 64 MiB / 1 MiB). */
  maxStdout?: number;
  maxStderr?: number;
  /** Data written to stdin. */
  input?: string | Buffer;
  /** Streamed output (the operations console, progress parsing). */
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Provider classifier for failures. */
  classify?: Classifier;
  /** Extra environment (LC_ALL=C is always set). */
  env?: Record<string, string>;
  cwd?: string;
  /** Keep stdout as a Buffer (binary). */
  binary?: boolean;
  /** Called with the full argv (absolute tool path) just before the process starts, locally or in the helper. */
  onStart?: (argv: string[]) => void;
  /**
   * The plan a destructive command carries out. The privileged helper refuses destroy / rollback / delete
   * without the identities (guid / uuid) the plan was made from; commitPlan supplies it automatically.
   */
  plan?: Plan;
}

export interface RunResult {
  argv: string[];
  stdout: string;
  stdoutBuffer?: Buffer;
  stderr: string;
  exitCode: number;
  durationMs: number;
  /** How it ran when not directly as this process: e.g. "helper:sudo-n". */
  via?: string;
}

/** A command that failed: argv, exit code and stderr, plus a classified code. */
export class CommandError extends CowshedError {
  readonly argv: string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(code: ErrorCode, message: string, failed: FailedCommand) {
    super(code, message, { command: failed });
    this.name = 'CommandError';
    this.argv = failed.argv;
    this.exitCode = failed.exitCode;
    this.stderr = failed.stderr;
  }
}

type SpawnListener = (argv: readonly string[]) => void;
const spawnListeners = new Set<SpawnListener>();
/** Observe every process this primitive starts (tests prove no shell is ever started). */
export function onSpawn(l: SpawnListener): () => void {
  spawnListeners.add(l);
  return () => spawnListeners.delete(l);
}

/** The fixed environment every tool runs with. */
export function toolEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LC_ALL: 'C',
    LANG: 'C',
  };
  if (process.env.HOME) env.HOME = process.env.HOME;
  return { ...env, ...extra };
}

/** Resolve a tool or fail with TOOL_MISSING. */
export function toolPath(tool: string): string {
  const p = resolveTool(tool);
  if (!p) throw new CowshedError('TOOL_MISSING', `${tool} is not installed (not found in PATH or sbin).`);
  return p;
}

function defaultClassify(f: FailedCommand): { code: ErrorCode; message: string } {
  const s = f.stderr;
  if (/permission denied|operation not permitted|must be run as root|only root/i.test(s))
    return { code: 'NEEDS_ADMIN', message: 'This needs administrator rights.' };
  if (/no space left on device/i.test(s)) return { code: 'NO_SPACE', message: 'The filesystem is full.' };
  if (/device or resource busy|dataset is busy/i.test(s)) return { code: 'BUSY', message: 'The target is busy (in use).' };
  if (/read-only file system/i.test(s)) return { code: 'READ_ONLY', message: 'The filesystem is read-only.' };
  const first = s.trim().split('\n').find(Boolean) ?? `exit code ${f.exitCode}`;
  return { code: 'COMMAND_FAILED', message: first };
}

/** Build the typed error for a failed command. */
export function commandError(f: FailedCommand, classify?: Classifier): CommandError {
  const c = classify?.(f) ?? defaultClassify(f);
  return new CommandError(c.code, c.message, f);
}

/**
 * The one subprocess primitive: argv only (never a shell), LC_ALL=C, the binary resolved once,
 * timeout, cancellation, output caps and a typed CommandError. Inside a Service call it goes through the
 * Service's Runner (as the user, or through the privileged helper when that is needed and available).
 */
export function run(tool: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = currentRunner();
  return r ? r.run(tool, args, opts) : runLocal(tool, args, opts);
}

/** `run` in this process, as whoever this process is (no Runner). */
export function runLocal(tool: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  let bin: string;
  try {
    bin = toolPath(tool);
  } catch (e) {
    return Promise.reject(e);
  }
  const argv = [bin, ...args];
  const ok = opts.okExitCodes ?? [0];
  const maxOut = opts.maxStdout ?? 64 * 1024 * 1024;
  const maxErr = opts.maxStderr ?? 1024 * 1024;
  const started = Date.now();
  if (opts.signal?.aborted) return Promise.reject(new CowshedError('CANCELLED', 'Cancelled before it started.'));
  for (const l of spawnListeners) l(argv);
  opts.onStart?.([...argv]);
  return new Promise<RunResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(bin, args, {
        shell: false,
        cwd: opts.cwd ?? '/',
        env: toolEnv(opts.env),
        stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      reject(new CowshedError('COMMAND_FAILED', `Could not start ${tool}: ${(e as Error).message}`));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let truncated = false;
    let reason: 'timeout' | 'cancel' | null = null;
    child.stdout!.on('data', (c: Buffer) => {
      opts.onStdout?.(c);
      if (outLen + c.length > maxOut) {
        truncated = true;
        return;
      }
      outLen += c.length;
      out.push(c);
    });
    child.stderr!.on('data', (c: Buffer) => {
      opts.onStderr?.(c);
      if (errLen < maxErr) {
        err.push(c.subarray(0, maxErr - errLen));
        errLen += c.length;
      }
    });
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(opts.input);
    }
    const kill = (why: 'timeout' | 'cancel') => {
      reason = why;
      child.kill('SIGTERM');
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs ?? 60_000);
    const onAbort = () => kill('cancel');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new CowshedError('COMMAND_FAILED', `Could not run ${tool}: ${e.message}`, { command: { argv, exitCode: null, stderr: '' } }));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const stdoutBuffer = Buffer.concat(out);
      const stderr = Buffer.concat(err).toString('utf8');
      const failed: FailedCommand = { argv, exitCode: code, signal: sig, stderr };
      if (reason === 'cancel') return reject(new CommandError('CANCELLED', `Cancelled: ${tool} was stopped.`, failed));
      if (reason === 'timeout')
        return reject(new CommandError('TIMEOUT', `${tool} did not finish within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s.`, failed));
      if (truncated)
        return reject(new CommandError('COMMAND_FAILED', `${tool} printed more than ${maxOut} bytes; output was cut.`, failed));
      if (code === null || !ok.includes(code)) return reject(commandError(failed, opts.classify));
      resolve({
        argv,
        stdout: opts.binary ? '' : stdoutBuffer.toString('utf8'),
        stdoutBuffer: opts.binary ? stdoutBuffer : undefined,
        stderr,
        exitCode: code,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** One side of a pipeline. */
export type PipeCommand = { tool: string; args: readonly string[] };
/** Options of a pipeline: run's, without stdin, plus a byte counter of what flowed through. */
export type PipelineOptions = Omit<RunOptions, 'input'> & { onBytes?: (n: number) => void };

/**
 * Two commands joined stdout → stdin by Node (no shell): `a | b`, e.g. `btrfs send | btrfs receive`.
 * Fails with the first command's error if either fails. Goes through the Service's Runner like `run`.
 */
export function pipeline(a: PipeCommand, b: PipeCommand, opts: PipelineOptions = {}): Promise<{ a: RunResult; b: RunResult }> {
  const r = currentRunner();
  return r ? r.pipeline(a, b, opts) : pipelineLocal(a, b, opts);
}

/** `pipeline` in this process (no Runner). */
export async function pipelineLocal(a: PipeCommand, b: PipeCommand, opts: PipelineOptions = {}): Promise<{ a: RunResult; b: RunResult }> {
  const binA = toolPath(a.tool);
  const binB = toolPath(b.tool);
  if (opts.signal?.aborted) throw new CowshedError('CANCELLED', 'Cancelled before it started.');
  for (const l of spawnListeners) l([binA, ...a.args]);
  for (const l of spawnListeners) l([binB, ...b.args]);
  opts.onStart?.([binA, ...a.args]);
  opts.onStart?.([binB, ...b.args]);
  const started = Date.now();
  const env = toolEnv(opts.env);
  const pa = spawn(binA, a.args, { shell: false, cwd: '/', env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pb = spawn(binB, b.args, { shell: false, cwd: '/', env, stdio: ['pipe', 'pipe', 'pipe'] });
  let bytes = 0;
  pa.stdout.on('data', (c: Buffer) => {
    bytes += c.length;
    opts.onBytes?.(bytes);
    if (!pb.stdin.write(c)) {
      pa.stdout.pause();
      pb.stdin.once('drain', () => pa.stdout.resume());
    }
  });
  let sourceEnded = false;
  let sinkFirst = false;
  pa.stdout.on('end', () => {
    sourceEnded = true;
    pb.stdin.end();
  });
  pb.stdin.on('error', () => undefined);
  // A sink that died first never drains, and the writer of the source's stdout may outlive the source process
  // (zfs-fuse's daemon writes `zfs send` streams into the pipe itself): close our end so it stops with EPIPE.
  pb.stdin.on('close', () => {
    if (sourceEnded) return;
    sinkFirst = true;
    pa.stdout.destroy();
  });
  const collect = (p: ChildProcess, onChunk?: (c: Buffer) => void) => {
    const err: Buffer[] = [];
    const out: Buffer[] = [];
    p.stderr!.on('data', (c: Buffer) => {
      opts.onStderr?.(c);
      err.push(c);
    });
    if (p !== pa)
      p.stdout!.on('data', (c: Buffer) => {
        onChunk?.(c);
        out.push(c);
      });
    return new Promise<{ code: number | null; sig: NodeJS.Signals | null; stderr: string; stdout: string }>((res) =>
      p.on('close', (code, sig) =>
        res({ code, sig, stderr: Buffer.concat(err).toString('utf8').slice(0, 1 << 20), stdout: Buffer.concat(out).toString('utf8') }),
      ),
    );
  };
  let reason: 'timeout' | 'cancel' | null = null;
  const killBoth = (why: 'timeout' | 'cancel') => {
    reason = why;
    pa.kill('SIGTERM');
    pb.kill('SIGTERM');
    pa.stdout.destroy();
  };
  const timer = setTimeout(() => killBoth('timeout'), opts.timeoutMs ?? 3_600_000);
  const onAbort = () => killBoth('cancel');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const [ra, rb] = await Promise.all([collect(pa), collect(pb, opts.onStdout)]);
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  const argvA = [binA, ...a.args];
  const argvB = [binB, ...b.args];
  const fa: FailedCommand = { argv: argvA, exitCode: ra.code, signal: ra.sig, stderr: ra.stderr };
  const fb: FailedCommand = { argv: argvB, exitCode: rb.code, signal: rb.sig, stderr: rb.stderr };
  if (reason === 'cancel') throw new CommandError('CANCELLED', 'Cancelled.', fa);
  if (reason === 'timeout') throw new CommandError('TIMEOUT', `${a.tool} | ${b.tool} did not finish in time.`, fa);
  const ok = opts.okExitCodes ?? [0];
  if (sinkFirst && (rb.code === null || !ok.includes(rb.code))) throw commandError(fb, opts.classify);
  if (ra.code === null || !ok.includes(ra.code)) throw commandError(fa, opts.classify);
  if (rb.code === null || !ok.includes(rb.code)) throw commandError(fb, opts.classify);
  const d = Date.now() - started;
  return {
    a: { argv: argvA, stdout: '', stderr: ra.stderr, exitCode: ra.code, durationMs: d },
    b: { argv: argvB, stdout: rb.stdout, stderr: rb.stderr, exitCode: rb.code, durationMs: d },
  };
}
