import { HardDrive, Info } from 'lucide-react';
import { useMemo } from 'react';
import { cn } from '../../lib/cn';
import { toErrorInfo } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { useCall } from '../../lib/use-query';
import { Callout } from '../../ui/callout';
import { Spinner } from '../../ui/spinner';
import { spaceModel, type Segment } from './space-model';

const TONE: Record<Segment['key'], string> = {
  live: 'bg-accent',
  shared: 'bg-clone',
  snapshots: 'bg-snapshot',
  other: 'bg-fg-subtle',
  exclusive: 'bg-accent',
};

/** A small bar chart of one figure per snapshot (oldest left), when there are several. */
function SnapshotChart({ items, label }: { items: { id: string; label: string; bytes: number; hint: string }[]; label: string }) {
  const max = Math.max(1, ...items.map((i) => i.bytes));
  return (
    <figure className="mt-3" aria-label={label}>
      <figcaption className="mb-1 text-[11.5px] text-fg-muted">{label}</figcaption>
      <div className="flex h-16 items-end gap-px rounded-md bg-hover/60 px-1 pt-1" role="list">
        {items.map((i) => (
          <div key={i.id} role="listitem" className="group relative flex h-full min-w-[3px] flex-1 items-end" style={{ maxWidth: 24 }} title={`${i.label}: ${formatBytes(i.bytes)} (${i.hint})`}>
            <div className="w-full rounded-t-sm bg-snapshot/80 group-hover:bg-snapshot" style={{ height: `${Math.max(2, (i.bytes / max) * 100)}%` }} />
          </div>
        ))}
      </div>
    </figure>
  );
}

/** Where a volume's (or a file's) space goes: live / shared / snapshots as one bar, per-snapshot figures as a chart. */
export function SpaceBar({ target, snapshots }: { target: string; snapshots?: string[] }) {
  const q = useCall('space', { target, ...(snapshots?.length ? { snapshots } : {}) });
  const model = useMemo(() => (q.data ? spaceModel(q.data) : null), [q.data]);
  if (q.status === 'loading' && !q.data)
    return (
      <div className="flex items-center gap-2 p-3 text-[12.5px] text-fg-muted">
        <Spinner size={14} /> Measuring space…
      </div>
    );
  if (q.status === 'error' && !q.data) {
    const e = toErrorInfo(q.error);
    return <Callout tone={e.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'} title="Space figures unavailable">{e.message}</Callout>;
  }
  const r = q.data!;
  const m = model!;
  return (
    <section className="flex flex-col gap-2 rounded-lg border border-line bg-panel p-3" data-testid="space-bar" aria-label="Space">
      <div className="flex items-center gap-2 text-[12.5px]">
        <HardDrive size={14} className="text-fg-subtle" />
        <span className="font-semibold">Space</span>
        <span className="ml-auto tabular text-fg-muted">{formatBytes(m.total)}</span>
      </div>
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-hover" role="img" aria-label={m.segments.map((s) => `${s.label} ${formatBytes(s.bytes)}`).join(', ')}>
        {m.segments.map((s) => (
          <div key={s.key} className={cn('h-full', TONE[s.key])} style={{ width: `${m.total ? (s.bytes / m.total) * 100 : 0}%` }} title={`${s.label}: ${formatBytes(s.bytes)} — ${s.hint}`} />
        ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-[12px]">
        {m.segments.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5" title={s.hint}>
            <span className={cn('h-2.5 w-2.5 rounded-sm', TONE[s.key])} />
            {s.label}
            <span className="tabular text-fg-muted">{formatBytes(s.bytes)}</span>
          </li>
        ))}
      </ul>
      {m.perSnapshot.length > 1 && m.perSnapshot.some((i) => i.bytes > 0) && <SnapshotChart items={m.perSnapshot} label={m.perSnapshotLabel} />}
      {r.freedTogether && (
        <div className="text-[12.5px]" data-testid="freed-together">
          Deleting {r.freedTogether.snapshots.length === 1 ? 'this snapshot' : `these ${r.freedTogether.snapshots.length} snapshots`} frees{' '}
          <span className="font-semibold">{r.freedTogether.bytes === null ? 'an unknown amount' : formatBytes(r.freedTogether.bytes)}</span>
          {r.freedTogether.reason && <span className="text-fg-muted"> ({r.freedTogether.reason})</span>}
        </div>
      )}
      {r.notes.length > 0 && (
        <details className="text-[11.5px] text-fg-muted">
          <summary className="flex cursor-pointer items-center gap-1"><Info size={12} /> How these are counted</summary>
          <ul className="mt-1 list-disc pl-5">
            {r.notes.map((n) => <li key={n}>{n}</li>)}
          </ul>
        </details>
      )}
    </section>
  );
}
