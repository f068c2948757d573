import type { z } from 'zod';
import type { Contract, EventName, EventPayload, MethodName, Res } from '../../shared/contract/index';
import type { Mount } from '../../shared/domain';
import { run, type RunOptions, type RunResult } from './exec/run';
import type { JobContext, JobManager } from './jobs/jobs';
import type { Journal } from './journal/journal';
import type { PlanStore } from './plans/plan-store';
import type { ProbeResult } from './probe/probe';
import type { MountInfo } from './probe/mountinfo';
import { matchCommand } from '../privilege/verb-table';
import type { Req, Res as ResOf } from '../../shared/contract/index';
import { CowshedError } from '../../shared/errors';

/** Privilege status, pre-flight and authentication (main/privilege's PrivilegeManager). */
export interface PrivilegeControl {
  status(): Promise<ResOf<'privilegeStatus'>>;
  preflight(p: ProbeResult): ResOf<'preflight'>;
  authenticate(req: Req<'authenticate'>): Promise<ResOf<'authenticate'>>;
  close(): void;
}

/** Everything a handler or provider may use. One per Service. */
export interface CoreContext {
  jobs: JobManager;
  journal: Journal;
  plans: PlanStore;
  /** Cached probe (mounts, tools, capabilities); `refresh` re-reads. */
  probe(refresh?: boolean): Promise<ProbeResult>;
  /** The raw mount table the probe is built from (cached alike): for what needs only the mounts, early. */
  mountTable(refresh?: boolean): MountInfo[];
  /** Run a command that changes something: journaled, shown on the job's console. */
  mutate(verb: string, tool: string, args: readonly string[], opts?: RunOptions & { job?: JobContext }): Promise<RunResult>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Per-service scratch space for providers (temporary mounts, caches). */
  state: Map<string, unknown>;
  /** Who runs commands and how to get admin rights (absent in bare test contexts). */
  privilege?: PrivilegeControl;
}

export type HandlerRequest<M extends MethodName> = z.output<Contract[M]['request']>;
export type Handler<M extends MethodName> = (req: HandlerRequest<M>, ctx: CoreContext) => Promise<Res<M>>;
export type HandlerMap = { [M in MethodName]: Handler<M> };

/**
 * With COWSHED_HELPER_AUDIT=1 (dev / CI, usually as root), a mutating command the privileged helper would
 * refuse fails at once, so a provider's argv that only works as root is caught before users meet it.
 */
function audit(tool: string, args: readonly string[]): void {
  if (!process.env.COWSHED_HELPER_AUDIT) return;
  if (!['zfs', 'zpool', 'btrfs', 'mount', 'umount'].includes(tool.slice(tool.lastIndexOf('/') + 1))) return;
  if (!matchCommand(tool, args)) throw new CowshedError('INTERNAL', `The privileged helper has no verb for: ${tool} ${args.join(' ')}`);
}

/** Build the `mutate` function: run + journal + console output (the command line shown as it starts). */
export function makeMutate(journal: Journal) {
  return async (verb: string, tool: string, args: readonly string[], opts: RunOptions & { job?: JobContext } = {}): Promise<RunResult> => {
    const { job, ...runOpts } = opts;
    audit(tool, args);
    const started = Date.now();
    const uid = process.getuid?.() ?? -1;
    let argv: string[] = [tool, ...args];
    let shown = false;
    try {
      const r = await run(tool, args, {
        ...runOpts,
        onStart: (a) => {
          runOpts.onStart?.(a);
          shown = true;
          job?.command(a);
        },
        onStdout: (c) => {
          runOpts.onStdout?.(c);
          job?.output('stdout', c.toString('utf8'));
        },
        onStderr: (c) => {
          runOpts.onStderr?.(c);
          job?.output('stderr', c.toString('utf8'));
        },
      });
      argv = r.argv;
      if (!shown) job?.command(argv);
      journal.append({
        time: new Date().toISOString(), uid, verb, argv, outcome: 'ok', exitCode: r.exitCode, durationMs: Date.now() - started, ...(r.via ? { via: r.via } : {}),
      });
      return r;
    } catch (e) {
      const cmd = (e as { command?: { argv: string[]; exitCode: number | null; stderr: string } }).command;
      if (cmd) {
        if (!shown) job?.command(cmd.argv);
        journal.append({
          time: new Date().toISOString(), uid, verb, argv: cmd.argv, outcome: 'failed', exitCode: cmd.exitCode,
          durationMs: Date.now() - started, stderr: cmd.stderr.slice(0, 4000),
        });
      }
      throw e;
    }
  };
}

/** Mounts of one kind from a probe. */
export const mountsOfKind = (p: ProbeResult, kind: Mount['kind']): Mount[] => p.mounts.filter((m) => m.kind === kind);
