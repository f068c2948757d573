import { CowshedError } from '../../shared/errors';
import { runLocal } from '../core/exec/run';
import type { ExpectItem } from './grammar';

/**
 * The helper re-reads the identities a destructive verb will touch and compares them with the plan's
 * (passed as `expect`): every object the command would destroy must be named in the plan with the same guid
 * / uuid. Anything new, renamed or re-created since the plan was made refuses the command with PLAN_STALE.
 */

interface ZfsObject {
  guid: string;
  origin: string | null;
  createtxg: number | null;
  type: string;
}

/** All datasets, volumes and snapshots of a pool, by name (`zfs get -H -p -r`: works on zfs-fuse too). */
export async function zfsWorld(pool: string): Promise<Map<string, ZfsObject>> {
  const r = await runLocal('zfs', ['get', '-H', '-p', '-r', '-o', 'name,property,value', 'guid,origin,createtxg,type', pool], { timeoutMs: 120_000 });
  const world = new Map<string, ZfsObject>();
  for (const line of r.stdout.split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 3) continue;
    const [name, prop] = parts as [string, string];
    const value = parts.slice(2).join('\t');
    const o = world.get(name) ?? { guid: '', origin: null, createtxg: null, type: '' };
    if (prop === 'guid') o.guid = value;
    else if (prop === 'origin') o.origin = value === '-' ? null : value;
    else if (prop === 'createtxg') o.createtxg = /^\d+$/.test(value) ? Number(value) : null;
    else if (prop === 'type') o.type = value;
    world.set(name, o);
  }
  return world;
}

const poolOf = (name: string) => name.split(/[/@#]/)[0]!;
const datasetOf = (name: string) => name.split('@')[0]!;
const inTree = (n: string, root: string) => n === root || n.startsWith(root + '/') || n.startsWith(root + '@');

/** Add every clone of a snapshot in `set` (and the clone's whole tree), until nothing changes: what `-R` adds. */
function addDependents(world: Map<string, ZfsObject>, set: Set<string>): void {
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, o] of world) {
      if (set.has(name) || !o.origin || !set.has(o.origin)) continue;
      for (const n of world.keys()) if (inTree(n, name) && !set.has(n)) set.add(n);
      set.add(name);
      grew = true;
    }
  }
}

/** What `zfs destroy [-r] [-R] target` removes. */
export function destroyClosure(world: Map<string, ZfsObject>, target: string, o: { recursive?: boolean; dependents?: boolean }): Set<string> {
  const set = new Set<string>([target]);
  const recursive = o.recursive || o.dependents;
  if (recursive) {
    if (target.includes('@')) {
      const [ds, snap] = target.split('@') as [string, string];
      for (const n of world.keys()) if (n.endsWith('@' + snap) && inTree(datasetOf(n), ds)) set.add(n);
    } else {
      for (const n of world.keys()) if (inTree(n, target)) set.add(n);
    }
  }
  if (o.dependents) addDependents(world, set);
  return set;
}

/** What `zfs rollback [-r] [-R] snap` destroys: the dataset's later snapshots (and with -R their clones). */
export function rollbackClosure(world: Map<string, ZfsObject>, snap: string, o: { recursive?: boolean; dependents?: boolean }): Set<string> {
  const ds = datasetOf(snap);
  const txg = world.get(snap)?.createtxg ?? Infinity;
  const set = new Set<string>();
  if (o.recursive || o.dependents)
    for (const [n, x] of world) if (datasetOf(n) === ds && n !== ds && (x.createtxg ?? 0) > txg) set.add(n);
  if (o.dependents) addDependents(world, set);
  return set;
}

function matchZfs(world: Map<string, ZfsObject>, names: Iterable<string>, expect: ExpectItem[], what: string): void {
  const byName = new Map(expect.filter((e) => e.name).map((e) => [e.name!, e]));
  for (const n of names) {
    const now = world.get(n);
    const e = byName.get(n);
    if (!e)
      throw new CowshedError('PLAN_STALE', `${what} would also remove ${n}, which the plan does not list. Make a new plan.`, { details: { unexpected: n } });
    if (!e.guid) throw new CowshedError('PLAN_STALE', `The plan does not carry the guid of ${n}. Make a new plan.`);
    if (!now || now.guid !== e.guid)
      throw new CowshedError('PLAN_STALE', `${n} changed since the plan was made (it was re-created, renamed or removed). Make a new plan.`, { details: { name: n } });
  }
}

/** `zfs destroy`: the target exists, and everything the command would remove is in the plan, guid for guid. */
export async function checkZfsDestroy(target: string, o: { recursive?: boolean; dependents?: boolean }, expect: ExpectItem[]): Promise<void> {
  const world = await zfsWorld(poolOf(target));
  if (!world.has(target)) throw new CowshedError('NOT_FOUND', `${target} does not exist.`);
  matchZfs(world, destroyClosure(world, target, o), expect, `Destroying ${target}`);
}

/** `zfs rollback`: the snapshot is the planned one, and the later snapshots it destroys are all in the plan. */
export async function checkZfsRollback(snap: string, o: { recursive?: boolean; dependents?: boolean }, expect: ExpectItem[]): Promise<void> {
  const world = await zfsWorld(poolOf(snap));
  if (!world.has(snap)) throw new CowshedError('NOT_FOUND', `${snap} does not exist.`);
  matchZfs(world, [snap, ...rollbackClosure(world, snap, o)], expect, `Rolling back to ${snap}`);
}

/** `zfs promote` (plan optional): when identities are given, the clone is the planned one. */
export async function checkZfsIdentity(name: string, expect: ExpectItem[]): Promise<void> {
  const world = await zfsWorld(poolOf(name));
  if (!world.has(name)) throw new CowshedError('NOT_FOUND', `${name} does not exist.`);
  matchZfs(world, [name], expect, `Changing ${name}`);
}

/** The UUID line of `btrfs subvolume show` (not "Parent UUID" / "Received UUID"). */
export function parseSubvolumeUuid(text: string): string | null {
  return /^\s*UUID:\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/m.exec(text)?.[1] ?? null;
}

/** `btrfs subvolume delete`: each subvolume's current UUID is one the plan names. */
export async function checkBtrfsDelete(targets: { path: string; subvolid?: number }[], expect: ExpectItem[]): Promise<void> {
  const uuids = new Set(expect.map((e) => e.uuid).filter(Boolean));
  if (!uuids.size) throw new CowshedError('PLAN_STALE', 'The plan does not carry subvolume uuids. Make a new plan.');
  for (const t of targets) {
    const args = t.subvolid === undefined ? ['subvolume', 'show', t.path] : ['subvolume', 'show', '-r', String(t.subvolid), t.path];
    const r = await runLocal('btrfs', args, { timeoutMs: 30_000 }).catch((e: unknown) => {
      throw new CowshedError('NOT_FOUND', `${t.subvolid ?? t.path} is not a subvolume the helper can find.`, { cause: e });
    });
    const uuid = parseSubvolumeUuid(r.stdout);
    if (!uuid || !uuids.has(uuid))
      throw new CowshedError('PLAN_STALE', `The subvolume at ${t.path}${t.subvolid === undefined ? '' : ` (id ${t.subvolid})`} is not the one the plan names. Make a new plan.`);
  }
}
