import * as CM from '@radix-ui/react-context-menu';
import { useVirtualizer } from '@tanstack/react-virtual';
import { CameraOff, ChevronRight, Copy as CloneIcon, Info, Lock, LockOpen, MoreHorizontal, Plus, Hand } from 'lucide-react';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Mount, Snapshot, Volume } from '../../../../shared/domain';
import { backToLive } from '../../app/app-store';
import { openDialog } from '../../app/dialog-store';
import { usePlace } from '../../app/use-place';
import { cn } from '../../lib/cn';
import { toErrorInfo } from '../../lib/errors';
import { formatBytes, formatCount, formatTime } from '../../lib/format';
import { capabilityOf, volumeLabel } from '../../lib/places';
import { useCall } from '../../lib/use-query';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Spinner } from '../../ui/spinner';
import { Tooltip } from '../../ui/tooltip';
import { SpaceBar } from '../history/index';
import { browseSnapshot, planDestroySnapshot } from './snapshot-actions';
import { SnapshotMenu } from './snapshot-menu';
import { ROW_HEIGHTS, timelineRows, type TimelineRow } from './timeline-rows';

const listEl = () => document.querySelector<HTMLElement>('[data-testid="timeline-list"]');

/** The snapshot timeline of the current volume: oldest at the top, now at the bottom, grouped by day. */
export function TimelinePanel() {
  const { location, mount, volume } = usePlace();
  const snapCap = capabilityOf(mount, 'snapshot');
  return (
    <aside aria-label="Snapshot timeline" data-testid="timeline" className="flex h-full min-h-0 flex-col border-l border-line bg-panel">
      {volume && snapCap.ok ? (
        <TimelineBody volume={volume} mount={mount} selectedId={location?.snapshot?.id ?? null} />
      ) : (
        <>
          <Header title="Snapshots" subtitle={mount ? mount.mountpoint : ''} />
          <EmptyState icon={<CameraOff size={24} />} title="No snapshots here">
            {!snapCap.ok ? snapCap.reason : 'This folder is not inside a subvolume or dataset Cowshed could list.'}
          </EmptyState>
        </>
      )}
    </aside>
  );
}

function Header({ title, subtitle, action }: { title: string; subtitle: string; action?: React.ReactNode }) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-line px-3">
      <div className="min-w-0 flex-1">
        <h2 className="text-[13px] leading-tight font-semibold">{title}</h2>
        <div className="truncate text-[11.5px] text-fg-subtle" title={subtitle}>
          {subtitle}
        </div>
      </div>
      {action}
    </header>
  );
}

