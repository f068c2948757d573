import { Handle, Position, type NodeProps } from '@xyflow/react';
import { ArrowUpDown, Camera, Database, FolderTree, GitBranch, Layers, Trash2 } from 'lucide-react';
import { memo } from 'react';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { Tooltip } from '../../ui/tooltip';
import type { GraphNode } from './lineage-layout';

/** What a drawn node needs: its layout record and the actions it offers. */
export interface LineageNodeData extends Record<string, unknown> {
  g: GraphNode;
  promote: { ok: boolean; reason?: string } | null;
  onPromote: (id: string) => void;
  onDestroy: (id: string) => void;
}

const hidden = '!h-1.5 !w-1.5 !min-h-0 !min-w-0 !border-0 !bg-transparent';

/** One node of the lineage graph: a volume, a snapshot, a clone, or folded snapshots. */
export const LineageNodeView = memo(function LineageNodeView({ data, selected }: NodeProps & { data: LineageNodeData }) {
  const g = data.g;
  const fsIcon = g.source?.fs === 'zfs' ? <Database size={15} /> : <FolderTree size={15} />;
  if (g.kind === 'more') {
    return (
      <div data-testid="lineage-node" data-id={g.id} data-kind="more" className="flex h-full items-center gap-2 rounded-full border border-dashed border-line-strong bg-panel px-3 text-[12px] text-fg-muted">
        <Handle type="target" position={Position.Left} className={hidden} />
        <Layers size={13} /> {g.label}
      </div>
    );
  }
  if (g.kind === 'snapshot') {
    return (
      <div
        data-testid="lineage-node"
        data-id={g.id}
        data-kind="snapshot"
        data-label={g.label}
        className={cn(
          'group flex h-full items-center gap-2 rounded-lg border bg-raised px-2.5 shadow-sm',
          selected ? 'border-snapshot ring-2 ring-snapshot/30' : 'border-line-strong',
          g.focus && 'ring-2 ring-accent',
        )}
      >
        <Handle type="target" position={Position.Left} className={hidden} />
        <div className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-snapshot-soft text-snapshot">
          <Camera size={14} />
        </div>
        <div className="min-w-0 flex-1 leading-tight">
          <div className="truncate font-mono text-[12px] font-medium text-fg" title={g.source?.label}>
            {g.label}
          </div>
          <div className="truncate text-[11px] text-fg-subtle">{g.sublabel ? formatDateTime(g.sublabel) : 'snapshot'}</div>
        </div>
        <NodeDestroy id={g.id} label={g.label} onDestroy={data.onDestroy} />
        <Handle type="source" position={Position.Right} className={hidden} />
      </div>
    );
  }
  const isClone = g.kind === 'clone';
  return (
    <div
      data-testid="lineage-node"
      data-id={g.id}
      data-kind={g.kind}
      data-label={g.label}
      data-focus={g.focus || undefined}
      className={cn(
        'group relative flex h-full items-center gap-2.5 rounded-xl border bg-raised px-3 shadow-sm',
        isClone ? 'border-clone/50' : 'border-line-strong',
        selected && (isClone ? 'ring-2 ring-clone/35' : 'ring-2 ring-accent/35'),
        g.focus && 'border-accent ring-2 ring-accent/40',
      )}
    >
      <Handle type="target" position={Position.Left} className={hidden} />
      <div className={cn('flex h-9 w-9 shrink-0 items-center justify-center rounded-lg', isClone ? 'bg-clone-soft text-clone' : 'bg-accent-soft text-accent-text')}>
        {isClone ? <GitBranch size={16} /> : fsIcon}
      </div>
      <div className="min-w-0 flex-1 leading-tight">
        <div className="truncate font-mono text-[12.5px] font-semibold text-fg" title={g.source?.label ?? g.label}>
          {g.label}
        </div>
        <div className={cn('truncate text-[11px]', isClone ? 'text-clone' : 'text-fg-subtle')} title={g.sublabel}>
          {g.sublabel}
        </div>
      </div>
      {isClone && data.promote && (
        <Tooltip content={data.promote.ok ? 'Make this the parent: its origin becomes the clone' : data.promote.reason}>
          <button
            type="button"
            data-testid="lineage-promote"
            aria-disabled={!data.promote.ok || undefined}
            aria-label={`Promote ${g.label}`}
            onClick={(e) => {
              e.stopPropagation();
              if (data.promote?.ok) data.onPromote(g.id);
            }}
            className={cn(
              'nodrag flex h-7 shrink-0 items-center gap-1 rounded-md border px-2 text-[11.5px] font-medium',
              data.promote.ok ? 'border-clone/40 bg-clone-soft text-clone hover:bg-clone hover:text-white' : 'cursor-default border-line text-fg-subtle',
            )}
          >
            <ArrowUpDown size={12} /> Promote
          </button>
        </Tooltip>
      )}
      <NodeDestroy id={g.id} label={g.label} onDestroy={data.onDestroy} />
      {g.focus && <span className="absolute -top-2.5 left-3 rounded-full bg-accent px-1.5 py-px text-[10px] font-semibold text-white">current</span>}
      <Handle type="source" position={Position.Right} className={hidden} />
    </div>
  );
});

function NodeDestroy({ id, label, onDestroy }: { id: string; label: string; onDestroy: (id: string) => void }) {
  return (
    <Tooltip content="Destroy…">
      <button
        type="button"
        data-testid="lineage-destroy"
        aria-label={`Destroy ${label}`}
        onClick={(e) => {
          e.stopPropagation();
          onDestroy(id);
        }}
        className="nodrag flex h-6 w-6 shrink-0 items-center justify-center rounded-md text-fg-subtle opacity-0 group-hover:opacity-100 [.selected_&]:opacity-100 hover:bg-danger-soft hover:text-danger focus-visible:opacity-100"
      >
        <Trash2 size={13} />
      </button>
    </Tooltip>
  );
}
