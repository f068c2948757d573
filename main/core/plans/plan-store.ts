import { randomUUID } from 'node:crypto';
import { CowshedError } from '../../../shared/errors';
import type { Plan } from '../../../shared/domain';
import type { JobContext } from '../jobs/jobs';

/**
 * How a plan is carried out. `revalidate` re-reads every identity the plan names (guid, uuid, createtxg,
 * inode…) and throws PLAN_STALE when anything changed; `execute` derives its commands from the plan's items
 * (never from free text) and runs them.
 */
export interface PlanExecutor {
  /** Serialisation key (pool / filesystem). */
  key(plan: Plan): string | null;
  revalidate(plan: Plan, signal: AbortSignal): Promise<void>;
  execute(plan: Plan, job: JobContext): Promise<unknown>;
}

interface Stored {
  plan: Plan;
  executor: PlanExecutor;
  expires: number;
}

/** Plans made and not yet committed, bound to their executors. Plans expire after 15 minutes. */
export class PlanStore {
  private readonly plans = new Map<string, Stored>();
  constructor(private readonly ttlMs = 15 * 60_000) {}

  /** Store a plan (its id is assigned here) and return it. */
  put(plan: Omit<Plan, 'id' | 'createdAt'> & Partial<Pick<Plan, 'id' | 'createdAt'>>, executor: PlanExecutor): Plan {
    const full: Plan = { ...plan, id: randomUUID(), createdAt: new Date().toISOString() };
    this.sweep();
    this.plans.set(full.id, { plan: full, executor, expires: Date.now() + this.ttlMs });
    return full;
  }

  get(id: string): { plan: Plan; executor: PlanExecutor } {
    this.sweep();
    const s = this.plans.get(id);
    if (!s) throw new CowshedError('PLAN_NOT_FOUND', 'This plan has expired or was already used. Make a new plan.');
    return s;
  }

  /** Check the confirmation a plan needs; throws CONFIRMATION_REQUIRED or the first blocker. */
  checkConfirm(plan: Plan, confirm: string | undefined): void {
    if (plan.blockers.length > 0) {
      const b = plan.blockers[0]!;
      throw new CowshedError(b.code, b.message, { details: { blockers: plan.blockers } });
    }
    if (plan.confirmText !== null && confirm !== plan.confirmText)
      throw new CowshedError('CONFIRMATION_REQUIRED', `Type “${plan.confirmText}” to confirm.`, { details: { confirmText: plan.confirmText } });
  }

  /** Remove a plan once used: a plan commits at most once. */
  take(id: string): { plan: Plan; executor: PlanExecutor } {
    const s = this.get(id);
    this.plans.delete(id);
    return s;
  }

  private sweep() {
    const now = Date.now();
    for (const [id, s] of this.plans) if (s.expires < now) this.plans.delete(id);
  }
}
