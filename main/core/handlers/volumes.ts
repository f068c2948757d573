import { CowshedError } from '../../../shared/errors';
import type { CoreContext, HandlerMap } from '../context';
import { resolveTarget } from '../resolve';
import { withProvider } from '../providers/registry';
import type { PageSink } from '../providers/types';
import type { Snapshot } from '../../../shared/domain';
import { precheckZfsNames } from '../providers/zfs/names';
import { listEarly } from '../providers/btrfs/early-list';

const unsupported = (what: string, fs: string) => new CowshedError('NOT_SUPPORTED', `${fs} cannot ${what}.`);

/** Resolve and dispatch to the provider of the target's filesystem. */
async function dispatch<R>(ctx: CoreContext, target: string, f: Parameters<typeof withProvider<R>>[1]): Promise<R> {
  return withProvider(await resolveTarget(ctx, target), f);
}

/** The `snapshots` handler handing them over a page at a time (Service.snapshotPages); returns the rest. */
export const snapshotPages = (req: { target: string }, ctx: CoreContext, page: PageSink<Snapshot>): Promise<Snapshot[]> =>
  listing(ctx, req.target, (p, t) => p.snapshots(ctx, t, page));

/** `dispatch` for a listing: a btrfs target's subvolume list starts at once, alongside resolving it. */
async function listing<R>(ctx: CoreContext, target: string, f: Parameters<typeof withProvider<R>>[1]): Promise<R> {
  const end = listEarly(ctx, target);
  try {
    return await dispatch(ctx, target, f);
  } finally {
    end();
  }
}

/** Snapshots, clones, lineage and plans, dispatched per filesystem; commit runs any plan as a job. */
export const volumeHandlers: Pick<
  HandlerMap,
  | 'snapshots' | 'createSnapshot' | 'renameSnapshot' | 'setReadonly' | 'hold' | 'cloneSnapshot' | 'lineage'
  | 'planDestroy' | 'planRollback' | 'planPromote' | 'planDetach' | 'commitPlan' | 'getPlan'
> = {
  snapshots: (req, ctx) => listing(ctx, req.target, (p, t) => p.snapshots(ctx, t)),
  createSnapshot: async (req, ctx) => {
    precheckZfsNames(req.target, req, 'createSnapshot'); // ZFS naming rules before anything runs (exit 2)
    return dispatch(ctx, req.target, (p, t) => p.createSnapshot(ctx, t, req));
  },
  renameSnapshot: async (req, ctx) => {
    precheckZfsNames(req.target, req, 'renameSnapshot');
    return dispatch(ctx, req.target, (p, t) => p.renameSnapshot(ctx, t, req.newName));
  },
  setReadonly: (req, ctx) => dispatch(ctx, req.target, (p, t) => p.setReadonly(ctx, t, req.readonly)),
  hold: async (req, ctx) => {
    precheckZfsNames(req.target, req, 'hold');
    return dispatch(ctx, req.target, (p, t) => {
      if (!p.hold) throw unsupported('hold snapshots', p.kind);
      return p.hold(ctx, t, req.tag, req.release ?? false);
    });
  },
  cloneSnapshot: async (req, ctx) => {
    precheckZfsNames(req.snapshot, req, 'cloneSnapshot');
    return dispatch(ctx, req.snapshot, (p, t) => p.cloneSnapshot(ctx, t, req.name));
  },
  lineage: (req, ctx) => dispatch(ctx, req.target, (p, t) => p.lineage(ctx, t)),
  planDestroy: (req, ctx) => dispatch(ctx, req.target, (p, t) => p.planDestroy(ctx, t, req)),
  planRollback: (req, ctx) =>
    dispatch(ctx, req.snapshot, (p, t) => {
      if (!p.planRollback) throw unsupported('roll back in place (restore files from the snapshot instead)', p.kind);
      return p.planRollback(ctx, t, req);
    }),
  planPromote: (req, ctx) =>
    dispatch(ctx, req.target, (p, t) => {
      if (!p.planPromote) throw unsupported('promote (its snapshots do not depend on each other)', p.kind);
      return p.planPromote(ctx, t);
    }),
  planDetach: (req, ctx) =>
    dispatch(ctx, req.target, (p, t) => {
      if (!p.planDetach) throw unsupported('detach clones (its snapshots are already independent)', p.kind);
      return p.planDetach(ctx, t, req);
    }),
  async getPlan(req, ctx) {
    return ctx.plans.get(req.planId).plan;
  },
  async commitPlan(req, ctx) {
    const { plan, executor } = ctx.plans.get(req.planId);
    ctx.plans.checkConfirm(plan, req.confirm);
    ctx.plans.take(req.planId);
    return ctx.jobs.start({
      title: plan.title,
      kind: plan.kind,
      key: executor.key(plan),
      cancellable: plan.kind === 'detach' || plan.kind === 'restore' || plan.kind === 'clone',
      run: async (job) => {
        await executor.revalidate(plan, job.signal);
        return executor.execute(plan, job);
      },
    });
  },
};
