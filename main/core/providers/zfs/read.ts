import type { CoreContext } from '../../context';
import { getArgs, listArgs, parseGet, parseList, supportedKeys, type ColumnKey, type ReadScope, type ZfsRow } from './columns';
import { zfsRead } from './exec';
import type { ZfsFeatures } from './features';
import { parseHolds } from './parse';
import { WORLD_KEYS, ZfsWorld, poolOf, type WorldRow } from './world';

/**
 * Read properties with the best form this zfs has: `zfs list -H -p` on OpenZFS (one line per dataset,
 * filtered by type), `zfs get -H -p` elsewhere (zfs-fuse: its get has no -t, so types are filtered here).
 * Columns this zfs does not know come back null.
 */
export async function readRows<K extends ColumnKey>(
  f: ZfsFeatures,
  keys: readonly K[],
  targets: readonly string[],
  scope: ReadScope = {},
): Promise<ZfsRow<K | 'type'>[]> {
  const openzfs = f.flavor === 'openzfs';
  const ask = supportedKeys([...new Set<K | 'type'>(['type', ...keys])], openzfs);
  let rows: ZfsRow<K | 'type'>[];
  if (f.listParsable) {
    const r = await zfsRead(listArgs(ask, targets, scope));
    rows = parseList(r.stdout, ask) as ZfsRow<K | 'type'>[];
  } else {
    const r = await zfsRead(getArgs(ask, targets, scope));
    rows = parseGet(r.stdout, ask) as ZfsRow<K | 'type'>[];
    if (scope.types?.length && !scope.types.includes('all')) rows = rows.filter((x) => scope.types!.includes(x.type ?? ''));
  }
  const missing = [...new Set<K | 'type'>(['type', ...keys])].filter((k) => !ask.includes(k));
  for (const row of rows) for (const k of missing) (row as Record<string, unknown>)[k] = null;
  return rows;
}

/** Hold tags journaled by Cowshed's own `zfs hold` / `zfs release` (zfs-fuse cannot list them), newer than each snapshot. */
function journaledHolds(ctx: CoreContext, held: readonly WorldRow[]): Map<string, string[]> {
  const want = new Map(held.map((r) => [r.name, (r.creation ?? 0) * 1000]));
  const tags = new Map<string, Set<string>>();
  for (const e of ctx.journal.read(10_000)) {
    if (e.outcome !== 'ok' || e.argv.length !== 4 || !/(^|\/)zfs$/.test(e.argv[0]!)) continue;
    const [, verb, tag, snap] = e.argv as [string, string, string, string];
    if ((verb !== 'hold' && verb !== 'release') || !want.has(snap) || Date.parse(e.time) < want.get(snap)!) continue;
    const set = tags.get(snap) ?? new Set<string>();
    if (verb === 'hold') set.add(tag);
    else set.delete(tag);
    tags.set(snap, set);
  }
  return new Map([...tags].map(([k, v]) => [k, [...v]]));
}

/** Hold tags of the held snapshots among `rows`: `zfs holds -H` on OpenZFS, Cowshed's journal on zfs-fuse. */
export async function readHolds(ctx: CoreContext, f: ZfsFeatures, rows: readonly WorldRow[]): Promise<Map<string, string[]>> {
  const held = rows.filter((r) => (r.userrefs ?? 0) > 0);
  if (held.length === 0) return new Map();
  if (!f.holdsList) return journaledHolds(ctx, held);
  const out = new Map<string, string[]>();
  for (let i = 0; i < held.length; i += 200) {
    const r = await zfsRead(['holds', '-H', ...(f.holdsParsable ? ['-p'] : []), ...held.slice(i, i + 200).map((h) => h.name)]);
    for (const h of parseHolds(r.stdout)) out.set(h.snapshot, [...(out.get(h.snapshot) ?? []), h.tag]);
  }
  return out;
}

/** Everything in one pool (datasets, snapshots, bookmarks on OpenZFS) and the hold tags: what plans are made from. */
export async function readWorld(ctx: CoreContext, f: ZfsFeatures, nameInPool: string): Promise<ZfsWorld> {
  const rows = (await readRows(f, WORLD_KEYS, [poolOf(nameInPool)], { recursive: true, types: ['all'] })) as WorldRow[];
  return new ZfsWorld(rows, await readHolds(ctx, f, rows));
}

/** Datasets (no snapshots) under the given roots, or of every pool when none are given. */
export async function readDatasets(f: ZfsFeatures, roots: readonly string[]): Promise<WorldRow[]> {
  if (f.listParsable) return (await readRows(f, WORLD_KEYS, roots, { recursive: true, types: ['filesystem', 'volume'] })) as WorldRow[];
  // zfs-fuse: list names without snapshots first, so `get` does not walk every snapshot.
  const names = await zfsRead(['list', '-H', '-o', 'name', '-t', 'filesystem,volume', ...(roots.length ? ['-r', ...roots] : [])]);
  const list = [...new Set(names.stdout.split('\n').filter(Boolean))];
  if (list.length === 0) return [];
  return (await readRows(f, WORLD_KEYS, list)) as WorldRow[];
}

/**
 * Clones of the pool by origin snapshot, from the `origin` of every filesystem and volume. `zfs list -o
 * name,origin -t filesystem,volume` does not walk snapshots, so this stays cheap on zfs-fuse (no `clones`).
 */
export async function readClonesByOrigin(pool: string): Promise<Map<string, string[]>> {
  const r = await zfsRead(['list', '-H', '-o', 'name,origin', '-t', 'filesystem,volume', '-r', pool]);
  const byOrigin = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const origin = line.slice(tab + 1);
    if (origin !== '-' && origin !== '') byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), line.slice(0, tab)]);
  }
  return byOrigin;
}

/** The columns the snapshot listing needs. */
export const SNAPSHOT_KEYS = ['guid', 'createtxg', 'creation', 'used', 'referenced', 'userrefs', 'clones', 'written'] as const satisfies readonly ColumnKey[];

/**
 * Snapshots of one dataset plus what is needed to name their clones: on OpenZFS one `zfs list` (the
 * `clones` property); on zfs-fuse a `zfs get -d 1` and, in parallel, the origins of the pool's datasets.
 */
export async function readSnapshotsOf(
  f: ZfsFeatures,
  ds: string,
): Promise<{ snapshots: ZfsRow<(typeof SNAPSHOT_KEYS)[number] | 'type'>[]; origins: Map<string, string[]> | null }> {
  if (f.listParsable) {
    const snapshots = await readRows(f, SNAPSHOT_KEYS, [ds], { depth: 1, types: ['snapshot'], sortBy: 'createtxg' });
    return { snapshots: snapshots.filter((s) => s.name.startsWith(ds + '@')), origins: null };
  }
  const [snaps, byOrigin] = await Promise.all([readRows(f, SNAPSHOT_KEYS, [ds], { depth: 1 }), readClonesByOrigin(poolOf(ds))]);
  const snapshots = snaps.filter((s) => s.type === 'snapshot' && s.name.startsWith(ds + '@'));
  snapshots.sort((a, b) => (a.createtxg ?? 0) - (b.createtxg ?? 0) || (a.name < b.name ? -1 : 1));
  return { snapshots, origins: byOrigin };
}
