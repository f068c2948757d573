import type { Plan } from '../../shared/domain';
import { CowshedError } from '../../shared/errors';
import { checkZfsDataset, checkZfsSnapshot } from '../../shared/validate';
import { commandError, CommandError, pipelineLocal, runLocal, type PipeCommand, type PipelineOptions, type RunOptions, type RunResult } from '../core/exec/run';
import { currentPlan, type Runner } from '../core/exec/runner';
import type { ExpectItem } from './grammar';
import type { CallOptions, HelperClient, HelperResult } from './helper-client';
import { matchCommand, matchPipeline, type Matched } from './verb-table';

/** Where the escalating runner gets a helper: the running one, or one started without asking (sudo -n). */
export interface HelperSource {
  current(): HelperClient | null;
  ensure(): Promise<HelperClient | null>;
}

const PERMISSION = /permission denied|operation not permitted|must be run as root|only root|EPERM|EACCES/i;

/** True when a failure means "this needs root" (whatever code the provider's classifier chose). */
export function needsAdmin(e: unknown): boolean {
  if (!(e instanceof CowshedError)) return false;
  return e.code === 'NEEDS_ADMIN' || (e instanceof CommandError && e.code === 'COMMAND_FAILED' && PERMISSION.test(e.stderr));
}

function asNeedsAdmin(e: unknown): unknown {
  if (!(e instanceof CommandError) || e.code === 'NEEDS_ADMIN') return e;
  const line = e.stderr.trim().split('\n')[0] ?? '';
  return new CommandError('NEEDS_ADMIN', `This needs administrator rights (${line}). Authenticate in Cowshed and try again.`, {
    argv: e.argv, exitCode: e.exitCode, stderr: e.stderr,
  });
}

const validZfs = (n: string) => (n.includes('@') ? checkZfsSnapshot(n) : checkZfsDataset(n)).ok;

/** The identities the helper needs for a destructive verb, from the plan being committed. */
export function expectFromPlan(plan: Plan | undefined): ExpectItem[] | undefined {
  if (!plan) return undefined;
  const out: ExpectItem[] = [];
  for (const it of plan.items) {
    const guid = it.identity.guid === undefined ? undefined : String(it.identity.guid);
    const uuid = typeof it.identity.uuid === 'string' ? it.identity.uuid : undefined;
    if (uuid && /^[0-9a-f-]{36}$/.test(uuid)) out.push({ uuid });
    if (guid && /^\d{1,20}$/.test(guid)) {
      const names = new Set([it.id.startsWith('zfs:') ? it.id.slice(4) : it.id, it.label].filter(validZfs));
      for (const name of names) out.push({ name, guid });
    }
  }
  return out.length ? out : undefined;
}

function callOptions(opts: RunOptions | PipelineOptions): CallOptions {
  return {
    timeoutMs: opts.timeoutMs, okExitCodes: opts.okExitCodes ? [...opts.okExitCodes] : undefined, signal: opts.signal, maxStdout: opts.maxStdout,
    onStart: opts.onStart, onStdout: opts.onStdout, onStderr: opts.onStderr, onBytes: (opts as PipelineOptions).onBytes,
  };
}

function toResult(c: HelperResult['commands'][number], opts: RunOptions, stdout: Buffer, durationMs: number, via: string): RunResult {
  const ok = opts.okExitCodes ?? [0];
  if (c.exitCode === null || !ok.includes(c.exitCode))
    throw commandError({ argv: c.argv, exitCode: c.exitCode, signal: c.signal, stderr: c.stderr }, opts.classify);
  return {
    argv: c.argv, stdout: opts.binary ? '' : stdout.toString('utf8'), stdoutBuffer: opts.binary ? stdout : undefined,
    stderr: c.stderr, exitCode: c.exitCode, durationMs, via,
  };
}

