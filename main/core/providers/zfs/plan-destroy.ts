import type { Plan, PlanItem } from '../../../../shared/domain';
import { itemFor, listNames, type ZfsDraft, type ZfsOp } from './plan-types';
import { splitSnapshot, type WorldRow, type ZfsWorld } from './world';

type Blocker = Plan['blockers'][number];

/** What `cowshed destroy` asked for, plus the exact reclaim from `zfs destroy -nvp` where OpenZFS gave one. */
export interface DestroyInput {
  target: string;
  recursive: boolean;
  recursiveDependents: boolean;
  reclaim?: number | null;
}

/** A group destroyed by one command: a dataset subtree (`destroy -r root`) or the target snapshot(s). */
interface Unit {
  root: string;
  snapshotTarget: boolean;
  /** Datasets (deepest last) and snapshots it removes. */
  datasets: string[];
  snapshots: WorldRow[];
}

function datasetUnit(w: ZfsWorld, root: string, withDescendants: boolean): Unit {
  const datasets = [root, ...(withDescendants ? w.descendantsOf(root) : [])];
  return { root, snapshotTarget: false, datasets, snapshots: datasets.flatMap((d) => w.snapshotsOf(d)) };
}

/** Clones of snapshots that `dependents` and the closure over their own snapshots reach. */
function dependentClones(w: ZfsWorld, unit: Unit): string[] {
  return unit.snapshots.flatMap((s) => w.clonesOf(s.name));
}

/**
 * Plan a destroy by walking snapshots, children and clones (origin) ourselves — `zfs destroy -Rn` is known
 * to leave clones out. Blocks on child datasets without `recursive`, on clones without
 * `recursiveDependents` (listing them), on holds (listing their tags) and on a pool's root dataset.
 */
