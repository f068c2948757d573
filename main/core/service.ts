import { contract, events, type EventName, type EventPayload, type MethodName, type Res } from '../../shared/contract/index';
import { CowshedError, type ErrorCode } from '../../shared/errors';
import { type CoreContext, type HandlerMap, makeMutate } from './context';
import { cloneHandlers } from './handlers/clone';
import { sweepRecordedPartials } from './clone/partials';
import { coreHandlers } from './handlers/core';
import { historyHandlers } from './handlers/history';
import { privilegeHandlers } from './handlers/privilege';
import { volumeHandlers } from './handlers/volumes';
import { JobManager } from './jobs/jobs';
import { Journal } from './journal/journal';
import { PlanStore } from './plans/plan-store';
import { probe, type ProbeResult } from './probe/probe';
import { PrivilegeManager } from '../privilege/privilege-manager';
import type { z } from 'zod';

const handlers: HandlerMap = { ...coreHandlers, ...volumeHandlers, ...cloneHandlers, ...historyHandlers, ...privilegeHandlers };

/** Map a zod failure to a typed error; validator issues keep their own code. */
export function zodToError(method: string, err: z.ZodError): CowshedError {
  const issue = err.issues[0]!;
  const code = ((issue as { params?: { cowshedCode?: ErrorCode } }).params?.cowshedCode ?? 'USAGE') as ErrorCode;
  const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
  return new CowshedError(code, `${issue.message}${code === 'USAGE' ? where : ''}`, { details: { method } });
}

type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ServiceOptions {
  journal?: Journal;
  /** How long a probe result is reused (ms). */
  probeTtlMs?: number;
  /** Who runs commands and how admin rights are had (default: this process's uid, helper when needed). */
  privilege?: PrivilegeManager;
}

/** The core: implements the contract, plain Node. Every door calls `call()`. */
export class Service {
  readonly ctx: CoreContext;
  readonly privilege: PrivilegeManager;
  private readonly listeners = new Set<EventListener>();
  private probeCache: { at: number; result: Promise<ProbeResult> } | null = null;

  constructor(opts: ServiceOptions = {}) {
    const journal = opts.journal ?? new Journal();
    const jobs = new JobManager();
    const ttl = opts.probeTtlMs ?? 2000;
    this.privilege = opts.privilege ?? new PrivilegeManager();
    this.ctx = {
      privilege: this.privilege,
      jobs,
      journal,
      plans: new PlanStore(),
      state: new Map(),
      mutate: makeMutate(journal),
      emit: (e, p) => this.emit(e, p),
      probe: (refresh = false) => {
        if (!refresh && this.probeCache && Date.now() - this.probeCache.at < ttl) return this.probeCache.result;
        const result = probe();
        this.probeCache = { at: Date.now(), result };
        result.catch(() => (this.probeCache = null));
        return result;
      },
    };
    jobs.onUpdate((job) => this.emit('jobUpdated', job));
    jobs.onOutput((o) => this.emit('jobOutput', o));
    // Half-made clones whose process died (crash, SIGKILL) are removed at the next start.
    void sweepRecordedPartials().catch(() => undefined);
  }

  /** Validate the request against the contract and run the handler. */
  async call<M extends MethodName>(method: M, request: unknown): Promise<Res<M>> {
    const spec = Object.hasOwn(contract, method) ? (contract as Record<string, (typeof contract)[MethodName]>)[method] : undefined;
    if (!spec) throw new CowshedError('USAGE', `Unknown method ${String(method)}.`);
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) throw zodToError(method, parsed.error);
    const handler = handlers[method] as (req: unknown, ctx: CoreContext) => Promise<Res<M>>;
    return this.privilege.scope(method, parsed.data, this.ctx.plans, () => handler(parsed.data, this.ctx));
  }

  on(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    if (process.env.COWSHED_CHECK_EVENTS) events[event].parse(payload);
    for (const l of this.listeners) l(event, payload);
  }
}
