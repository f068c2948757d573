/**
 * Deleting subvolumes by plan. The plan lists the subvolume and every subvolume nested in it, refuses the
 * default subvolume, mounted ones and ones with mounts inside, and shows the exact commands: one
 * `btrfs subvolume delete --subvolid N <mountpoint>` per subvolume, deepest first. Deleting by id means no
 * path is followed, nothing outside the subvolumes is touched, and no other mount is crossed; nothing is ever
 * removed file by file. Committing re-reads everything and refuses if any uuid, nesting or mount changed.
 */
import type { Plan, PlanItem } from '../../../../shared/domain';
import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import type { PlanExecutor } from '../../plans/plan-store';
import type { BtrfsTarget } from '../types';
import { btrfsFs, fsUuidOf, pinningMounts, subvolId, subvolName, type BtrfsFs } from './btrfs-fs';
import { argvOf, deleteByIdCmd } from './commands';
import { classifyBtrfs } from './errors';
import { TOP_LEVEL_ID, defaultSubvolId, readTable, type Subvol, type SubvolTable } from './subvol-table';
import { findIn, openTarget } from './target';

/** What the user is told after a delete. */
export const RECLAIM_NOTE =
  'Space is reclaimed in the background: btrfs cleans deleted subvolumes up after the command returns (`btrfs subvolume sync` waits for it, which can take tens of seconds).';

type Blocker = Plan['blockers'][number];

/** Everything a destroy plan is computed from, so planning and revalidation share one function. */
interface Assessment {
  target: Subvol;
  /** Nested subvolumes, then the target: the order they are deleted in. */
  order: Subvol[];
  blockers: Blocker[];
  warnings: string[];
}

function assess(table: SubvolTable, target: Subvol, defaultId: number | null, recursive: boolean): Assessment {
  const nested = table.nestedDeepestFirst(target.id);
  const order = [...nested, target];
  const blockers: Blocker[] = [];
  const id = (s: Subvol) => subvolId(table.fs, s.path);
  if (nested.length && !recursive)
    blockers.push({
      code: 'HAS_CHILDREN',
      message: `${target.path} contains ${nested.length} nested subvolume${nested.length === 1 ? '' : 's'} (${nested.map((s) => s.path).join(', ')}); btrfs cannot delete it while they exist. Plan again with --recursive to delete them too.`,
      ids: nested.map(id),
    });
  const dflt = order.find((s) => s.id === defaultId);
  if (dflt)
    blockers.push({
      code: 'IS_DEFAULT',
      message: `${dflt.path} is the default subvolume (mounted when no subvol= is given, usually at boot). Make another subvolume the default first (btrfs subvolume set-default).`,
      ids: [id(dflt)],
    });
  const reach = order.map((s) => table.reachable(s)).filter((p): p is string => p !== null);
  for (const pin of pinningMounts(table.fs, order, reach))
    blockers.push({ code: 'MOUNTED', message: `${pin.why}; unmount it first.`, ids: pin.subvolPath === null ? [] : [subvolId(table.fs, pin.subvolPath)] });
  const warnings = [RECLAIM_NOTE];
  const kept = target.uuid ? table.rows.filter((s) => s.parentUuid === target.uuid && !order.includes(s)) : [];
  if (kept.length) warnings.push(`${kept.length} snapshot${kept.length === 1 ? ' of ' + target.path + ' stays' : 's of ' + target.path + ' stay'}: btrfs snapshots do not depend on the subvolume they were taken of.`);
  if (target.receivedUuid) warnings.push(`${target.path} was received (btrfs receive): incremental sends that use it as their parent will need a full send again.`);
  return { target, order, blockers, warnings };
}

const itemOf = (fs: BtrfsFs, s: Subvol, target: Subvol): PlanItem => ({
  action: 'destroy',
  id: subvolId(fs, s.path),
  label: s.path,
  type: s.parentUuid ? 'snapshot' : 'subvolume',
  identity: { fsUuid: fs.fsUuid, subvolId: s.id, uuid: s.uuid ?? '', cgen: s.cgen ?? 0 },
  note: s === target ? (s.readonly ? 'read-only' : undefined) : `nested in ${target.path}`,
});

/** Read what the plan depends on, fresh. */
async function read(fs: BtrfsFs) {
  const [table, defaultId] = await Promise.all([readTable(fs), defaultSubvolId(fs)]);
  return { table, defaultId };
}

