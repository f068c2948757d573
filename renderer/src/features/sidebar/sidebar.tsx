import * as CM from '@radix-ui/react-context-menu';
import { Camera, ChevronRight, Database, FolderOpen, FolderTree, GitBranch, HardDrive, Network, RefreshCw } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Mount, Volume } from '../../../../shared/domain';
import { appStore, openFolder, setView, showLineage } from '../../app/app-store';
import { openDialog } from '../../app/dialog-store';
import { useMounts, useVolumes } from '../../app/use-place';
import { cn } from '../../lib/cn';
import { toErrorInfo } from '../../lib/errors';
import { isInside } from '../../lib/paths';
import { useStore } from '../../lib/store';
import { invalidateMethods } from '../../lib/use-query';
import { IconButton } from '../../ui/icon-button';
import { MenuContent, MenuItem, MenuSeparator } from '../../ui/menu';
import { Spinner } from '../../ui/spinner';
import { CapabilityBadges } from './capability-badges';
import { buildSidebar, visibleRows, type FsNode, type VolumeNode } from './sidebar-tree';

const treeEl = () => document.querySelector<HTMLElement>('[data-testid="sidebar-tree"]');
type Row = ReturnType<typeof visibleRows>[number];
const isFs = (n: FsNode | VolumeNode): n is FsNode => 'mount' in n;

