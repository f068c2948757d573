/**
 * The lineage graph around a subvolume, computed by walking uuids: parent_uuid (snapshot of) and
 * received_uuid (received from), in both directions, until the connected part of the graph is complete.
 */
import type { Lineage } from '../../../../shared/domain';
import type { CoreContext } from '../../context';
import type { BtrfsTarget } from '../types';
import { subvolId } from './btrfs-fs';
import { SubvolTable, TOP_LEVEL_ID, readTable, showSubvol, topLevel, type Subvol } from './subvol-table';
import { findIn, openTarget } from './target';
import { btrfsIdentity } from './to-domain';

type Node = Lineage['nodes'][number];
type Edge = Lineage['edges'][number];

/** Id of a node for a uuid that is not on this filesystem (deleted, or received from elsewhere). */
export const missingUuidId = (uuid: string): string => `btrfs-uuid:${uuid}`;

/** A volume, a read-only snapshot, or a clone (a writable snapshot). Received copies count as snapshots. */
function nodeKind(s: Subvol): Node['kind'] {
  if (s.parentUuid === null && s.receivedUuid === null) return 'volume';
  return s.readonly || s.parentUuid === null ? 'snapshot' : 'clone';
}

/** The edge kind from `from` to its snapshot `to`: a writable snapshot of a read-only snapshot is a clone. */
const snapshotEdge = (from: Subvol, to: Subvol): Edge['kind'] => (from.readonly && from.parentUuid !== null && !to.readonly ? 'clone-of' : 'snapshot-of');

/** Build the graph from a table (pure: tested on captured output). */
export function lineageFrom(table: SubvolTable, focus: Subvol): Lineage {
  const bySource = new Map<string, Subvol[]>();
  const add = (k: string, s: Subvol) => {
    const list = bySource.get(k);
    if (list) list.push(s);
    else bySource.set(k, [s]);
  };
  for (const s of table.rows) {
    if (s.parentUuid) add('p:' + s.parentUuid, s);
    if (s.receivedUuid) add('r:' + s.receivedUuid, s);
  }
  const nodes = new Map<string, Node>();
  const edges = new Map<string, Edge>();
  const idOf = (s: Subvol) => subvolId(table.fs, s.path);
  const edge = (from: string, to: string, kind: Edge['kind']) => edges.set(`${from}\0${to}\0${kind}`, { from, to, kind });
  const missing = (uuid: string, why: string) => {
    const id = missingUuidId(uuid);
    if (!nodes.has(id)) nodes.set(id, { id, kind: 'volume', label: `${uuid} (${why})`, fs: 'btrfs' });
    return id;
  };
  const queue: Subvol[] = [focus];
  const seen = new Set<number>();
  while (queue.length) {
    const s = queue.pop()!;
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    nodes.set(idOf(s), { id: idOf(s), kind: nodeKind(s), label: s.path === '' ? '<top level>' : s.path, fs: 'btrfs', identity: btrfsIdentity(table.fs, s), readonly: s.readonly, created: s.otime });
    if (s.parentUuid) {
      const p = table.byUuid.get(s.parentUuid);
      if (p) {
        edge(idOf(p), idOf(s), snapshotEdge(p, s));
        queue.push(p);
      } else edge(missing(s.parentUuid, 'deleted, or not on this filesystem'), idOf(s), 'snapshot-of');
    }
    if (s.receivedUuid) {
      const r = table.byUuid.get(s.receivedUuid);
      if (r) {
        edge(idOf(r), idOf(s), 'received-from');
        queue.push(r);
      } else edge(missing(s.receivedUuid, 'sent from another filesystem'), idOf(s), 'received-from');
    }
    if (s.uuid) {
      for (const c of bySource.get('p:' + s.uuid) ?? []) queue.push(c);
      for (const c of bySource.get('r:' + s.uuid) ?? []) queue.push(c);
    }
  }
  return { focus: idOf(focus), nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The lineage around a target. Without the native list, the top level's uuid comes from `show`, and only when something points at it. */
export async function lineage(ctx: CoreContext, t: BtrfsTarget): Promise<Lineage> {
  const ref = await openTarget(ctx, t, false);
  let table = await readTable(ref.fs, { times: true });
  const unresolved = table.rows.some((s) => s.parentUuid && !table.byUuid.has(s.parentUuid));
  const topKnown = table.byId.get(TOP_LEVEL_ID)?.uuid != null; // read natively: the top level is complete
  if (!topKnown && (unresolved || findIn(table, ref).id === TOP_LEVEL_ID)) {
    const top = topLevel(await showSubvol(ref.fs, TOP_LEVEL_ID));
    table = new SubvolTable(ref.fs, [top, ...table.rows.filter((s) => s.id !== TOP_LEVEL_ID)]);
  }
  return lineageFrom(table, findIn(table, ref));
}
