import type { Lineage } from '../../../../shared/domain';
import { zfsId } from '../../../../shared/ids';
import { splitSnapshot, type ZfsWorld } from './world';

type Node = Lineage['nodes'][number];
type Edge = Lineage['edges'][number];

/**
 * The clone graph around a dataset or snapshot, built by walking the `origin` of every dataset in the pool:
 * every dataset linked to the focus through origin → clone relations (both directions), each dataset's
 * snapshots that have clones, and all snapshots of the focus dataset.
 */
export function lineageGraph(w: ZfsWorld, focusName: string): Lineage {
  const focusDs = splitSnapshot(focusName).dataset;
  // Connected component over "dataset — dataset of its origin snapshot".
  const family = new Set<string>();
  const queue = [focusDs];
  while (queue.length) {
    const ds = queue.pop()!;
    if (family.has(ds) || !w.get(ds)) continue;
    family.add(ds);
    const origin = w.get(ds)!.origin;
    if (origin) queue.push(splitSnapshot(origin).dataset);
    for (const s of w.snapshotsOf(ds)) queue.push(...w.clonesOf(s.name));
  }
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const ordered = [...family].sort((a, b) => (w.get(a)!.createtxg ?? 0) - (w.get(b)!.createtxg ?? 0) || (a < b ? -1 : 1));
  for (const ds of ordered) {
    const r = w.get(ds)!;
    nodes.push({
      id: zfsId(ds),
      kind: r.origin ? 'clone' : 'volume',
      label: ds,
      fs: 'zfs',
      identity: { kind: 'zfs', dataset: ds, guid: r.guid ?? '' },
      readonly: r.readonly === true,
      created: r.creation == null ? null : new Date(r.creation * 1000).toISOString(),
    });
    for (const s of w.snapshotsOf(ds)) {
      const clones = w.clonesOf(s.name).filter((c) => family.has(c));
      if (clones.length === 0 && ds !== focusDs) continue;
      nodes.push({
        id: zfsId(s.name),
        kind: 'snapshot',
        label: s.name,
        fs: 'zfs',
        identity: { kind: 'zfs', dataset: s.name, guid: s.guid ?? '' },
        readonly: true,
        created: s.creation == null ? null : new Date(s.creation * 1000).toISOString(),
      });
      edges.push({ from: zfsId(ds), to: zfsId(s.name), kind: 'snapshot-of' });
      for (const c of clones) edges.push({ from: zfsId(s.name), to: zfsId(c), kind: 'clone-of' });
    }
  }
  return { focus: zfsId(focusName), nodes, edges };
}
