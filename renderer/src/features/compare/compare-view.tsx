import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowRight, FileMinus, FilePen, FilePlus, GitCompareArrows, X, Square } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import type { DiffChange } from '../../../../shared/contract/index';
import { cn } from '../../lib/cn';
import { formatBytes, formatCount } from '../../lib/format';
import { useStore } from '../../lib/store';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { EmptyState } from '../../ui/empty-state';
import { Spinner } from '../../ui/spinner';
import { showErrorDetails } from '../errors/toast-store';
import { cancelJob } from '../jobs/jobs-store';
import { closeCompare, compareStore } from './compare-store';

const KINDS: { key: DiffChange['change']; label: string; icon: React.ReactNode; cls: string }[] = [
  { key: 'added', label: 'Added', icon: <FilePlus size={14} />, cls: 'text-success' },
  { key: 'removed', label: 'Removed', icon: <FileMinus size={14} />, cls: 'text-danger' },
  { key: 'modified', label: 'Modified', icon: <FilePen size={14} />, cls: 'text-warning' },
  { key: 'renamed', label: 'Renamed', icon: <ArrowRight size={14} />, cls: 'text-accent-text' },
];

/** What changed between a snapshot and live (or two snapshots), streamed and virtualised. */
export function CompareView() {
  const c = useStore(compareStore);
  const [only, setOnly] = useState<DiffChange['change'] | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const counts = useMemo(() => {
    const n = { added: 0, removed: 0, modified: 0, renamed: 0 };
    for (const ch of c?.changes ?? []) n[ch.change]++;
    return n;
  }, [c?.changes]);
  const rows = useMemo(() => (c ? (only ? c.changes.filter((x) => x.change === only) : c.changes) : []), [c, only]);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 30, overscan: 12 });
  if (!c) {
    return (
      <EmptyState icon={<GitCompareArrows size={26} />} title="Nothing to compare yet">
        Pick a snapshot on the timeline and choose “Compare with live”.
      </EmptyState>
    );
  }
  const running = c.state === 'starting' || c.state === 'running' || c.state === 'queued';
  return (
    <div className="flex h-full min-h-0 flex-col bg-view" data-testid="compare-view">
      <div className="flex shrink-0 items-center gap-3 border-b border-line px-4 py-2.5">
        <GitCompareArrows size={18} className="text-accent-text" />
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13.5px] font-semibold">
            <span className="font-mono text-[12.5px]">{c.aLabel}</span> → <span className="font-mono text-[12.5px]">{c.bLabel}</span>
          </div>
          <div className="text-[12px] text-fg-muted">{running ? `Comparing… ${formatCount(c.changes.length)} changes so far` : `${formatCount(c.changes.length)} changes`}</div>
        </div>
        {running && c.jobId && (
          <Button size="sm" icon={<Square size={11} className="fill-current" />} onClick={() => void cancelJob(c.jobId!)}>
            Stop
          </Button>
        )}
        <Button size="sm" variant="ghost" icon={<X size={14} />} onClick={closeCompare}>
          Close
        </Button>
      </div>
      <div className="flex shrink-0 gap-1.5 border-b border-line px-4 py-2">
        {KINDS.map((k) => (
          <button
            key={k.key}
            type="button"
            aria-pressed={only === k.key}
            onClick={() => setOnly(only === k.key ? null : k.key)}
            className={cn('flex h-7 items-center gap-1.5 rounded-full border px-2.5 text-[12px]', only === k.key ? 'border-accent bg-accent-soft' : 'border-line hover:bg-hover')}
          >
            <span className={k.cls}>{k.icon}</span>
            {k.label}
            <span className="tabular text-fg-muted">{formatCount(counts[k.key])}</span>
          </button>
        ))}
      </div>
      {c.error && (
        <div className="p-4">
          <Callout tone={c.error.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'} title="The comparison did not finish" action={c.error.command ? <Button size="sm" onClick={() => showErrorDetails(c.error!)}>Details</Button> : undefined}>
            {c.error.message}
          </Callout>
        </div>
      )}
      {rows.length === 0 && !c.error ? (
        <div className="flex flex-1 items-center justify-center gap-2 text-fg-muted">{running ? <><Spinner /> Looking for changes…</> : 'No differences.'}</div>
      ) : (
        <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-y-auto" tabIndex={0} aria-label="Changes">
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((it) => {
              const ch = rows[it.index]!;
              const k = KINDS.find((x) => x.key === ch.change)!;
              return (
                <div key={it.key} className="absolute right-0 left-0 flex items-center gap-2.5 border-b border-line/60 px-4 text-[12.5px]" style={{ top: it.start, height: 30 }}>
                  <span className={k.cls}>{k.icon}</span>
                  <span className="min-w-0 flex-1 truncate font-mono text-[12px]">
                    {ch.from ? (
                      <>
                        <span className="text-fg-muted">{ch.from}</span> → {ch.path}
                      </>
                    ) : (
                      ch.path
                    )}
                  </span>
                  <span className="tabular w-40 shrink-0 text-right text-fg-muted">
                    {ch.change === 'modified' && ch.oldSize != null ? `${formatBytes(ch.oldSize)} → ${formatBytes(ch.size)}` : ch.size != null ? formatBytes(ch.size) : ''}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
