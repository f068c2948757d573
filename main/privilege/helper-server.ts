import type { z } from 'zod';
import { CowshedError, toErrorPayload, type ErrorPayload } from '../../shared/errors';
import { pipelineLocal, runLocal, type RunResult } from '../core/exec/run';
import type { Journal } from '../core/journal/journal';
import { readMountinfo, type MountInfo } from '../core/probe/mountinfo';
import { argsSchema, buildArgv, checkArgs, parseArgv, type Args, type CheckEnv, type VerbSpec } from './grammar';
import {
  ClientFrame, encodeFrame, OUTPUT_CHUNK, PipeFrame, PROTOCOL_VERSION, RequestFrame, schemaError, type CommandOutcome,
  type HelperFrame, type RequestOptions,
} from './protocol';
import { PIPES, VERBS } from './verb-table';
import { byCodeUnit } from '../../shared/order';

/** Every exit code: the app decides which count as success (its okExitCodes), the helper only reports. */
const ALL_CODES = Array.from({ length: 256 }, (_, i) => i);
const MAX_STDOUT = 64 * 1024 * 1024;
const MAX_STDERR = 1024 * 1024;

export interface HelperServerOptions {
  /** Writes one encoded frame (a line). */
  write(line: string): void;
  /** The helper's journal (root-owned); null to skip (tests). */
  journal: Journal | null;
  /** The user who started the helper (from sudo / pkexec), recorded with every action. */
  callerUid: number;
  /** The mount table; the helper reads its own /proc/self/mountinfo by default. */
  readMounts?: () => MountInfo[];
  maxInFlight?: number;
}

const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => byCodeUnit(a, b))) : x,
  );

/**
 * The helper's dispatcher: validates every frame, maps a verb of the closed table to argv itself, re-checks
 * names, paths and plan identities, runs the tool by absolute path (no shell, LC_ALL=C, cwd /, timeouts, output
 * caps), streams its output back and journals each action with the calling uid.
 */
export class HelperServer {
  private readonly inflight = new Map<number, AbortController>();
  constructor(private readonly o: HelperServerOptions) {}

  /** The greeting the helper sends once it is ready for requests. */
  ready(pid = process.pid): void {
    this.send({ t: 'ready', v: PROTOCOL_VERSION, pid, callerUid: this.o.callerUid });
  }

