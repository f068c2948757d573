import type { Job, Plan } from '../../../../shared/domain';
import { closeDialog } from '../../app/dialog-store';
import { createStore } from '../../lib/store';

/** Widening a destroy when the first plan is blocked by dependents / children. */
export interface PlanOptions {
  recursive?: boolean;
  recursiveDependents?: boolean;
}

/** What opens the plan dialog: how to (re)make the plan, and what to do once its job ends. */
export interface PlanRequest {
  /** Shown while the plan is being computed. */
  title: string;
  load: (options: PlanOptions) => Promise<Plan>;
  /** Whether the plan can be widened (destroy): offered when a blocker says so. */
  widenable?: boolean;
  onFinished?: (job: Job) => void;
}

export const planStore = createStore<{ request: PlanRequest; seq: number } | null>(null);
let seq = 0;

/** Open the plan dialog for a destroy / rollback / promote / restore. */
export function openPlan(request: PlanRequest): void {
  closeDialog(); // one modal at a time: the plan replaces whatever led to it
  planStore.set({ request, seq: ++seq });
}

export function closePlan(): void {
  planStore.set(null);
}

/** Whether what the user typed confirms the plan. */
export function confirmationMatches(plan: Pick<Plan, 'confirmText'>, typed: string): boolean {
  return plan.confirmText === null || typed === plan.confirmText;
}

/** Whether the commit button may be pressed. */
export function canCommit(plan: Pick<Plan, 'confirmText' | 'blockers'>, typed: string): boolean {
  return plan.blockers.length === 0 && confirmationMatches(plan, typed);
}
