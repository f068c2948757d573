import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowRight, FileMinus, FilePen, FilePlus, GitCompareArrows, Search, ShieldCheck, Square } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import type { DiffChange } from '../../../../shared/contract/index';
import { cn } from '../../lib/cn';
import { formatBytes, formatCount } from '../../lib/format';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { Spinner } from '../../ui/spinner';
import { showErrorDetails } from '../errors/toast-store';
import { countChanges, useDiff } from './use-diff';

const KINDS: { key: DiffChange['change']; label: string; icon: React.ReactNode; cls: string }[] = [
  { key: 'added', label: 'Added', icon: <FilePlus size={14} />, cls: 'text-success' },
  { key: 'removed', label: 'Removed', icon: <FileMinus size={14} />, cls: 'text-danger' },
  { key: 'modified', label: 'Modified', icon: <FilePen size={14} />, cls: 'text-warning' },
  { key: 'renamed', label: 'Renamed', icon: <ArrowRight size={14} />, cls: 'text-accent-text' },
];
const METHOD: Record<string, string> = { 'btrfs-send': 'btrfs send (kernel)', 'zfs-diff': 'zfs diff (kernel)', 'tree-walk': 'tree comparison' };

function sizeText(c: DiffChange): string {
  if (c.metadataOnly) return 'metadata only';
  if (c.change === 'modified' && c.oldSize != null && c.size != null && c.oldSize !== c.size) return `${formatBytes(c.oldSize)} → ${formatBytes(c.size)}`;
  if (c.change === 'removed') return c.oldSize != null ? formatBytes(c.oldSize) : '';
  return c.size != null ? formatBytes(c.size) : '';
}

function ChangeRow({ c }: { c: DiffChange }) {
  const k = KINDS.find((x) => x.key === c.change)!;
  const slash = c.type === 'dir' ? '/' : '';
  return (
    <>
      <span className={k.cls} title={k.label}>{k.icon}</span>
      <span className="min-w-0 flex-1 truncate font-mono text-[12px]" title={c.from ? `${c.from} → ${c.path}` : c.path}>
        {c.from ? (
          <>
            <span className="text-fg-muted">{c.from + slash}</span> → {c.path + slash}
          </>
        ) : (
          c.path + slash
        )}
      </span>
      <span className={cn('tabular w-44 shrink-0 text-right', c.metadataOnly ? 'text-fg-subtle italic' : 'text-fg-muted')}>{sizeText(c)}</span>
    </>
  );
}

/** What changed between two snapshots (or a snapshot and live): streamed as found, virtualised, filterable, cancellable. */
export function ComparePanel({ a, b, aLabel, bLabel }: { a: string; b: string; aLabel?: string; bLabel?: string }) {
  const d = useDiff(a, b);
  const [only, setOnly] = useState<DiffChange['change'] | null>(null);
  const [query, setQuery] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const counts = useMemo(() => countChanges(d.changes), [d.changes]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return d.changes.filter((c) => (!only || c.change === only) && (!q || c.path.toLowerCase().includes(q) || (c.from ?? '').toLowerCase().includes(q)));
  }, [d.changes, only, query]);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 30, overscan: 16 });
  const running = d.state === 'starting' || d.state === 'queued' || d.state === 'running';
  return (
    <div className="flex h-full min-h-0 flex-col bg-view" data-testid="compare-panel">
      <div className="flex shrink-0 items-center gap-3 border-b border-line px-4 py-2.5">
        <GitCompareArrows size={18} className="text-accent-text" />
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13.5px] font-semibold">
            <span className="font-mono text-[12.5px]">{aLabel ?? a}</span> → <span className="font-mono text-[12.5px]">{bLabel ?? b}</span>
          </div>
          <div className="flex items-center gap-1.5 text-[12px] text-fg-muted" data-testid="compare-status">
            {running ? <><Spinner size={12} /> Comparing… {formatCount(d.changes.length)} changes so far</> : d.state === 'cancelled' ? `Stopped after ${formatCount(d.changes.length)} changes` : `${formatCount(d.changes.length)} changes`}
            {d.summary && (
              <span title={d.summary.fallbackReason}>
                {' · '}
                <ShieldCheck size={12} className="mb-0.5 inline" /> {METHOD[d.summary.method] ?? d.summary.method}
              </span>
            )}
          </div>
        </div>
        {running && d.jobId && (
          <Button size="sm" icon={<Square size={11} className="fill-current" />} onClick={d.cancel}>
            Stop
          </Button>
        )}
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-1.5 border-b border-line px-4 py-2">
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
        <label className="ml-auto flex h-7 items-center gap-1.5 rounded-md border border-line px-2 text-[12px]">
          <Search size={13} className="text-fg-subtle" />
          <input aria-label="Filter paths" placeholder="Filter paths" value={query} onChange={(e) => setQuery(e.target.value)} className="w-44 bg-transparent outline-none" />
        </label>
      </div>
      {d.summary?.fallbackReason && (
        <div className="px-4 pt-3">
          <Callout tone="neutral">Compared the folder trees: {d.summary.fallbackReason}.</Callout>
        </div>
      )}
      {d.error && d.state !== 'cancelled' && (
        <div className="p-4">
          <Callout tone={d.error.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'} title="The comparison did not finish" action={d.error.command ? <Button size="sm" onClick={() => showErrorDetails(d.error!)}>Details</Button> : undefined}>
            {d.error.message}
          </Callout>
        </div>
      )}
      {rows.length === 0 && !d.error ? (
        <div className="flex flex-1 items-center justify-center gap-2 text-[13px] text-fg-muted">
          {running ? <><Spinner /> Looking for changes…</> : d.changes.length ? 'Nothing matches the filter.' : 'No differences.'}
        </div>
      ) : (
        <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-y-auto" tabIndex={0} aria-label="Changes" data-testid="compare-rows">
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((it) => (
              <div key={it.key} className="absolute right-0 left-0 flex items-center gap-2.5 border-b border-line/60 px-4 text-[12.5px]" style={{ top: it.start, height: 30 }}>
                <ChangeRow c={rows[it.index]!} />
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
