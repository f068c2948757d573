import type { Plan, PlanItem } from '../../../../shared/domain';
import { planDestroyDraft } from './plan-destroy';
import { createItem, itemFor, listNames, type ZfsDraft, type ZfsOp } from './plan-types';
import { splitSnapshot, type ZfsWorld } from './world';

/** What the rollback plan needs besides the world: the names the safety step will use. */
export interface RollbackInput {
  snapshot: string;
  force: boolean;
  /** `<dataset>@cowshed-safety-<stamp>`. */
  safetySnapshot: string;
  /** Where the current state is copied before rolling back. */
  safetyCopy: string;
}

/**
 * Plan `zfs rollback`: the newer snapshots (and bookmarks) it destroys, the clones of those snapshots, holds
 * that block it. ZFS destroys every snapshot newer than the target — a plain safety snapshot included — so
 * the safety step snapshots the current state and copies it (send | receive) to a new dataset first,
 * unless provably nothing would be lost.
 */
export function planRollbackDraft(w: ZfsWorld, input: RollbackInput): ZfsDraft {
  const s = w.get(input.snapshot)!;
  const { dataset, short } = splitSnapshot(s.name);
  const d = w.get(dataset)!;
  const newer = w.snapshotsOf(dataset).filter((x) => (x.createtxg ?? 0) > (s.createtxg ?? 0));
  const marks = w.bookmarksOf(dataset).filter((x) => (x.createtxg ?? 0) > (s.createtxg ?? 0));
  const blockers: Plan['blockers'] = [];
  const warnings: string[] = [];
  // Clones of the newer snapshots (and what depends on them) go too: reuse the destroy walk.
  const cloneRoots = newer.flatMap((x) => w.clonesOf(x.name));
  const cloneDrafts = cloneRoots.map((c) => planDestroyDraft(w, { target: c, recursive: true, recursiveDependents: true }));
  const cloneItems = dedupe(cloneDrafts.flatMap((p) => p.items));
  for (const b of cloneDrafts.flatMap((p) => p.blockers)) if (b.code === 'HELD') blockers.push(b);
  if (newer.length && !input.force)
    blockers.push({
      code: 'CONFIRMATION_REQUIRED',
      message: `Rolling back to @${short} destroys ${newer.length} newer snapshot${newer.length === 1 ? '' : 's'}: ${listNames(newer.map((x) => x.name))}. Pass --force to accept that, or restore as a clone instead.`,
      ids: newer.map((x) => x.name),
    });
  if (cloneRoots.length && !input.force)
    blockers.push({ code: 'HAS_CLONES', message: `Clones were made from the newer snapshots and would be destroyed too: ${listNames(cloneRoots)}.`, ids: cloneRoots });
  for (const x of newer)
    if ((x.userrefs ?? 0) > 0)
      blockers.push({ code: 'HELD', message: `${x.name} is held by: ${listNames(w.holdTags(x.name))}; release it first.`, ids: [x.name] });

  // Nothing is lost only when no newer snapshot exists and nothing was written since the target (OpenZFS `written`).
  const lossless = newer.length === 0 && marks.length === 0 && d.written === 0;
  const estimate = d.referenced ?? null;
  if (!lossless && estimate !== null && d.available !== null && d.available < estimate * 1.05)
    blockers.push({
      code: 'NO_SPACE',
      message: `The safety copy of ${dataset} needs about ${estimate} bytes and the pool has ${d.available} free. Restore as a clone instead (nothing is copied or destroyed).`,
    });

  const items: PlanItem[] = [];
  const ops: ZfsOp[] = [];
  if (!lossless) {
    items.push(createItem(input.safetySnapshot, 'snapshot', 'safety snapshot of the current state (removed again by the rollback; its copy stays)'));
    items.push(createItem(input.safetyCopy, d.type === 'volume' ? 'volume' : 'filesystem', `copy of the current state of ${dataset}`));
    ops.push({ op: 'snapshot', name: input.safetySnapshot }, { op: 'copy', snapshots: [input.safetySnapshot], to: input.safetyCopy, estimate });
  }
  items.push(...cloneItems);
  for (const o of cloneDrafts.flatMap((c) => c.ops)) if (!coveredBy(ops, o)) ops.push(o);
  items.push(...newer.map((x) => itemFor('destroy', x, { bytes: x.used, note: 'newer than the rollback target' })));
  items.push(...marks.map((x) => itemFor('destroy', x, { note: 'bookmark newer than the rollback target' })));
  items.push(itemFor('rollback', d, { note: `to @${short}` }));
  ops.push({ op: 'rollback', snapshot: s.name, destroyNewer: !lossless || newer.length > 0 || marks.length > 0 });
  if (d.mounted) warnings.push(`${dataset} is mounted at ${d.mountpoint}: programs with files open there will see them change underneath.`);

  const summary = [
    `Rolling back ${dataset} to @${short} returns its files to how they were when that snapshot was taken${s.creation ? ` (${new Date(s.creation * 1000).toISOString()})` : ''}.`,
    newer.length
      ? `ZFS destroys the ${newer.length} newer snapshot${newer.length === 1 ? '' : 's'}: ${listNames(newer.map((x) => '@' + splitSnapshot(x.name).short))}.`
      : 'No snapshot is newer than the target, so none is destroyed.',
    ...(cloneRoots.length ? [`Clones made from those snapshots are destroyed with them: ${listNames(cloneRoots)}.`] : []),
    lossless
      ? 'Nothing was written since the snapshot, so no safety copy is needed.'
      : `Safety first: Cowshed snapshots the current state as ${input.safetySnapshot} and copies it (zfs send | zfs receive, about ${estimate ?? '?'} bytes) to ${input.safetyCopy}, which stays after the rollback. (A plain safety snapshot would not survive: rollback destroys every newer snapshot.)`,
    `To keep everything instead, restore as a clone: cowshed clone zfs:${s.name} ${dataset}-restored (nothing is destroyed or copied).`,
  ];
  const destroys = items.some((i) => i.action === 'destroy');
  return {
    kind: 'rollback',
    fs: 'zfs',
    target: s.name,
    title: `Roll back ${dataset} to @${short}`,
    summary,
    items,
    blockers,
    warnings,
    ops,
    bytesFreed: newer.reduce((n, x) => n + (x.used ?? 0), 0) + cloneDrafts.reduce((n, c) => n + (c.bytesFreed ?? 0), 0),
    confirmText: destroys ? s.name : null,
    options: { force: input.force, safetySnapshot: input.safetySnapshot, safetyCopy: input.safetyCopy, restoreAsClone: `${dataset}-restored` },
  };
}

/** Whether an earlier recursive destroy already removes what `o` destroys (nested clones). */
function coveredBy(done: readonly ZfsOp[], o: ZfsOp): boolean {
  if (o.op !== 'destroy') return false;
  return done.some((p) => p.op === 'destroy' && (p.name === o.name || (p.recursive && (o.name.startsWith(p.name + '/') || o.name.startsWith(p.name + '@')))));
}

function dedupe(items: PlanItem[]): PlanItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}