function withExpect(m: Matched, opts: RunOptions): Matched['args'] {
  if (!m.spec.plan) return m.args;
  const expect = expectFromPlan(opts.plan ?? currentPlan());
  return expect ? { ...m.args, expect } : m.args;
}

/**
 * Hold back what a first try as the user shows (its command line, its output) for a moment: a refusal is
 * immediate and is dropped, so the console shows only the command that really did the work. Anything slower
 * streams live as usual.
 */
function deferred(opts: RunOptions, ms = 400) {
  const held: (() => void)[] = [];
  let live = false;
  const timer = setTimeout(() => flush(), ms);
  const flush = () => {
    clearTimeout(timer);
    live = true;
    for (const f of held.splice(0)) f();
  };
  const hold = <A extends unknown[]>(f: ((...a: A) => void) | undefined) =>
    f && ((...a: A) => (live ? f(...a) : void held.push(() => f(...a))));
  return {
    opts: { ...opts, onStart: hold(opts.onStart), onStdout: hold(opts.onStdout), onStderr: hold(opts.onStderr) } as RunOptions,
    flush,
    drop: () => {
      clearTimeout(timer);
      held.length = 0;
    },
  };
}

/**
 * The Runner of an unprivileged Service. A command that is not a helper verb runs as the user. A helper verb
 * runs as the user first where that can work (own subvolumes, ZFS delegation) and goes to the helper when the
 * user is refused; verbs that always need root go straight to the helper. With no helper to be had, the
 * user's NEEDS_ADMIN error stands.
 */
export class EscalatingRunner implements Runner {
  readonly name = 'escalating';
  /**
   * Read verbs the user was refused while a helper was at hand: later calls skip the try. (Writes always try:
   * whether the user may snapshot depends on who owns the subvolume, not on the verb.)
   */
  private readonly refused = new Set<string>();
  constructor(private readonly helpers: HelperSource) {}

  async run(tool: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const m = matchCommand(tool, args);
    if (!m || m.spec.pipe) return runLocal(tool, args, opts);
    let userError: unknown = null;
    if (m.spec.asUser === 'try' && !(this.refused.has(m.spec.verb) && this.helpers.current())) {
      const d = deferred(opts);
      try {
        const r = await runLocal(tool, args, d.opts);
        d.flush();
        return r;
      } catch (e) {
        if (!needsAdmin(e)) {
          d.flush();
          throw e;
        }
        d.drop();
        userError = e;
      }
    }
    const h = await this.helpers.ensure();
    if (h && userError && m.spec.access === 'read') this.refused.add(m.spec.verb);
    if (!h) {
      if (userError) throw asNeedsAdmin(userError);
      return runLocal(tool, args, opts).catch((e: unknown) => {
        throw needsAdmin(e) ? asNeedsAdmin(e) : e;
      });
    }
    const r = await h.request(m.spec.verb, withExpect(m, opts), callOptions(opts));
    return toResult(r.commands[0]!, opts, r.stdout, r.durationMs, `helper:${h.method}`);
  }

  async pipeline(a: PipeCommand, b: PipeCommand, opts: PipelineOptions = {}): Promise<{ a: RunResult; b: RunResult }> {
    const m = matchPipeline(a, b);
    const h = m ? await this.helpers.ensure() : null;
    if (!m || !h)
      return pipelineLocal(a, b, opts).catch((e: unknown) => {
        throw m && needsAdmin(e) ? asNeedsAdmin(e) : e;
      });
    const r = await h.pipe({ verb: m.from.spec.verb, args: m.from.args }, { verb: m.to.spec.verb, args: m.to.args }, callOptions(opts));
    const via = `helper:${h.method}`;
    const [ca, cb] = r.commands as [HelperResult['commands'][number], HelperResult['commands'][number]];
    return { a: toResult(ca, opts, Buffer.alloc(0), r.durationMs, via), b: toResult(cb, opts, r.stdout, r.durationMs, via) };
  }
}
