import type { Plan, PlanItem } from '../../../../shared/domain';
import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import type { JobContext } from '../../jobs/jobs';
import type { PlanExecutor } from '../../plans/plan-store';
import { renameDataset, zfsChange, zfsRead } from './exec';
import type { ZfsFeatures } from './features';
import { opCommands, type ZfsDraft, type ZfsOp } from './plan-types';
import { readWorld } from './read';
import { copySnapshots, sendEstimate } from './send-receive';
import { poolOf, type ZfsWorld } from './world';

/** Runs a plan's steps; rollback and detach add their own cleanup around the copy. */
export type PlanRunner = (ctx: CoreContext, f: ZfsFeatures, draft: ZfsDraft, job: JobContext) => Promise<{ notes: string[] }>;

const stale = (message: string) => new CowshedError('PLAN_STALE', `${message} Make a new plan.`);

/** Throw PLAN_STALE when an item's guid / createtxg changed, an item vanished, or something to be created exists. */
export function checkIdentities(items: readonly PlanItem[], w: ZfsWorld): void {
  for (const i of items) {
    const r = w.get(i.label);
    if (i.action === 'create') {
      if (r) throw stale(`${i.label} exists now, but the plan was going to create it.`);
      continue;
    }
    if (i.identity.guid === undefined) continue;
    if (!r) throw stale(`${i.label} no longer exists.`);
    if (String(r.guid) !== String(i.identity.guid) || (r.createtxg ?? 0) !== Number(i.identity.createtxg))
      throw stale(`${i.label} changed since the plan was made (it was replaced: guid ${i.identity.guid} → ${r.guid}).`);
  }
}

/** Throw PLAN_STALE when a fresh plan on today's state would touch other objects than the stored one. */
export function compareItems(planned: readonly PlanItem[], fresh: readonly PlanItem[]): void {
  const key = (i: PlanItem) => `${i.action} ${i.label}`;
  const a = new Set(planned.map(key));
  const b = new Set(fresh.map(key));
  const added = [...b].filter((k) => !a.has(k));
  const gone = [...a].filter((k) => !b.has(k));
  if (added.length || gone.length)
    throw stale(`Since the plan was made, ${[...added.map((k) => `“${k}” was added`), ...gone.map((k) => `“${k}” no longer applies`)].join('; ')}.`);
}

/** Whether any snapshot at or under `name` carries a user hold (so "dataset is busy" means held, not busy). */
async function heldUnder(name: string): Promise<string[]> {
  try {
    const r = await zfsRead(['get', '-H', '-p', '-o', 'name,value', ...(name.includes('@') ? [] : ['-r']), 'userrefs', name]);
    return r.stdout.split('\n').filter((l) => /\t[1-9]\d*$/.test(l)).map((l) => l.split('\t')[0]!);
  } catch {
    return [];
  }
}

/** Run one step. A destroy that meets "dataset is busy" is retried unless a hold explains it. */
export async function runOp(ctx: CoreContext, f: ZfsFeatures, o: ZfsOp, job: JobContext): Promise<void> {
  const argv = opCommands(o)[0]!.slice(1);
  switch (o.op) {
    case 'destroy':
      try {
        await zfsChange(ctx, 'destroy', argv, { job, retryIf: async () => (await heldUnder(o.name)).length === 0 });
      } catch (e) {
        const held = (e as CowshedError).code === 'BUSY' ? await heldUnder(o.name) : [];
        if (held.length) throw new CowshedError('HELD', `${held.join(', ')} ${held.length === 1 ? 'is' : 'are'} held; release the hold first.`, { cause: e });
        throw e;
      }
      return;
    case 'rename':
      return renameDataset(ctx, f, o.from, o.to, { job });
    case 'copy': {
      const total = await sendEstimate(f, o.snapshots, o.estimate);
      await copySnapshots(ctx, o.snapshots, o.to, job, total);
      return;
    }
    case 'snapshot':
    case 'rollback':
    case 'promote':
    case 'set':
      await zfsChange(ctx, o.op, argv, { job });
      return;
  }
}

/** Run every step in order (destroy, promote). */
export const runSteps: PlanRunner = async (ctx, f, draft, job) => {
  for (const [i, o] of draft.ops.entries()) {
    job.progress(i, draft.ops.length, 'steps');
    await runOp(ctx, f, o, job);
  }
  job.progress(draft.ops.length, draft.ops.length, 'steps');
  return { notes: [] };
};

/**
 * Store a draft as a plan bound to an executor. At commit the pool is read again: every identity must
 * match, and planning again on today's state must give the same items and no blocker.
 */
export function storePlan(ctx: CoreContext, f: ZfsFeatures, draft: ZfsDraft, rebuild: (w: ZfsWorld) => ZfsDraft, runner: PlanRunner = runSteps): Plan {
  const { ops, ...fields } = draft;
  const executor: PlanExecutor = {
    key: () => `zfs:${poolOf(draft.target)}`,
    async revalidate(plan) {
      const w = await readWorld(ctx, f, draft.target);
      checkIdentities(plan.items, w);
      let fresh: ZfsDraft;
      try {
        fresh = rebuild(w);
      } catch (e) {
        throw stale((e as Error).message);
      }
      compareItems(plan.items, fresh.items);
      const b = fresh.blockers[0];
      if (b) throw new CowshedError(b.code, b.message, { details: { blockers: fresh.blockers } });
    },
    execute: (_plan, job) => runner(ctx, f, draft, job),
  };
  return ctx.plans.put({ ...fields, commands: ops.flatMap(opCommands) }, executor);
}