export function planDestroyDraft(w: ZfsWorld, input: DestroyInput): ZfsDraft {
  const t = w.get(input.target)!;
  const blockers: Blocker[] = [];
  const warnings: string[] = [];
  const isSnap = t.type === 'snapshot';
  let first: Unit;
  if (isSnap) {
    const { dataset, short } = splitSnapshot(t.name);
    const extra = input.recursive ? w.descendantsOf(dataset).flatMap((d) => w.get(`${d}@${short}`) ?? []) : [];
    first = { root: t.name, snapshotTarget: true, datasets: [], snapshots: [t, ...extra] };
  } else {
    if (!t.name.includes('/'))
      blockers.push({ code: 'NOT_SUPPORTED', message: `${t.name} is the root dataset of pool ${t.name}; it goes only with the pool (zpool destroy ${t.name}).`, ids: [] });
    const kids = w.childrenOf(t.name);
    if (kids.length && !input.recursive)
      blockers.push({ code: 'HAS_CHILDREN', message: `${t.name} has child datasets: ${listNames(kids)}. Destroy them too with --recursive.`, ids: kids });
    first = datasetUnit(w, t.name, input.recursive);
  }

  // Walk the clones of every snapshot that goes, then the clones of their snapshots, and so on.
  const units: Unit[] = [first];
  const covered = new Set<string>([...first.datasets, ...first.snapshots.map((s) => s.name)]);
  const outside: string[] = [];
  for (let i = 0; i < units.length; i++) {
    for (const c of dependentClones(w, units[i]!)) {
      if (covered.has(c)) continue;
      if (!input.recursiveDependents) {
        if (!outside.includes(c)) outside.push(c);
        continue;
      }
      const u = datasetUnit(w, c, true);
      for (const n of [...u.datasets, ...u.snapshots.map((s) => s.name)]) covered.add(n);
      // A unit already made for a dataset inside this one is now part of it.
      for (let j = units.length - 1; j > 0; j--) if (u.datasets.includes(units[j]!.root)) units.splice(j, 1);
      units.push(u);
    }
  }
  if (outside.length) {
    const whose = isSnap ? t.name : `snapshots of ${t.name}`;
    blockers.push({
      code: 'HAS_CLONES',
      message: `${whose} ${outside.length === 1 ? 'has a dependent clone' : 'have dependent clones'}: ${listNames(outside)}. Destroy ${outside.length === 1 ? 'it' : 'them'} too with --recursive-dependents, or promote or detach ${outside.length === 1 ? 'it' : 'them'} first.`,
      ids: outside,
    });
  }

  // Order: a unit goes after every unit holding clones of its snapshots.
  const unitOf = (name: string) => units.find((u) => u.datasets.includes(name));
  const ordered: Unit[] = [];
  const visit = (u: Unit, seen: Set<Unit>) => {
    if (ordered.includes(u) || seen.has(u)) return;
    seen.add(u);
    for (const c of dependentClones(w, u)) {
      const v = unitOf(c);
      if (v && v !== u) visit(v, seen);
    }
    ordered.push(u);
  };
  visit(first, new Set());
  for (const u of units) visit(u, new Set());

  const items: PlanItem[] = [];
  const ops: ZfsOp[] = [];
  for (const u of ordered) {
    for (const s of u.snapshots) {
      const tags = w.holdTags(s.name);
      if ((s.userrefs ?? 0) > 0)
        blockers.push({ code: 'HELD', message: `${s.name} is held by: ${listNames(tags)}. Release with: cowshed hold ${s.name} TAG --release`, ids: [s.name] });
      items.push(itemFor('destroy', s, { bytes: s.used, ...(tags.length ? { note: `held: ${tags.join(', ')}` } : {}) }));
    }
    for (const d of [...u.datasets].reverse()) {
      const r = w.get(d)!;
      const note = [u.root !== t.name && d === u.root ? `clone of ${r.origin}` : '', r.mounted ? `mounted at ${r.mountpoint}` : ''].filter(Boolean).join('; ');
      items.push(itemFor('destroy', r, { bytes: r.usedbydataset, ...(note ? { note } : {}) }));
      if (r.mounted) warnings.push(`${d} is mounted at ${r.mountpoint}; zfs unmounts it first (this fails while a program has files open there).`);
    }
    if (u.snapshotTarget) ops.push({ op: 'destroy', name: u.root, recursive: input.recursive });
    else ops.push({ op: 'destroy', name: u.root, recursive: u.snapshots.length > 0 || u.datasets.length > 1 });
  }

  const cloneUnits = ordered.filter((u) => u !== first);
  const datasetsFreed = cloneUnits.reduce((n, u) => n + (w.get(u.root)!.used ?? 0), 0);
  let bytesFreed: number | null;
  if (isSnap) {
    const sum = first.snapshots.reduce((n, s) => n + (s.used ?? 0), 0);
    bytesFreed = (input.reclaim ?? sum) + datasetsFreed;
    if (input.reclaim == null && first.snapshots.length > 1) warnings.push('Space figure is a lower bound: blocks shared only by these snapshots are counted once they are all gone.');
  } else bytesFreed = (t.used ?? 0) + datasetsFreed;

  const snapCount = items.filter((i) => i.type === 'snapshot').length;
  const dsCount = items.length - snapCount;
  const summary = [
    isSnap
      ? `Destroying ${t.name} removes ${first.snapshots.length === 1 ? 'this snapshot' : `${first.snapshots.length} snapshots named @${splitSnapshot(t.name).short}`}.`
      : `Destroying ${t.name} removes the ${t.type} with ${first.snapshots.length} snapshot${first.snapshots.length === 1 ? '' : 's'}${first.datasets.length > 1 ? ` and ${first.datasets.length - 1} child dataset${first.datasets.length === 2 ? '' : 's'}` : ''}.`,
    cloneUnits.length
      ? `Clones depend on these snapshots, so they go too (with their own snapshots and children): ${listNames(cloneUnits.map((u) => u.root))}.`
      : outside.length
        ? `Clones depend on it (see below); nothing is destroyed while they exist.`
        : 'No clone depends on anything that goes.',
    `In all: ${snapCount} snapshot${snapCount === 1 ? '' : 's'} and ${dsCount} dataset${dsCount === 1 ? '' : 's'}. Snapshots are not backups: what is destroyed here is gone.`,
  ];
  const single = items.length === 1 && items[0]!.type === 'snapshot';
  return {
    kind: 'destroy',
    fs: 'zfs',
    target: t.name,
    title: `Destroy ${t.name}`,
    summary,
    items,
    blockers,
    warnings: [...new Set(warnings)],
    ops,
    bytesFreed,
    confirmText: single ? null : t.name,
    options: { recursive: input.recursive, recursiveDependents: input.recursiveDependents },
  };
}
