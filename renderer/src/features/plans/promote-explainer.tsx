import { ArrowRight, Camera, Database, GitBranch } from 'lucide-react';
import type { Plan } from '../../../../shared/domain';

/** The other filesystem a promote swaps places with: named in options, or the one non-target volume in the items. */
export function promoteOrigin(plan: Plan): string | null {
  const o = plan.options?.origin;
  if (typeof o === 'string') return o.replace(/^zfs:/, '').split('@')[0]!;
  const other = plan.items.find((i) => i.id !== plan.target && (i.type === 'filesystem' || i.type === 'volume'));
  return other ? other.label : null;
}

const Node = ({ name, clone }: { name: string; clone: boolean }) => (
  <span className={`inline-flex max-w-[180px] items-center gap-1.5 rounded-md border px-2 py-1 font-mono text-[11.5px] ${clone ? 'border-clone/40 bg-clone-soft' : 'border-line-strong bg-view'}`}>
    {clone ? <GitBranch size={12} className="shrink-0 text-clone" /> : <Database size={12} className="shrink-0 text-fg-muted" />}
    <span className="truncate">{name}</span>
  </span>
);

const Row = ({ label, from, to }: { label: string; from: string; to: string }) => (
  <div className="flex items-center gap-2">
    <span className="w-12 shrink-0 text-[11.5px] font-medium text-fg-subtle">{label}</span>
    <Node name={from} clone={false} />
    <span className="flex items-center gap-1 text-[11px] text-snapshot">
      <Camera size={12} />
      <ArrowRight size={12} />
    </span>
    <Node name={to} clone />
  </div>
);

/** Before / after of a promote: the clone becomes the parent and its origin becomes the clone. */
export function PromoteExplainer({ plan }: { plan: Plan }) {
  const clone = plan.target.replace(/^zfs:/, '');
  const origin = promoteOrigin(plan) ?? 'its origin';
  return (
    <div data-testid="promote-explainer" className="flex flex-col gap-2 rounded-lg border border-line bg-panel px-3 py-3">
      <div className="text-[12.5px] font-medium text-fg">The dependency reverses</div>
      <Row label="Before" from={origin} to={clone} />
      <Row label="After" from={clone} to={origin} />
      <div className="text-[12px] leading-relaxed text-fg-muted">
        The snapshots up to the clone’s origin move to <span className="font-mono">{clone}</span>; afterwards <span className="font-mono">{origin}</span> depends on it
        and can be destroyed without losing the clone. No data is copied.
      </div>
    </div>
  );
}