/** The executor: re-reads, checks every identity, then deletes by id in the planned order. */
function executor(ctx: CoreContext, target: BtrfsTarget): PlanExecutor {
  let fresh: BtrfsFs | null = null;
  return {
    key: (plan) => `btrfs:${String(plan.items[0]?.identity.fsUuid ?? '')}`,
    async revalidate(plan) {
      await ctx.probe(true);
      const fs = await btrfsFs(ctx, target.mount);
      const stale = (why: string) => new CowshedError('PLAN_STALE', `${why} since the plan was made; make a new plan.`);
      if (fs.fsUuid !== plan.items[0]?.identity.fsUuid) throw stale('The filesystem is no longer mounted there');
      const { table, defaultId } = await read(fs);
      for (const item of plan.items) {
        const now = table.byId.get(Number(item.identity.subvolId));
        if (!now || (now.uuid ?? '') !== item.identity.uuid || now.path !== item.label) throw stale(`${item.label} changed (deleted, replaced or moved)`);
      }
      const top = table.byId.get(Number(plan.items.at(-1)!.identity.subvolId))!;
      const a = assess(table, top, defaultId, Boolean(plan.options?.recursive));
      if (a.order.length !== plan.items.length || a.order.some((s, i) => s.id !== Number(plan.items[i]!.identity.subvolId)))
        throw stale(`The subvolumes nested in ${top.path} changed`);
      if (a.blockers.length) throw new CowshedError(a.blockers[0]!.code, a.blockers[0]!.message, { details: { blockers: a.blockers } });
      fresh = fs;
    },
    async execute(plan, job) {
      const fs = fresh!;
      if (fsUuidOf(fs.canonical) !== plan.items[0]!.identity.fsUuid) throw new CowshedError('PLAN_STALE', 'The filesystem changed; make a new plan.');
      const deleted: string[] = [];
      job.progress(0, plan.items.length, 'subvolumes');
      for (const item of plan.items) {
        const c = deleteByIdCmd(Number(item.identity.subvolId), fs.canonical.mountpoint);
        await ctx.mutate('destroy', c.tool, c.args, { job, classify: classifyBtrfs });
        deleted.push(item.id);
        job.progress(deleted.length, plan.items.length, 'subvolumes');
      }
      job.output('info', RECLAIM_NOTE + '\n');
      return { deleted, notes: [RECLAIM_NOTE] };
    },
  };
}

/** Plan deleting a subvolume (and, with `recursive`, everything nested in it). */
export async function planDestroy(ctx: CoreContext, t: BtrfsTarget, opts: { recursive?: boolean }): Promise<Plan> {
  const ref = await openTarget(ctx, t, true);
  const { table, defaultId } = await read(ref.fs);
  const target = findIn(table, ref);
  if (target.id === TOP_LEVEL_ID) throw new CowshedError('NOT_SUPPORTED', 'The top level of a btrfs filesystem cannot be deleted (it is the filesystem itself).');
  const a = assess(table, target, defaultId, Boolean(opts.recursive));
  const fs = ref.fs;
  const isSnapshot = target.parentUuid !== null && a.order.length === 1;
  const nestedCount = a.order.length - 1;
  return ctx.plans.put(
    {
      kind: 'destroy',
      fs: 'btrfs',
      target: subvolId(fs, target.path),
      title: `Delete ${isSnapshot ? 'snapshot' : 'subvolume'} ${target.path}${nestedCount ? ` and ${nestedCount} nested` : ''}`,
      summary: [
        `Deletes ${isSnapshot ? 'snapshot' : 'subvolume'} ${target.path} (id ${target.id}) and everything in it${nestedCount ? `, including ${nestedCount} nested subvolume${nestedCount === 1 ? '' : 's'}, deepest first` : ''}.`,
        'Each subvolume is deleted by its id (btrfs subvolume delete --subvolid): no path is followed, no other mount is crossed, nothing outside these subvolumes is touched.',
      ],
      items: a.order.map((s) => itemOf(fs, s, target)),
      blockers: a.blockers,
      warnings: a.warnings,
      commands: a.order.map((s) => argvOf(deleteByIdCmd(s.id, fs.canonical.mountpoint))),
      bytesFreed: null,
      confirmText: isSnapshot ? null : subvolName(target.path),
      options: { recursive: Boolean(opts.recursive) },
    },
    executor(ctx, t),
  );
}
