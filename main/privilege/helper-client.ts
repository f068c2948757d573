import type { EscalationMethod } from '../../shared/contract/privilege';
import { CowshedError, type ErrorPayload } from '../../shared/errors';
import { CommandError } from '../core/exec/run';
import type { Args } from './grammar';
import { encodeFrame, FrameDecoder, HelperFrame, MAX_RESPONSE_FRAME, type CommandOutcome, type RequestOptions } from './protocol';

/** A byte channel to the helper: a child's pipes, a pty, or a Unix socket. */
export interface Transport {
  write(text: string): void;
  onData(cb: (chunk: string | Buffer) => void): void;
  onClose(cb: (why: string) => void): void;
  close(): void;
  /** Keep the Node event loop alive while requests are pending (the CLI must exit when idle). */
  setActive(active: boolean): void;
}

/** Per-call hooks and limits. */
export interface CallOptions extends RequestOptions {
  signal?: AbortSignal;
  maxStdout?: number;
  onStart?: (argv: string[]) => void;
  onStdout?: (c: Buffer) => void;
  onStderr?: (c: Buffer) => void;
  onBytes?: (n: number) => void;
}

/** What the helper reports for a finished request. */
export interface HelperResult {
  commands: CommandOutcome[];
  stdout: Buffer;
  durationMs: number;
}

interface Pending {
  opts: CallOptions;
  out: Buffer[];
  outLen: number;
  resolve(r: HelperResult): void;
  reject(e: unknown): void;
}

/** Rebuild the typed error the helper sent (a CommandError when a command ran). */
export function errorFromPayload(e: ErrorPayload): CowshedError {
  return e.command ? new CommandError(e.code, e.message, e.command) : new CowshedError(e.code, e.message, { details: e.details });
}

/** The app's side of the helper protocol: requests by id, streamed output, cancel, and the ready handshake. */
export class HelperClient {
  /** Resolves with the helper's pid and the uid it recorded for us, once it greets. */
  readonly ready: Promise<{ pid: number; callerUid: number }>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed: string | null = null;
  private readonly preamble: string[] = [];
  private greeted = false;

  constructor(
    private readonly t: Transport,
    readonly method: EscalationMethod,
  ) {
    let ok!: (v: { pid: number; callerUid: number }) => void;
    let ko!: (e: unknown) => void;
    this.ready = new Promise((res, rej) => ((ok = res), (ko = rej)));
    this.ready.catch(() => undefined);
    const decoder = new FrameDecoder(MAX_RESPONSE_FRAME, (line) => this.onLine(line, ok, ko), () => undefined);
    t.onData((c) => decoder.push(c));
    t.onClose((why) => {
      this.closed = why;
      const tail = this.preamble.slice(-6).join('\n').trim();
      ko(new CowshedError('NEEDS_ADMIN', `The privileged helper did not start${tail ? `: ${tail}` : ` (${why})`}.`));
      for (const p of this.pending.values()) p.reject(new CowshedError('INTERNAL', `The privileged helper stopped (${why}).`));
      this.pending.clear();
      t.setActive(false);
    });
    t.setActive(true);
  }

  /** True until the helper's channel closes. */
  get alive(): boolean {
    return this.closed === null;
  }

  private onLine(line: string, ok: (v: { pid: number; callerUid: number }) => void, ko: (e: unknown) => void) {
    let frame: HelperFrame;
    try {
      const parsed = HelperFrame.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error('not a frame');
      frame = parsed.data;
    } catch {
      if (!this.greeted) this.preamble.push(line.slice(0, 500));
      return;
    }
    if (frame.t === 'ready') {
      this.greeted = true;
      this.t.setActive(this.pending.size > 0);
      return ok({ pid: frame.pid, callerUid: frame.callerUid });
    }
    if (frame.id === null) {
      if (frame.t === 'error' && !this.greeted) ko(errorFromPayload(frame.error));
      return;
    }
    const p = this.pending.get(frame.id);
    if (!p) return;
    switch (frame.t) {
      case 'spawn':
        return p.opts.onStart?.(frame.argv);
      case 'progress':
        return p.opts.onBytes?.(frame.bytes);
      case 'out': {
        const c = Buffer.from(frame.data, 'base64');
        if (frame.stream === 'stderr') return p.opts.onStderr?.(c);
        p.opts.onStdout?.(c);
        if (p.outLen + c.length <= (p.opts.maxStdout ?? 64 * 1024 * 1024)) p.out.push(c);
        p.outLen += c.length;
        return;
      }
      case 'done':
        this.settle(frame.id);
        return p.resolve({ commands: frame.commands, stdout: Buffer.concat(p.out), durationMs: frame.durationMs });
      case 'error':
        this.settle(frame.id);
        return p.reject(errorFromPayload(frame.error));
    }
  }

  private settle(id: number) {
    this.pending.delete(id);
    if (this.pending.size === 0) this.t.setActive(false);
  }

  private send(frame: Record<string, unknown> & { id: number }, opts: CallOptions): Promise<HelperResult> {
    if (this.closed !== null) return Promise.reject(new CowshedError('INTERNAL', `The privileged helper is not running (${this.closed}).`));
    if (opts.signal?.aborted) return Promise.reject(new CowshedError('CANCELLED', 'Cancelled before it started.'));
    return new Promise<HelperResult>((resolve, reject) => {
      this.pending.set(frame.id, { opts, out: [], outLen: 0, resolve, reject });
      this.t.setActive(true);
      opts.signal?.addEventListener('abort', () => this.pending.has(frame.id) && this.t.write(encodeFrame({ t: 'cancel', id: frame.id })), { once: true });
      this.t.write(encodeFrame(frame));
    });
  }

  private static opts(o: CallOptions): RequestOptions | undefined {
    const r: RequestOptions = {};
    if (o.timeoutMs !== undefined) r.timeoutMs = Math.max(1, Math.round(o.timeoutMs));
    if (o.okExitCodes?.length) r.okExitCodes = o.okExitCodes;
    return Object.keys(r).length ? r : undefined;
  }

  /** Run one verb of the table with structured arguments. */
  request(verb: string, args: Args, opts: CallOptions = {}): Promise<HelperResult> {
    const id = this.nextId++;
    return this.send({ t: 'req', id, verb, args, ...(HelperClient.opts(opts) ? { opts: HelperClient.opts(opts) } : {}) }, opts);
  }

  /** Run `from | to` inside the helper (send | receive). */
  pipe(from: { verb: string; args: Args }, to: { verb: string; args: Args }, opts: CallOptions = {}): Promise<HelperResult> {
    const id = this.nextId++;
    return this.send({ t: 'pipe', id, from, to, ...(HelperClient.opts(opts) ? { opts: HelperClient.opts(opts) } : {}) }, opts);
  }

  /** Send a raw frame (tests that forge requests). */
  raw(frame: Record<string, unknown> & { id: number }): Promise<HelperResult> {
    return this.send(frame, {});
  }

  /** Close the channel; the helper exits when its input ends. */
  close(): void {
    this.t.close();
  }
}