/** The sidebar: filesystems grouped by type with capability badges, their subvolumes / datasets as a tree. */
export function Sidebar() {
  const { mounts, status, data } = useMounts();
  const vols = useVolumes();
  const location = useStore(appStore, (s) => s.location);
  const groups = useMemo(() => buildSidebar(mounts, vols.volumes), [mounts, vols.volumes]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const expanded = useMemo(() => {
    const s = new Set<string>();
    const walk = (n: VolumeNode) => {
      if (!collapsed.has(n.id)) s.add(n.id);
      n.children.forEach(walk);
    };
    for (const g of groups) for (const fs of g.filesystems) {
      if (!collapsed.has(fs.id)) s.add(fs.id);
      fs.children.forEach(walk);
    }
    return s;
  }, [groups, collapsed]);
  const rows = useMemo(() => visibleRows(groups, expanded), [groups, expanded]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [menuRow, setMenuRow] = useState<Row | null>(null);
  const rowRefs = useRef(new Map<string, HTMLElement>());

  // The row for where we are: the deepest one whose path holds the current folder.
  const activeId = useMemo(() => {
    if (!location) return null;
    let best: Row | null = null;
    for (const r of rows) {
      const p = r.node.path;
      if (p && isInside(location.path, p) && (!best || p.length >= (best.node.path?.length ?? 0))) best = r;
    }
    return best?.id ?? null;
  }, [rows, location]);

  useEffect(() => {
    if (activeId) rowRefs.current.get(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const toggle = (id: string, open?: boolean) =>
    setCollapsed((c) => {
      const n = new Set(c);
      const isOpen = !c.has(id);
      if (open ?? !isOpen) n.delete(id);
      else n.add(id);
      return n;
    });
  const activate = (r: Row) => {
    if (r.node.path) {
      openFolder(r.node.path);
      setView(appStore.get().view === 'compare' ? 'files' : appStore.get().view);
    } else if (!isFs(r.node) && r.node.volume) showLineage(r.node.volume.id);
  };
  const focusRow = (id: string) => {
    setFocusId(id);
    rowRefs.current.get(id)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent, r: Row, i: number) => {
    const hasKids = r.node.children.length > 0;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (rows[i + 1]) focusRow(rows[i + 1]!.id);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (rows[i - 1]) focusRow(rows[i - 1]!.id);
        break;
      case 'ArrowRight':
        e.preventDefault();
        if (hasKids && !expanded.has(r.id)) toggle(r.id, true);
        else if (hasKids && rows[i + 1]) focusRow(rows[i + 1]!.id);
        break;
      case 'ArrowLeft': {
        e.preventDefault();
        if (hasKids && expanded.has(r.id)) toggle(r.id, false);
        else {
          for (let j = i - 1; j >= 0; j--) if (rows[j]!.depth < r.depth) return focusRow(rows[j]!.id);
        }
        break;
      }
      case 'Home':
        e.preventDefault();
        if (rows[0]) focusRow(rows[0].id);
        break;
      case 'End':
        e.preventDefault();
        if (rows.length) focusRow(rows[rows.length - 1]!.id);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        activate(r);
        break;
      case 'F10':
      case 'ContextMenu':
        if (e.key === 'F10' && !e.shiftKey) return;
        e.preventDefault();
        {
          const el = rowRefs.current.get(r.id);
          const b = el?.getBoundingClientRect();
          if (el && b) el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: b.left + 60, clientY: b.bottom - 4 }));
        }
        break;
    }
  };

  const tabStop = focusId && rows.some((r) => r.id === focusId) ? focusId : (activeId ?? rows[0]?.id ?? null);
  const volumesError = vols.status === 'error' && !vols.data ? toErrorInfo(vols.error).message : null;

  return (
    <nav aria-label="Filesystems" data-testid="sidebar" className="flex h-full min-h-0 flex-col bg-sidebar">
      <div className="flex h-10 shrink-0 items-center justify-between pr-1.5 pl-4">
        <span className="text-[11.5px] font-semibold tracking-wider text-fg-subtle uppercase">Filesystems</span>
        <IconButton
          label="Rescan filesystems"
          shortcut="F5"
          className="h-7 w-7"
          onClick={() => invalidateMethods('probe', 'volumes')}
        >
          {status === 'loading' && !data ? <Spinner size={14} /> : <RefreshCw size={14} />}
        </IconButton>
      </div>
      <CM.Root onOpenChange={(o) => !o && setMenuRow(null)}>
        <CM.Trigger asChild>
          <div role="tree" aria-label="Filesystems and volumes" data-testid="sidebar-tree" data-region="sidebar" className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
            {groups.map((g) => (
              <div key={g.kind} role="group" aria-label={g.label} className="mb-2">
                <div className="px-2 pt-2 pb-1 text-[11px] font-semibold text-fg-subtle">{g.label}</div>
                {rows
                  .map((r, i) => ({ r, i }))
                  .filter(({ r }) => g.filesystems.includes(r.fs))
                  .map(({ r, i }) => (
                    <TreeRow
                      key={r.id}
                      row={r}
                      active={r.id === activeId}
                      expanded={expanded.has(r.id)}
                      tabbable={r.id === tabStop}
                      refCb={(el) => (el ? rowRefs.current.set(r.id, el) : rowRefs.current.delete(r.id))}
                      onToggle={() => toggle(r.id)}
                      onActivate={() => {
                        setFocusId(r.id);
                        activate(r);
                      }}
                      onKeyDown={(e) => onKeyDown(e, r, i)}
                      onMenu={() => setMenuRow(r)}
                    />
                  ))}
                {g.kind !== 'xfs' && g.kind !== 'ext4' && g.kind !== 'other' && volumesError && (
                  <div className="mx-2 mt-1 rounded-md bg-hover px-2 py-1.5 text-[11.5px] leading-snug text-fg-muted">Subvolumes and datasets could not be listed: {volumesError}</div>
                )}
              </div>
            ))}
            {!groups.length && status !== 'loading' && <div className="px-3 py-4 text-[12.5px] text-fg-muted">No filesystems found.</div>}
          </div>
        </CM.Trigger>
        {menuRow && <SidebarMenu row={menuRow} />}
      </CM.Root>
    </nav>
  );
}

function TreeRow({
  row,
  active,
  expanded,
  tabbable,
  refCb,
  onToggle,
  onActivate,
  onKeyDown,
  onMenu,
}: {
  row: Row;
  active: boolean;
  expanded: boolean;
  tabbable: boolean;
  refCb: (el: HTMLElement | null) => void;
  onToggle: () => void;
  onActivate: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
  onMenu: () => void;
}) {
  const n = row.node;
  const fs = isFs(n);
  const hasKids = n.children.length > 0;
  const icon = fs ? (
    n.mount.kind === 'zfs' ? <Database size={16} /> : <HardDrive size={16} />
  ) : n.isClone ? (
    <GitBranch size={15} className="text-clone" />
  ) : n.volume?.kind === 'zfs' ? (
    <Database size={15} />
  ) : (
    <FolderTree size={15} />
  );
  return (
    <div
      ref={refCb}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={hasKids ? expanded : undefined}
      aria-selected={active}
      aria-current={active ? 'location' : undefined}
      tabIndex={tabbable ? 0 : -1}
      data-testid={fs ? 'sidebar-fs' : 'sidebar-volume'}
      data-id={fs ? n.mount.mountpoint : n.id}
      data-path={n.path ?? undefined}
      onClick={onActivate}
      onKeyDown={onKeyDown}
      onContextMenu={onMenu}
      className={cn(
        'group flex cursor-default items-start gap-1 rounded-md py-1 pr-2 outline-none focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-inset',
        active ? 'bg-accent-soft text-fg' : 'hover:bg-hover',
        !n.path && 'opacity-70',
      )}
      style={{ paddingLeft: 4 + row.depth * 14 }}
      title={n.path ?? 'Not mounted'}
    >
      <button
        type="button"
        tabIndex={-1}
        aria-hidden
        onClick={(e) => {
          e.stopPropagation();
          onToggle();
        }}
        className={cn('mt-[3px] flex h-4 w-4 shrink-0 items-center justify-center rounded text-fg-subtle hover:text-fg', !hasKids && 'invisible')}
      >
        <ChevronRight size={13} className={cn('transition-transform', expanded && 'rotate-90')} />
      </button>
      <span className={cn('mt-[2px] shrink-0', active ? 'text-accent-text' : 'text-fg-muted')}>{icon}</span>
      <div className="ml-1 min-w-0 flex-1">
        <div className={cn('truncate text-[13px] leading-5', fs && 'font-medium', active && 'font-semibold')}>{n.label}</div>
        {fs && (
          <>
            <div className="truncate text-left text-[11px] leading-4 text-fg-subtle [direction:rtl]" title={`${n.mount.mountpoint} · ${n.mount.source} · ${n.mount.fstype}`}>
              <span dir="ltr">{n.sublabel}</span>
            </div>
            <div className="mt-1 mb-0.5">
              <CapabilityBadges mount={n.mount} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function SidebarMenu({ row }: { row: Row }) {
  const n = row.node;
  const volume: Volume | null = isFs(n) ? n.volume : n.volume;
  const mount: Mount = row.fs.mount;
  const snap = mount.capabilities.snapshot;
  return (
    <MenuContent label="Volume actions" returnFocusTo={treeEl}>
      <MenuItem icon={<FolderOpen size={15} />} label="Open" disabledReason={n.path ? null : 'Not mounted'} onSelect={() => n.path && openFolder(n.path)} />
      <MenuItem icon={<Network size={15} />} label="Show lineage" disabledReason={volume ? null : 'Not a subvolume or dataset Cowshed could list'} onSelect={() => volume && showLineage(volume.id)} />
      <MenuSeparator />
      <MenuItem
        icon={<Camera size={15} />}
        label="New snapshot…"
        needsAdmin={snap.needsAdmin}
        disabledReason={!snap.ok ? (snap.reason ?? 'Not available') : volume ? null : 'Not a subvolume or dataset Cowshed could list'}
        onSelect={() => volume && openDialog({ kind: 'create-snapshot', volume, mount })}
      />
    </MenuContent>
  );
}
