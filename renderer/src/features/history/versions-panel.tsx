import { ArchiveRestore, Camera, CopyPlus, Fingerprint, History, Radio, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { FileVersion } from '../../../../shared/contract/index';
import { cn } from '../../lib/cn';
import { toErrorInfo } from '../../lib/errors';
import { formatBytes, formatDateTime, plural } from '../../lib/format';
import { useCall } from '../../lib/use-query';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { EmptyState } from '../../ui/empty-state';
import { Spinner } from '../../ui/spinner';
import { planRestore } from '../browser/restore-dialog';
import { VersionPreview } from './version-preview';

/** "s1, s2 … s9 (9)" for a version's snapshots. */
export function snapshotSummary(v: FileVersion): string {
  const n = v.snapshotNames;
  if (n.length === 0) return v.live ? 'live only' : '';
  return n.length <= 3 ? n.join(', ') : `${n[0]}, ${n[1]} … ${n[n.length - 1]} (${n.length})`;
}

function TimelineItem({ v, n, selected, onSelect }: { v: FileVersion; n: number; selected: boolean; onSelect: () => void }) {
  return (
    <li>
      <button
        type="button"
        data-testid="version-item"
        aria-current={selected}
        onClick={onSelect}
        className={cn('relative flex w-full items-start gap-3 rounded-lg py-2 pr-2 pl-1 text-left', selected ? 'bg-selection' : 'hover:bg-hover')}
      >
        <span className={cn('z-10 mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full ring-4 ring-view', v.live ? 'bg-success text-white' : 'bg-snapshot text-white')}>
          {v.live ? <Radio size={12} /> : <Camera size={12} />}
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline gap-2 text-[13px]">
            <span className="font-semibold">{v.live && v.snapshots.length === 0 ? 'Current' : `Version ${n}`}</span>
            {v.live && <span className="rounded bg-success-soft px-1.5 text-[11px] text-success">live</span>}
          </span>
          <span className="block text-[12px] text-fg-muted">
            {formatDateTime(v.mtime)} · {formatBytes(v.size)}
          </span>
          <span className="block truncate text-[11.5px] text-fg-subtle" title={v.snapshotNames.join(', ')}>
            {snapshotSummary(v)}
          </span>
        </span>
      </button>
    </li>
  );
}

/** The versions of a file across its volume's snapshots: a timeline, a preview of text files, and restore. */
export function VersionsPanel({ path }: { path: string }) {
  const [hash, setHash] = useState(false);
  const live = useCall('versions', { path, ...(hash ? { hash: true } : {}) });
  const gone = live.status === 'error' && toErrorInfo(live.error).code === 'PATH_NOT_FOUND';
  const held = useCall('versions', gone ? { path, deleted: true, ...(hash ? { hash: true } : {}) } : null);
  const q = gone ? held : live;
  const list = useMemo(() => (q.data ?? []).slice().reverse(), [q.data]); // newest on top
  const [sel, setSel] = useState(0);
  useEffect(() => setSel(0), [path, q.data]);
  const chosen = list[sel];
  const err = q.status === 'error' && !q.data ? toErrorInfo(q.error) : null;
  if (q.status === 'loading' && !q.data)
    return (
      <div className="flex h-full items-center justify-center gap-2 text-[13px] text-fg-muted">
        <Spinner /> Looking through the snapshots…
      </div>
    );
  if (err)
    return (
      <EmptyState icon={<History size={26} />} title="No versions to show" tone={err.code === 'NOT_SUPPORTED' || err.code === 'OUTSIDE_MOUNTS' ? 'neutral' : 'danger'}>
        {err.message}
      </EmptyState>
    );
  if (list.length === 0)
    return (
      <EmptyState icon={<History size={26} />} title={gone ? 'Not in any snapshot' : 'No versions'}>
        {gone ? 'No snapshot of this volume holds this path.' : 'This file is in no snapshot yet.'}
      </EmptyState>
    );
  const holders = [...new Set(list.flatMap((v) => v.snapshotNames))];
  return (
    <div className="flex h-full min-h-0 flex-col bg-view" data-testid="versions-panel">
      <div className="flex shrink-0 items-center gap-2 border-b border-line px-4 py-2.5">
        <History size={17} className="text-snapshot" />
        <div className="min-w-0 flex-1">
          <div className="truncate font-mono text-[12.5px] font-semibold" title={path}>{path}</div>
          <div className="text-[12px] text-fg-muted">{plural(list.length, 'distinct version')}</div>
        </div>
        <Button size="sm" variant={hash ? 'flat' : 'ghost'} aria-pressed={hash} icon={<Fingerprint size={13} />} onClick={() => setHash(!hash)} title="Also merge versions whose contents are equal (SHA-256)">
          Compare contents
        </Button>
      </div>
      {gone && (
        <div className="px-4 pt-3">
          <Callout tone="warning" title="Deleted, but still held">
            {plural(holders.length, 'snapshot')} still hold{holders.length === 1 ? 's' : ''} this path: {holders.join(', ')}. To remove it for good, destroy those snapshots (each destroy shows its plan first).
          </Callout>
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        <ol className="relative w-72 shrink-0 overflow-y-auto border-r border-line p-2 before:absolute before:top-5 before:bottom-5 before:left-[16.5px] before:w-px before:bg-line" aria-label="Versions, newest first">
          {list.map((v, i) => (
            <TimelineItem key={v.path + i} v={v} n={list.length - i} selected={i === sel} onSelect={() => setSel(i)} />
          ))}
        </ol>
        <div className="flex min-w-0 flex-1 flex-col">
          {chosen && (
            <div className="flex shrink-0 items-center gap-2 border-b border-line px-3 py-2">
              <div className="min-w-0 flex-1 truncate text-[12px] text-fg-muted" title={chosen.path}>
                {chosen.live ? 'The current file' : `In ${chosen.snapshotNames.join(', ')}`}
                {chosen.hash && <span className="ml-2 font-mono text-[11px] text-fg-subtle">sha256 {chosen.hash.slice(0, 16)}…</span>}
              </div>
              {!chosen.live && chosen.snapshots[0] && (
                <>
                  <Button size="sm" variant="ghost" icon={<CopyPlus size={13} />} onClick={() => planRestore(path, { id: chosen.snapshots[0]!, name: chosen.snapshotNames[0]! }, 'keep-both')}>
                    Restore as copy
                  </Button>
                  <Button size="sm" variant="primary" icon={<ArchiveRestore size={13} />} onClick={() => planRestore(path, { id: chosen.snapshots[0]!, name: chosen.snapshotNames[0]! }, 'overwrite')}>
                    {gone ? 'Restore' : 'Restore this version'}
                  </Button>
                </>
              )}
            </div>
          )}
          <div className="min-h-0 flex-1">{chosen ? <VersionPreview path={chosen.path} /> : null}</div>
          <div className="flex shrink-0 items-center gap-1.5 border-t border-line px-3 py-1.5 text-[11.5px] text-fg-subtle">
            <Trash2 size={12} /> Snapshots are not backups: a version lives only as long as a snapshot holding it.
          </div>
        </div>
      </div>
    </div>
  );
}