function TimelineBody({ volume, mount, selectedId }: { volume: Volume; mount: Mount | null; selectedId: string | null }) {
  const q = useCall('snapshots', { target: volume.id });
  const rows = useMemo(() => timelineRows(q.data ?? []), [q.data]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<number>(-1);
  const [menuFor, setMenuFor] = useState<Snapshot | null>(null);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ROW_HEIGHTS[rows[i]!.kind],
    overscan: 10,
    paddingStart: 6,
    paddingEnd: 6,
  });
  const selectedRow = useMemo(() => (selectedId ? rows.findIndex((r) => r.kind === 'snapshot' && r.snapshot.id === selectedId) : rows.length - 1), [rows, selectedId]);

  // Newest first in view: start at the bottom (or at the snapshot being browsed).
  const didInitialScroll = useRef(false);
  useEffect(() => {
    if (!q.data || didInitialScroll.current) return;
    didInitialScroll.current = true;
    virt.scrollToIndex(Math.max(0, selectedRow), { align: 'end' });
  }, [q.data, selectedRow, virt]);
  useEffect(() => {
    if (focus >= 0) virt.scrollToIndex(focus, { align: 'auto' });
  }, [focus, virt]);

  const count = q.data?.length ?? 0;
  const openRow = (r: TimelineRow | undefined) => {
    if (!r) return;
    if (r.kind === 'snapshot') void browseSnapshot(r.snapshot, volume);
    else if (r.kind === 'live') backToLive();
  };
  const rowAt = (e: MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
    return el ? Number(el.dataset.row) : -1;
  };
  const step = (from: number, dir: 1 | -1) => {
    for (let i = from + dir; i >= 0 && i < rows.length; i += dir) if (rows[i]!.kind !== 'day') return i;
    return from;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const cur = focus >= 0 ? focus : selectedRow;
    const r = rows[cur];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setFocus(step(cur, e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setFocus(e.key === 'Home' ? step(-1, 1) : rows.length - 1);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openRow(r);
    } else if (e.key === 'Delete' && r?.kind === 'snapshot') {
      e.preventDefault();
      planDestroySnapshot(r.snapshot);
    } else if (((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') && r?.kind === 'snapshot') {
      e.preventDefault();
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row="${cur}"]`);
      if (el) {
        const b = el.getBoundingClientRect();
        el.dispatchEvent(new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: b.left + 40, clientY: b.bottom - 4 }));
      }
    }
  };

  let body: React.ReactNode;
  if (q.status === 'loading' && !q.data) {
    body = (
      <div className="flex flex-1 items-center justify-center gap-2 text-fg-muted">
        <Spinner /> Loading snapshots…
      </div>
    );
  } else if (!q.data) {
    const err = toErrorInfo(q.error);
    body = (
      <EmptyState icon={<CameraOff size={24} />} tone={err.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'} title={err.code === 'NOT_SUPPORTED' ? 'Snapshots unavailable' : 'Could not list snapshots'} actions={<Button size="sm" onClick={q.refetch}>Try again</Button>}>
        {err.message}
      </EmptyState>
    );
  } else {
    const activeRow = focus >= 0 ? focus : selectedRow;
    body = (
      <CM.Root onOpenChange={(o) => !o && setMenuFor(null)}>
        <CM.Trigger asChild>
          <div
            ref={scrollRef}
            role="listbox"
            aria-label={`Snapshots of ${volume.name}`}
            aria-activedescendant={activeRow >= 0 ? `tl-row-${activeRow}` : undefined}
            tabIndex={0}
            data-testid="timeline-list"
            data-region="timeline"
            className="relative min-h-0 flex-1 overflow-y-auto outline-none [contain:strict]"
            onKeyDown={onKeyDown}
            onClick={(e) => {
              const i = rowAt(e);
              if (i >= 0 && rows[i]!.kind !== 'day') {
                setFocus(i);
                openRow(rows[i]);
              }
            }}
            onContextMenu={(e) => {
              const i = rowAt(e);
              const r = rows[i];
              if (r?.kind === 'snapshot') {
                setMenuFor(r.snapshot);
                setFocus(i);
              } else e.preventDefault();
            }}
          >
            <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
              {virt.getVirtualItems().map((it) => (
                <TimelineRowView key={it.index % 256} row={rows[it.index]!} index={it.index} top={it.start} selected={it.index === selectedRow} focused={it.index === focus} />
              ))}
            </div>
          </div>
        </CM.Trigger>
        {menuFor && <SnapshotMenu snapshot={menuFor} volume={volume} mount={mount} returnFocusTo={listEl} />}
      </CM.Root>
    );
  }

  return (
    <>
      <Header
        title="Snapshots"
        subtitle={`${volumeLabel(volume)} · ${q.data ? formatCount(count) : '…'} snapshot${count === 1 ? '' : 's'}`}
        action={
          <Button size="sm" icon={<Plus size={14} />} onClick={() => openDialog({ kind: 'create-snapshot', volume, mount })} data-testid="new-snapshot">
            Snapshot
          </Button>
        }
      />
      {body}
      <SpaceSection target={volume.id} />
      <footer className="flex shrink-0 items-start gap-2 border-t border-line px-3 py-2 text-[11.5px] leading-snug text-fg-subtle">
        <Info size={13} className="mt-px shrink-0" />
        Snapshots live on the same disks as your data: they undo mistakes, but they are not backups.
      </footer>
    </>
  );
}

const SPACE_KEY = 'cowshed.timeline.space';

/** The volume's space bar under the timeline, folded away with one click (remembered). */
function SpaceSection({ target }: { target: string }) {
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem(SPACE_KEY) !== 'closed';
    } catch {
      return true;
    }
  });
  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem(SPACE_KEY, open ? 'closed' : 'open');
    } catch {
      // storage unavailable: remember for this session only
    }
  };
  return (
    <div className="shrink-0 border-t border-line">
      <button type="button" aria-expanded={open} onClick={toggle} className="flex h-8 w-full items-center gap-1.5 px-3 text-[11.5px] font-semibold tracking-wide text-fg-muted uppercase hover:text-fg">
        <ChevronRight size={13} className={cn('transition-transform', open && 'rotate-90')} />
        Space
      </button>
      {open && (
        <div className="px-2 pb-2">
          <SpaceBar target={target} />
        </div>
      )}
    </div>
  );
}

const TimelineRowView = memo(function TimelineRowView({ row, index, top, selected, focused }: { row: TimelineRow; index: number; top: number; selected: boolean; focused: boolean }) {
  const h = ROW_HEIGHTS[row.kind];
  if (row.kind === 'day') {
    return (
      <div className="absolute top-0 right-0 left-0 flex items-end gap-2 px-4 pb-1 text-[11.5px] font-semibold tracking-wide text-fg-muted uppercase" style={{ transform: `translateY(${top}px)`, height: h }}>
        <span className="truncate">{row.label}</span>
        <span className="font-normal tracking-normal text-fg-subtle normal-case">{row.count}</span>
      </div>
    );
  }
  const isLive = row.kind === 'live';
  const s = row.kind === 'snapshot' ? row.snapshot : null;
  return (
    <div
      id={`tl-row-${index}`}
      role="option"
      aria-selected={selected}
      data-row={index}
      data-testid={isLive ? 'timeline-live' : 'timeline-snapshot'}
      data-snapshot={s?.id}
      data-name={s?.name}
      className={cn('group absolute top-0 right-2 left-2 flex items-center gap-2.5 rounded-lg pr-2 pl-2 [contain:layout_style]', selected ? 'bg-selection' : 'hover:bg-hover', focused && 'ring-1 ring-accent ring-inset')}
      style={{ transform: `translateY(${top}px)`, height: h - 4 }}
    >
      {/* the rail */}
      <div className="relative flex h-full w-4 shrink-0 justify-center">
        <div className="absolute top-[-2px] bottom-[-2px] w-px bg-line-strong" />
        <div
          className={cn(
            'relative mt-[13px] h-2.5 w-2.5 rounded-full border-2',
            isLive ? 'border-success bg-success' : selected ? 'border-snapshot bg-snapshot' : 'border-snapshot bg-panel',
          )}
        />
      </div>
      {isLive ? (
        <div className="min-w-0 flex-1">
          <div className="text-[13px] font-semibold text-fg">Now</div>
          <div className="text-[11.5px] text-fg-muted">The live files</div>
        </div>
      ) : (
        <>
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-1.5">
              <span className="tabular text-[12.5px] font-semibold text-fg">{formatTime(s!.created)}</span>
              {s!.holds && s!.holds.length > 0 && (
                <Tooltip content={`Held: ${s!.holds.join(', ')} — cannot be destroyed until released`}>
                  <Hand size={12} className="text-warning" />
                </Tooltip>
              )}
              {s!.clones && s!.clones.length > 0 && (
                <Tooltip content={`${s!.clones.length} clone${s!.clones.length === 1 ? '' : 's'} depend on it: ${s!.clones.join(', ')}`}>
                  <span className="flex items-center gap-0.5 text-[11px] text-clone">
                    <CloneIcon size={11} />
                    {s!.clones.length}
                  </span>
                </Tooltip>
              )}
              <Tooltip content={s!.readonly ? 'Read-only' : 'Writable snapshot'}>{s!.readonly ? <Lock size={11} className="text-fg-subtle" /> : <LockOpen size={11} className="text-warning" />}</Tooltip>
            </div>
            <div className="truncate font-mono text-[11.5px] text-fg-muted" title={s!.fullName}>
              {s!.name}
            </div>
          </div>
          {s!.space?.used != null && <span className="tabular shrink-0 text-[11px] text-fg-subtle">{formatBytes(s!.space.used)}</span>}
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Actions for ${s!.name}`}
            className="hidden h-6 w-6 shrink-0 items-center justify-center rounded-md text-fg-muted group-hover:flex hover:bg-pressed"
            onClick={(e) => {
              e.stopPropagation();
              const b = (e.currentTarget as HTMLElement).getBoundingClientRect();
              e.currentTarget.dispatchEvent(new window.MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: b.left, clientY: b.bottom }));
            }}
          >
            <MoreHorizontal size={15} />
          </button>
        </>
      )}
    </div>
  );
});

