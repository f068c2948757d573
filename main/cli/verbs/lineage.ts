import type { Lineage } from '../../../shared/domain';
import { defineVerb } from '../verb';

/** Text rendering of a lineage graph: each volume, its snapshots, and the clones made from them. */
export function formatLineage(g: Lineage): string {
  const label = new Map(g.nodes.map((n) => [n.id, n.label]));
  const out: string[] = [];
  const children = new Map<string, { to: string; kind: string }[]>();
  for (const e of g.edges) children.set(e.from, [...(children.get(e.from) ?? []), { to: e.to, kind: e.kind }]);
  const targets = new Set(g.edges.filter((e) => e.kind !== 'child').map((e) => e.to));
  const roots = g.nodes.filter((n) => !targets.has(n.id) && n.kind !== 'snapshot');
  const seen = new Set<string>();
  const walk = (id: string, depth: number, via: string) => {
    const mark = id === g.focus ? '  ◀' : '';
    out.push(`${'  '.repeat(depth)}${via}${label.get(id) ?? id}${mark}`);
    if (seen.has(id)) return;
    seen.add(id);
    for (const c of children.get(id) ?? []) {
      const arrow = c.kind === 'snapshot-of' ? '@ ' : c.kind === 'clone-of' ? '└─clone→ ' : c.kind === 'received-from' ? '└─received→ ' : '└ ';
      walk(c.to, depth + 1, arrow);
    }
  };
  for (const r of roots) walk(r.id, 0, '');
  for (const n of g.nodes) if (!seen.has(n.id)) walk(n.id, 0, '');
  return out.join('\n') + '\n';
}

export const lineageVerb = defineVerb({
  name: 'lineage',
  summary: 'The clone / snapshot graph around a volume',
  usage: 'cowshed lineage TARGET [--json]',
  help: 'ZFS: origin snapshot → clone. btrfs: parent uuid (snapshot of) and received uuid (received from).',
  flags: {},
  positionals: [1, 1],
  async run(args, service, io) {
    const g = await service.call('lineage', { target: args.positionals[0]! });
    io.out(args.json ? JSON.stringify(g, null, 2) + '\n' : formatLineage(g));
    return 0;
  },
});
