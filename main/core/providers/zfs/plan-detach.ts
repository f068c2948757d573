import type { Plan, PlanItem } from '../../../../shared/domain';
import { createItem, itemFor, listNames, type ZfsDraft, type ZfsOp } from './plan-types';
import { splitSnapshot, type ZfsWorld } from './world';

/** Names and facts the detach plan is made with (chosen by the provider before planning). */
export interface DetachInput {
  target: string;
  swap: boolean;
  /** `<clone>@cowshed-detach-<stamp>`: the point in time that is copied. */
  detachSnapshot: string;
  /** The new, independent dataset. */
  newName: string;
  /** With swap: the clone's name while the swap happens, destroyed at the end. */
  oldName: string;
  /** Properties set locally on the clone (`zfs get -s local`): copied to the new dataset. */
  localProps: Record<string, string>;
}

/**
 * Plan making a clone independent: send | receive its snapshots (full, then incremental) into a new
 * dataset, verify, and — only with swap — give the new dataset the clone's name and destroy the old clone.
 * The original is never changed before the copy is verified.
 */
export function planDetachDraft(w: ZfsWorld, input: DetachInput): ZfsDraft {
  const c = w.get(input.target)!;
  const own = w.snapshotsOf(c.name);
  const kids = w.childrenOf(c.name);
  const blockers: Plan['blockers'] = [];
  const warnings: string[] = [];
  const estimate = c.referenced ?? null;
  if (estimate !== null && c.available !== null && c.available < estimate * 1.05)
    blockers.push({ code: 'NO_SPACE', message: `The copy needs about ${estimate} bytes and the pool has ${c.available} free.` });
  const cloned = own.flatMap((s) => w.clonesOf(s.name));
  if (input.swap) {
    if (kids.length)
      blockers.push({ code: 'HAS_CHILDREN', message: `${c.name} has child datasets (${listNames(kids)}); the swap would destroy them. Move them out first, or detach without --swap.`, ids: kids });
    if (cloned.length)
      blockers.push({ code: 'HAS_CLONES', message: `Clones were made from snapshots of ${c.name} (${listNames(cloned)}); destroying the old clone would take them along. Detach without --swap, or promote them first.`, ids: cloned });
    for (const s of own)
      if ((s.userrefs ?? 0) > 0) blockers.push({ code: 'HELD', message: `${s.name} is held by: ${listNames(w.holdTags(s.name))}; the old clone cannot be destroyed while it is.`, ids: [s.name] });
  } else if (kids.length) warnings.push(`Child datasets of ${c.name} are not copied: ${listNames(kids)}.`);

  const props = Object.entries(input.localProps).filter(([k]) => k !== 'mountpoint');
  const mountpoint = input.localProps.mountpoint;
  if (mountpoint && !input.swap) warnings.push(`${c.name} has its own mountpoint (${mountpoint}); the new dataset keeps the inherited one.`);
  const sendList = [...own.map((s) => s.name), input.detachSnapshot];
  const items: PlanItem[] = [
    createItem(input.detachSnapshot, 'snapshot', input.swap ? 'the moment that is copied (it stays on the copy)' : 'the moment that is copied (removed from the original at the end)'),
    createItem(input.newName, c.type === 'volume' ? 'volume' : 'filesystem', `independent copy with ${sendList.length} snapshot${sendList.length === 1 ? '' : 's'}, no origin`),
    itemFor('keep', c, { note: input.swap ? 'kept until the copy is verified' : 'left as it is' }),
  ];
  const ops: ZfsOp[] = [
    { op: 'snapshot', name: input.detachSnapshot },
    { op: 'copy', snapshots: sendList, to: input.newName, estimate },
    ...props.map(([prop, value]): ZfsOp => ({ op: 'set', name: input.newName, prop, value })),
  ];
  if (!input.swap) ops.push({ op: 'destroy', name: input.detachSnapshot, recursive: false });
  if (input.swap) {
    items.push(itemFor('rename', c, { note: `→ ${input.oldName}, then destroyed` }));
    items.push(createItem(input.target, c.type === 'volume' ? 'volume' : 'filesystem', `${input.newName} renamed into place`));
    items[items.length - 1]!.action = 'replace';
    for (const s of own) items.push(itemFor('destroy', s, { bytes: s.used, note: `as ${input.oldName}@${splitSnapshot(s.name).short} (its copy stays)` }));
    items.push(itemFor('destroy', c, { bytes: c.usedbydataset, note: `as ${input.oldName}` }));
    ops.push(
      { op: 'rename', from: c.name, to: input.oldName },
      { op: 'rename', from: input.newName, to: c.name },
      { op: 'destroy', name: input.oldName, recursive: true },
      ...(mountpoint ? [{ op: 'set', name: c.name, prop: 'mountpoint', value: mountpoint } as ZfsOp] : []),
    );
  }
  const summary = [
    `${c.name} is a clone of ${c.origin}, so it shares blocks with that snapshot and keeps it (and ${splitSnapshot(c.origin!).dataset}) from being destroyed.`,
    `Detaching copies it with zfs send | zfs receive into ${input.newName} (about ${estimate ?? '?'} bytes), including its ${own.length} snapshot${own.length === 1 ? '' : 's'} plus ${input.detachSnapshot.split('@')[1]}: the copy has no origin and depends on nothing.`,
    `The copy is verified (the same snapshot guids, the same files) before anything else happens; if any step fails, ${c.name} is left exactly as it was.`,
    input.swap
      ? `Then the names swap: ${c.name} → ${input.oldName}, ${input.newName} → ${c.name}, and ${input.oldName} is destroyed with its snapshots.`
      : `${c.name} itself is left as it is. Run with --swap to have the copy take its name and the old clone destroyed.`,
    ...(props.length ? [`Locally set properties are copied: ${props.map(([k, v]) => `${k}=${v}`).join(', ')}.`] : []),
  ];
  return {
    kind: 'detach',
    fs: 'zfs',
    target: c.name,
    title: input.swap ? `Detach ${c.name} from ${c.origin} (and swap)` : `Detach a copy of ${c.name} from ${c.origin}`,
    summary,
    items,
    blockers,
    warnings,
    ops,
    bytesFreed: null,
    confirmText: input.swap ? c.name : null,
    options: { swap: input.swap, newName: input.newName, oldName: input.oldName, detachSnapshot: input.detachSnapshot },
  };
}
