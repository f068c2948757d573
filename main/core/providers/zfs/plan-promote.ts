import type { Plan, PlanItem } from '../../../../shared/domain';
import { itemFor, listNames, type ZfsDraft } from './plan-types';
import { splitSnapshot, type ZfsWorld } from './world';

/**
 * Plan `zfs promote CLONE`: the dependency reverses. The snapshots of the origin dataset up to and including
 * the origin snapshot move to the clone, and the origin dataset becomes a clone of the moved snapshot.
 * Blocks when a snapshot name would exist twice. `target` must be a clone (the caller checks).
 */
export function planPromoteDraft(w: ZfsWorld, target: string): ZfsDraft {
  const c = w.get(target)!;
  const origin = w.get(c.origin!)!;
  const parent = splitSnapshot(origin.name).dataset;
  const p = w.get(parent)!;
  const originShort = splitSnapshot(origin.name).short!;
  const moving = w.snapshotsOf(parent).filter((s) => (s.createtxg ?? 0) <= (origin.createtxg ?? 0));
  const blockers: Plan['blockers'] = [];
  const conflicts = moving.map((s) => splitSnapshot(s.name).short!).filter((short) => w.get(`${target}@${short}`));
  if (conflicts.length)
    blockers.push({
      code: 'EXISTS',
      message: `Both ${parent} and ${target} have snapshots named ${listNames(conflicts.map((x) => '@' + x))}; rename one side first (cowshed rename).`,
      ids: conflicts.map((x) => `${target}@${x}`),
    });
  const otherClones = moving.flatMap((s) => w.clonesOf(s.name).filter((x) => x !== target).map((x) => ({ clone: x, from: s.name })));
  const items: PlanItem[] = [
    itemFor('promote', c, { note: `no longer a clone; takes over ${moving.length} snapshot${moving.length === 1 ? '' : 's'}` }),
    ...moving.map((s) => itemFor('move', s, { note: `becomes ${target}@${splitSnapshot(s.name).short}` })),
    itemFor('keep', p, { note: `becomes a clone of ${target}@${originShort}` }),
  ];
  const newer = w.snapshotsOf(parent).length - moving.length;
  const summary = [
    `Today ${target} is a clone of ${origin.name}: it depends on ${parent}, which owns the snapshot it was made from.`,
    `Promoting reverses that dependency: ${target} stops being a clone, and ${parent} becomes a clone of ${target}@${originShort}.`,
    `${moving.length === 1 ? 'The only snapshot' : `The ${moving.length} snapshots`} of ${parent} up to and including @${originShort} move${moving.length === 1 ? 's' : ''} to ${target}: ${listNames(moving.map((s) => '@' + splitSnapshot(s.name).short))}.` +
      (newer ? ` The ${newer} newer snapshot${newer === 1 ? '' : 's'} of ${parent} stay${newer === 1 ? 's' : ''} with it.` : ''),
    ...(otherClones.length ? [`Other clones of the moving snapshots keep working; their origin is renamed: ${listNames(otherClones.map((o) => o.clone))}.`] : []),
    ...(p.origin ? [`${parent} is itself a clone of ${p.origin}; after the promote that origin belongs to ${target}.`] : []),
    `Nothing is copied or destroyed, and no file changes. Afterwards ${parent} can be destroyed without touching ${target}.`,
  ];
  return {
    kind: 'promote',
    fs: 'zfs',
    target,
    title: `Promote ${target}`,
    summary,
    items,
    blockers,
    warnings: [],
    ops: [{ op: 'promote', name: target }],
    bytesFreed: null,
    confirmText: null,
    options: { origin: origin.name, parent },
  };
}
