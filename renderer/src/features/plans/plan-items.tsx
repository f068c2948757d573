import { Bookmark, Camera, Database, File, Folder, FolderTree, GitBranch, HardDrive } from 'lucide-react';
import type { PlanItem } from '../../../../shared/domain';
import { cn } from '../../lib/cn';
import { formatBytes } from '../../lib/format';

const TYPE_ICON: Record<PlanItem['type'], React.ReactNode> = {
  snapshot: <Camera size={14} />,
  filesystem: <Database size={14} />,
  volume: <HardDrive size={14} />,
  subvolume: <FolderTree size={14} />,
  clone: <GitBranch size={14} />,
  file: <File size={14} />,
  folder: <Folder size={14} />,
  bookmark: <Bookmark size={14} />,
};

const ACTION: Record<PlanItem['action'], { label: string; cls: string }> = {
  destroy: { label: 'Destroyed', cls: 'bg-danger-soft text-danger-text' },
  rollback: { label: 'Rolled back', cls: 'bg-warning-soft text-warning' },
  promote: { label: 'Promoted', cls: 'bg-accent-soft text-accent-text' },
  rename: { label: 'Renamed', cls: 'bg-accent-soft text-accent-text' },
  create: { label: 'Created', cls: 'bg-success-soft text-success' },
  replace: { label: 'Replaced', cls: 'bg-warning-soft text-warning' },
  keep: { label: 'Kept', cls: 'bg-hover text-fg-muted' },
  move: { label: 'Moves', cls: 'bg-accent-soft text-accent-text' },
};

const ORDER: PlanItem['action'][] = ['destroy', 'rollback', 'replace', 'promote', 'move', 'rename', 'create', 'keep'];

/** Every object a plan touches, grouped by what happens to it. */
export function PlanItems({ items }: { items: PlanItem[] }) {
  if (!items.length) return null;
  const sorted = [...items].sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action));
  return (
    <ul data-testid="plan-items" className="divide-y divide-line overflow-hidden rounded-lg border border-line bg-view">
      {sorted.map((it) => (
        <li key={`${it.action}:${it.id}`} data-testid="plan-item" data-action={it.action} data-type={it.type} className="flex items-center gap-2.5 px-3 py-2">
          <span className={cn('shrink-0', it.type === 'snapshot' ? 'text-snapshot' : it.type === 'clone' ? 'text-clone' : 'text-fg-muted')}>
            {TYPE_ICON[it.type]}
          </span>
          <div className="min-w-0 flex-1">
            {/* Never truncated: a plan shows everything it touches, in full. */}
            <div className="selectable font-mono text-[12.5px] break-all text-fg" title={it.id}>
              {it.label}
            </div>
            {it.note && <div className="text-[11.5px] text-fg-muted">{it.note}</div>}
          </div>
          <span className="shrink-0 text-[11.5px] text-fg-subtle capitalize">{it.type}</span>
          {it.bytes != null && <span className="tabular w-16 shrink-0 text-right text-[12px] text-fg-muted">{formatBytes(it.bytes)}</span>}
          <span className={cn('w-[84px] shrink-0 rounded-full px-2 py-0.5 text-center text-[11px] font-semibold', ACTION[it.action].cls)}>
            {ACTION[it.action].label}
          </span>
        </li>
      ))}
    </ul>
  );
}
