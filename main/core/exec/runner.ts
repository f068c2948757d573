import { AsyncLocalStorage } from 'node:async_hooks';
import type { Plan } from '../../../shared/domain';
import type { PipeCommand, PipelineOptions, RunOptions, RunResult } from './run';

/**
 * Where commands run: in this process as the user, or through the privileged helper. One Runner per Service,
 * installed for the duration of each call (and the jobs it starts) so providers keep calling `run(...)` /
 * `ctx.mutate(...)` and never choose themselves.
 */
export interface Runner {
  /** Short name for logs and the journal ("local", "escalating"). */
  readonly name: string;
  run(tool: string, args: readonly string[], opts: RunOptions): Promise<RunResult>;
  pipeline(a: PipeCommand, b: PipeCommand, opts: PipelineOptions): Promise<{ a: RunResult; b: RunResult }>;
}

/** What a Service call runs inside: its Runner and, for commitPlan, the plan being carried out. */
export interface RunScope {
  runner: Runner;
  plan?: Plan;
}

const scope = new AsyncLocalStorage<RunScope>();

/** Run `f` (and everything it starts, jobs included) with this scope's Runner. */
export function withRunScope<T>(s: RunScope, f: () => T): T {
  return scope.run(s, f);
}

/** The Runner of the current Service call, if any (none: run directly in this process). */
export function currentRunner(): Runner | undefined {
  return scope.getStore()?.runner;
}

/** The plan the current call is committing, if any. */
export function currentPlan(): Plan | undefined {
  return scope.getStore()?.plan;
}