  /** Handle one received line. Never throws: every refusal is an error frame. */
  handleLine(line: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      this.fail(null, new CowshedError('USAGE', 'The helper refused a frame that is not JSON.'));
      return Promise.resolve();
    }
    const f = ClientFrame.safeParse(raw);
    if (!f.success) {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : null;
      this.fail(id, schemaError('the frame', f.error));
      return Promise.resolve();
    }
    const frame = f.data;
    if (frame.t === 'cancel') {
      this.inflight.get(frame.id)?.abort();
      return Promise.resolve();
    }
    if (this.inflight.has(frame.id)) {
      this.fail(frame.id, new CowshedError('USAGE', `Request id ${frame.id} is already running.`));
      return Promise.resolve();
    }
    if (this.inflight.size >= (this.o.maxInFlight ?? 16)) {
      this.fail(frame.id, new CowshedError('BUSY', 'The helper is running too many commands at once; try again shortly.'));
      return Promise.resolve();
    }
    const ac = new AbortController();
    this.inflight.set(frame.id, ac);
    const work = frame.t === 'req' ? this.request(frame, ac.signal) : this.pipe(frame, ac.signal);
    return work.catch((e: unknown) => this.fail(frame.id, e)).finally(() => this.inflight.delete(frame.id));
  }

  /** Stop everything running (the app went away). */
  abortAll(): void {
    for (const ac of this.inflight.values()) ac.abort();
  }

  /** Number of requests still running. */
  get busy(): number {
    return this.inflight.size;
  }

  private send(frame: HelperFrame): void {
    this.o.write(encodeFrame(frame));
  }

  private fail(id: number | null, e: unknown): void {
    const error: ErrorPayload = toErrorPayload(e);
    this.send({ t: 'error', id, error });
  }

  /** Look up, validate and check one verb; returns the argv the helper will run. */
  private async prepare(verb: string, rawArgs: unknown, env: CheckEnv, pipeSide?: 'source' | 'sink'): Promise<{ spec: VerbSpec; args: Args; argv: string[] }> {
    const spec = VERBS.get(verb);
    if (!spec) throw new CowshedError('USAGE', `The helper has no verb "${verb.slice(0, 64)}".`);
    if ((spec.pipe ?? null) !== (pipeSide ?? null))
      throw new CowshedError('USAGE', spec.pipe ? `${verb} only runs as part of a send | receive pipe.` : `${verb} cannot be part of a pipe.`);
    const parsed = argsSchema(spec).safeParse(rawArgs);
    if (!parsed.success) throw schemaError(verb, parsed.error as z.ZodError);
    const args = parsed.data;
    await checkArgs(spec, args, env);
    const argv = buildArgv(spec, args);
    // The built argv must read back as exactly the validated arguments: nothing can be smuggled in as an option.
    const { expect: _expect, ...plain } = args;
    if (canon(parseArgv(spec, argv)) !== canon(plain)) throw new CowshedError('INTERNAL', `The helper could not build ${verb} unambiguously.`);
    return { spec, args, argv };
  }

  private limits(spec: VerbSpec, opts: RequestOptions | undefined) {
    return {
      timeoutMs: Math.min(opts?.timeoutMs ?? spec.timeoutMs, spec.maxTimeoutMs),
      ok: opts?.okExitCodes?.length ? opts.okExitCodes : [0],
    };
  }

  private stream(id: number, stream: 'stdout' | 'stderr') {
    return (c: Buffer) => {
      for (let i = 0; i < c.length; i += OUTPUT_CHUNK) this.send({ t: 'out', id, stream, data: c.subarray(i, i + OUTPUT_CHUNK).toString('base64') });
    };
  }

  private journal(spec: VerbSpec, r: CommandOutcome, ok: number[], started: number): void {
    if (spec.access !== 'write' || !this.o.journal) return;
    const good = r.exitCode !== null && ok.includes(r.exitCode);
    this.o.journal.append({
      time: new Date().toISOString(), uid: this.o.callerUid, verb: spec.verb, argv: r.argv, outcome: good ? 'ok' : 'failed',
      exitCode: r.exitCode, durationMs: Date.now() - started, ...(good ? {} : { stderr: r.stderr.slice(0, 4000) }),
    });
  }

  private journalError(spec: VerbSpec, e: unknown, started: number): void {
    const cmd = (e as CowshedError).command;
    if (cmd) this.journal(spec, { argv: cmd.argv, exitCode: cmd.exitCode, signal: cmd.signal ?? null, stderr: cmd.stderr }, [], started);
  }

  private async request(frame: z.infer<typeof RequestFrame>, signal: AbortSignal): Promise<void> {
    const env: CheckEnv = { mounts: (this.o.readMounts ?? readMountinfo)() };
    const { spec, argv } = await this.prepare(frame.verb, frame.args, env);
    const { timeoutMs, ok } = this.limits(spec, frame.opts);
    const started = Date.now();
    let r: RunResult;
    try {
      r = await runLocal(spec.tool, argv, {
        okExitCodes: ALL_CODES, timeoutMs, signal, maxStdout: MAX_STDOUT, maxStderr: MAX_STDERR,
        onStart: (a) => this.send({ t: 'spawn', id: frame.id, argv: a }),
        onStdout: this.stream(frame.id, 'stdout'),
        onStderr: this.stream(frame.id, 'stderr'),
      });
    } catch (e) {
      this.journalError(spec, e, started);
      throw e;
    }
    const outcome: CommandOutcome = { argv: r.argv, exitCode: r.exitCode, signal: null, stderr: r.stderr };
    this.journal(spec, outcome, ok, started);
    this.send({ t: 'done', id: frame.id, commands: [outcome], durationMs: r.durationMs });
  }

  private async pipe(frame: z.infer<typeof PipeFrame>, signal: AbortSignal): Promise<void> {
    const env: CheckEnv = { mounts: (this.o.readMounts ?? readMountinfo)() };
    if (!PIPES.has(`${frame.from.verb}|${frame.to.verb}`))
      throw new CowshedError('USAGE', `The helper does not pipe ${frame.from.verb.slice(0, 64)} into ${frame.to.verb.slice(0, 64)}.`);
    const a = await this.prepare(frame.from.verb, frame.from.args, env, 'source');
    const b = await this.prepare(frame.to.verb, frame.to.args, env, 'sink');
    const { timeoutMs, ok } = this.limits(a.spec, frame.opts);
    const started = Date.now();
    let last = 0;
    let r: { a: RunResult; b: RunResult };
    try {
      r = await pipelineLocal({ tool: a.spec.tool, args: a.argv }, { tool: b.spec.tool, args: b.argv }, {
        okExitCodes: ALL_CODES, timeoutMs, signal,
        onStart: (argv) => this.send({ t: 'spawn', id: frame.id, argv }),
        onStdout: this.stream(frame.id, 'stdout'),
        onStderr: this.stream(frame.id, 'stderr'),
        onBytes: (n) => {
          if (Date.now() - last < 200) return;
          last = Date.now();
          this.send({ t: 'progress', id: frame.id, bytes: n });
        },
      });
    } catch (e) {
      this.journalError(b.spec, e, started);
      throw e;
    }
    const commands: CommandOutcome[] = [r.a, r.b].map((x) => ({ argv: x.argv, exitCode: x.exitCode, signal: null, stderr: x.stderr }));
    this.journal(b.spec, commands[1]!, ok, started);
    this.send({ t: 'done', id: frame.id, commands, durationMs: r.b.durationMs });
  }
}
