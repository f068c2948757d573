import { contract, events, type EventName, type EventPayload, type MethodName, type Res } from '../../shared/contract/index';
import { CowshedError, type ErrorCode } from '../../shared/errors';
import { type CoreContext, type HandlerMap, type HandlerRequest, makeMutate } from './context';
import { cloneHandlers } from './handlers/clone';
import { sweepRecordedPartials } from './clone/partials';
import { coreHandlers } from './handlers/core';
import { historyHandlers } from './handlers/history';
import { privilegeHandlers } from './handlers/privilege';
import { snapshotPages, volumeHandlers } from './handlers/volumes';
import type { Snapshot } from '../../shared/domain';
import { JobManager } from './jobs/jobs';
import { Journal } from './journal/journal';
import { PlanStore } from './plans/plan-store';
import { probe, type ProbeResult } from './probe/probe';
import { readMountinfo, type MountInfo } from './probe/mountinfo';
import { PrivilegeManager } from '../privilege/privilege-manager';
import type { z } from 'zod';

const handlers: HandlerMap = { ...coreHandlers, ...volumeHandlers, ...cloneHandlers, ...historyHandlers, ...privilegeHandlers };

/** Methods whose request schema has been used once. */
const checkedOnce = new Set<string>();

/** A request checked against the contract (USAGE for an unknown method; zod failures as typed errors). */
function checkRequest<M extends MethodName>(method: M, request: unknown): HandlerRequest<M> {
  const spec = Object.hasOwn(contract, method) ? (contract as Record<string, (typeof contract)[MethodName]>)[method] : undefined;
  if (!spec) throw new CowshedError('USAGE', `Unknown method ${String(method)}.`);
  // zod compiles a fast path for an object schema on its first parse (new Function): that costs more than it
  // saves on one parse, and the CLI makes one call. So a method's first request takes the plain path; from the
  // second on (the app, serve mode) the compiled one.
  const jitless = !checkedOnce.has(method);
  checkedOnce.add(method);
  const parsed = spec.request.safeParse(request ?? {}, { jitless });
  if (!parsed.success) throw zodToError(method, parsed.error);
  return parsed.data as HandlerRequest<M>;
}

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
  private tableCache: { at: number; table: MountInfo[] } | null = null;

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
      mountTable: (refresh = false) => {
        if (!refresh && this.tableCache && Date.now() - this.tableCache.at < ttl) return this.tableCache.table;
        const table = readMountinfo();
        this.tableCache = { at: Date.now(), table };
        return table;
      },
      probe: (refresh = false) => {
        if (!refresh && this.probeCache && Date.now() - this.probeCache.at < ttl) return this.probeCache.result;
        const result = probe({ mountinfo: this.ctx.mountTable(refresh) });
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
    const req = checkRequest(method, request);
    const handler = handlers[method] as (req: unknown, ctx: CoreContext) => Promise<Res<M>>;
    return this.privilege.scope(method, req, this.ctx.plans, () => handler(req, this.ctx));
  }

  /**
   * `call('snapshots', request)`, but the snapshots are handed to `page` a page at a time as the provider makes
   * them, in order: output of 10,000 snapshots then need not hold them all (`cowshed snapshots --json`). The same
   * checks and privilege scope as call().
   */
  async snapshotPages(request: unknown, page: (snapshots: Snapshot[]) => void): Promise<void> {
    const req = checkRequest('snapshots', request);
    const rest = await this.privilege.scope('snapshots', req, this.ctx.plans, () => snapshotPages(req, this.ctx, page));
    if (rest.length > 0) page(rest);
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
