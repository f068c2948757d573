import ELK from 'elkjs/lib/elk.bundled.js';
import type { Lineage } from '../../../../shared/domain';

type LNode = Lineage['nodes'][number];
type LEdge = Lineage['edges'][number];

/** A node as drawn: its kind, labels, size and (after layout) position. */
export interface GraphNode {
  id: string;
  kind: 'volume' | 'snapshot' | 'clone' | 'more';
  label: string;
  sublabel: string;
  focus: boolean;
  source: LNode | null;
  /** For "more" nodes: how many snapshots were folded away. */
  hidden?: number;
  /** For clones: the snapshot they were cloned from. */
  origin?: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: LEdge['kind'] | 'more';
}

const SIZE: Record<GraphNode['kind'], [number, number]> = { volume: [240, 64], clone: [300, 64], snapshot: [204, 46], more: [168, 36] };

/** "pool/data@daily-1" → "daily-1"; "pool/vm/disk" → "disk"; btrfs paths → last component. */
export function shortLabel(n: Pick<LNode, 'label' | 'kind'>): string {
  const at = n.label.lastIndexOf('@');
  if (n.kind === 'snapshot' && at !== -1) return n.label.slice(at + 1);
  return n.label.slice(n.label.lastIndexOf('/') + 1) || n.label || '/';
}

/** Where a volume lives: "pool/vm" for "pool/vm/disk"; "" at the top. */
const parentPath = (label: string): string => (label.includes('/') ? label.slice(0, label.lastIndexOf('/')) : '');

/** "pool/data@v1" → "data@v1" (enough to say what a clone came from). */
const shortSnapshot = (label: string): string => {
  const at = label.lastIndexOf('@');
  const ds = at === -1 ? label : label.slice(0, at);
  return `${ds.slice(ds.lastIndexOf('/') + 1)}${at === -1 ? '' : label.slice(at)}`;
};

/**
 * Keep the graph readable: of each volume's snapshots keep those that clones (or receives) start from,
 * the focus, and the newest few; fold the rest into one "N more snapshots" node.
 */
export function condense(g: Lineage, keepNewest = 3): { nodes: Omit<GraphNode, 'x' | 'y'>[]; edges: GraphEdge[] } {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, LEdge[]>();
  for (const e of g.edges) outgoing.set(e.from, [...(outgoing.get(e.from) ?? []), e]);
  const originOf = new Map<string, string>();
  for (const e of g.edges) if (e.kind === 'clone-of' || e.kind === 'received-from') originOf.set(e.to, e.from);

  const hide = new Set<string>();
  const more: { volume: string; count: number }[] = [];
  for (const n of g.nodes) {
    if (n.kind === 'snapshot') continue;
    const snaps = (outgoing.get(n.id) ?? []).filter((e) => e.kind === 'snapshot-of').map((e) => e.to);
    const foldable = snaps.filter((s) => s !== g.focus && !(outgoing.get(s) ?? []).some((e) => e.kind !== 'child'));
    const fold = foldable.slice(0, Math.max(0, foldable.length - keepNewest));
    if (fold.length >= 2) {
      for (const s of fold) hide.add(s);
      more.push({ volume: n.id, count: fold.length });
    }
  }

  const nodes: Omit<GraphNode, 'x' | 'y'>[] = [];
  for (const n of g.nodes) {
    if (hide.has(n.id)) continue;
    const kind = n.kind;
    const [width, height] = SIZE[kind];
    const origin = originOf.get(n.id);
    nodes.push({
      id: n.id,
      kind,
      label: shortLabel(n),
      sublabel:
        kind === 'snapshot'
          ? (n.created ?? '')
          : kind === 'clone' && origin
            ? `clone of ${shortSnapshot(byId.get(origin)?.label ?? origin)}`
            : [n.fs === 'zfs' ? 'dataset' : 'subvolume', parentPath(n.label) && `in ${parentPath(n.label)}`].filter(Boolean).join(' '),
      focus: n.id === g.focus,
      source: n,
      origin,
      width,
      height,
    });
  }
  const edges: GraphEdge[] = g.edges
    .filter((e) => !hide.has(e.from) && !hide.has(e.to) && byId.has(e.from) && byId.has(e.to))
    .map((e) => ({ id: `${e.kind}:${e.from}->${e.to}`, from: e.from, to: e.to, kind: e.kind }));
  for (const m of more) {
    const id = `more:${m.volume}`;
    const [width, height] = SIZE.more;
    nodes.push({ id, kind: 'more', label: `${m.count} older snapshots`, sublabel: '', focus: false, source: null, hidden: m.count, width, height });
    edges.push({ id: `more:${m.volume}`, from: m.volume, to: id, kind: 'more' });
  }
  return { nodes, edges };
}

const elk = new ELK();

/** Lay the graph out left → right with ELK's layered algorithm. */
export async function layoutLineage(g: Lineage): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  const { nodes, edges } = condense(g);
  const res = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.spacing.nodeNode': '22',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '48',
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  });
  const pos = new Map((res.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  return { nodes: nodes.map((n) => ({ ...n, ...(pos.get(n.id) ?? { x: 0, y: 0 }) })), edges };
}
