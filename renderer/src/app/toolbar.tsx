import { ArrowLeft, ArrowRight, ArrowUp, Camera, FolderTree, GitCompareArrows, ListChecks, Network, PanelLeft, PanelRight, Search, Warehouse, X } from 'lucide-react';
import { useRef } from 'react';
import { dirName } from '../lib/paths';
import { cn } from '../lib/cn';
import { useStore } from '../lib/store';
import { Breadcrumbs } from '../features/browser/breadcrumbs';
import { closeCompare, compareStore } from '../features/compare/compare-store';
import { isTerminal, jobsStore } from '../features/jobs/jobs-store';
import { IconButton } from '../ui/icon-button';
import { Button } from '../ui/button';
import { Tooltip } from '../ui/tooltip';
import { appStore, goBack, goForward, openFolder, setFilter, setView, togglePanel, type MainView } from './app-store';
import { openDialog } from './dialog-store';
import { usePlace } from './use-place';

/** The view switcher: Files, Lineage, and Compare once a comparison exists. */
function ViewSwitcher() {
  const view = useStore(appStore, (s) => s.view);
  const hasCompare = useStore(compareStore, (c) => c !== null);
  const items: { id: MainView; label: string; icon: React.ReactNode; key: string }[] = [
    { id: 'files', label: 'Files', icon: <FolderTree size={14} />, key: 'Ctrl+1' },
    { id: 'lineage', label: 'Lineage', icon: <Network size={14} />, key: 'Ctrl+2' },
  ];
  if (hasCompare) items.push({ id: 'compare', label: 'Compare', icon: <GitCompareArrows size={14} />, key: 'Ctrl+3' });
  return (
    <div role="tablist" aria-label="View" className="flex h-8 shrink-0 items-center rounded-md bg-pressed/70 p-0.5">
      {items.map((it) => (
        <Tooltip key={it.id} content={it.key}>
          <button
            type="button"
            role="tab"
            aria-selected={view === it.id}
            data-testid={`view-${it.id}`}
            onClick={() => setView(it.id)}
            className={cn(
              'flex h-7 items-center gap-1.5 rounded-[5px] px-3 text-[12.5px] font-medium transition-colors',
              view === it.id ? 'bg-raised text-fg shadow-[0_1px_2px_rgb(0_0_0/0.12)]' : 'text-fg-muted hover:text-fg',
            )}
          >
            {it.icon}
            {it.label}
            {it.id === 'compare' && (
              <span
                role="button"
                tabIndex={-1}
                aria-label="Close comparison"
                onClick={(e) => {
                  e.stopPropagation();
                  closeCompare();
                }}
                className="-mr-1.5 ml-0.5 flex h-4 w-4 items-center justify-center rounded hover:bg-pressed"
              >
                <X size={11} />
              </span>
            )}
          </button>
        </Tooltip>
      ))}
    </div>
  );
}

/** The header bar: app, navigation, path bar, view switcher, filter and the main actions. */
export function Toolbar() {
  const { location, mount, volume } = usePlace();
  const back = useStore(appStore, (s) => s.back.length > 0);
  const fwd = useStore(appStore, (s) => s.forward.length > 0);
  const panels = useStore(appStore, (s) => s.panels);
  const filter = useStore(appStore, (s) => s.filter);
  const running = useStore(jobsStore, (js) => js.filter((j) => !isTerminal(j)).length);
  const filterRef = useRef<HTMLInputElement>(null);
  const snap = mount?.capabilities.snapshot;
  const atRoot = !location || !mount || location.path === mount.mountpoint;
  return (
    <header className="flex h-[52px] shrink-0 items-center gap-2 border-b border-line bg-header px-3" data-testid="toolbar">
      <div className="flex w-[218px] shrink-0 items-center gap-2 pl-1">
        <div className="flex h-7 w-7 items-center justify-center rounded-lg bg-gradient-to-br from-[#5b9bf0] to-[#2f6fd0] text-white shadow-sm">
          <Warehouse size={16} />
        </div>
        <span className="text-[14px] font-bold tracking-tight">Cowshed</span>
        <div className="flex-1" />
        <IconButton label={panels.sidebar ? 'Hide sidebar' : 'Show sidebar'} shortcut="F9" active={!panels.sidebar} onClick={() => togglePanel('sidebar')}>
          <PanelLeft size={16} />
        </IconButton>
      </div>
      <div className="flex items-center">
        <IconButton label="Back" shortcut="Alt+Left" disabled={!back} onClick={goBack}>
          <ArrowLeft size={16} />
        </IconButton>
        <IconButton label="Forward" shortcut="Alt+Right" disabled={!fwd} onClick={goForward}>
          <ArrowRight size={16} />
        </IconButton>
        <IconButton label="Enclosing folder" shortcut="Alt+Up" disabled={atRoot} onClick={() => location && openFolder(dirName(location.path))}>
          <ArrowUp size={16} />
        </IconButton>
      </div>
      <Breadcrumbs />
      <ViewSwitcher />
      <div className="relative w-[200px] shrink-0">
        <Search size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-fg-subtle" />
        <input
          ref={filterRef}
          data-filter-input
          aria-label="Filter this folder"
          placeholder="Filter  (Ctrl+F)"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setFilter('');
              document.querySelector<HTMLElement>('[data-testid="file-list"]')?.focus();
            }
            if (e.key === 'ArrowDown') document.querySelector<HTMLElement>('[data-testid="file-list"]')?.focus();
          }}
          className="h-8 w-full rounded-md border border-line bg-view pr-7 pl-8 text-[12.5px] text-fg outline-none placeholder:text-fg-subtle focus:border-accent focus:ring-3 focus:ring-accent-soft"
        />
        {filter && (
          <button type="button" aria-label="Clear filter" onClick={() => setFilter('')} className="absolute top-1/2 right-1.5 flex h-5 w-5 -translate-y-1/2 items-center justify-center rounded text-fg-subtle hover:bg-hover">
            <X size={12} />
          </button>
        )}
      </div>
      <Tooltip content={!snap?.ok ? snap?.reason : !volume ? 'This folder is not inside a subvolume or dataset' : 'Snapshot the current volume (Ctrl+Shift+S)'}>
        <span>
          <Button icon={<Camera size={15} />} disabled={!snap?.ok || !volume} onClick={() => volume && openDialog({ kind: 'create-snapshot', volume, mount })} data-testid="toolbar-snapshot">
            Snapshot
          </Button>
        </span>
      </Tooltip>
      <div className="relative">
        <IconButton label={panels.jobs ? 'Hide jobs' : 'Show jobs'} shortcut="Ctrl+J" active={panels.jobs} onClick={() => togglePanel('jobs')} data-testid="toggle-jobs">
          <ListChecks size={17} />
        </IconButton>
        {running > 0 && <span className="pointer-events-none absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-accent px-1 text-[10px] font-bold text-white">{running}</span>}
      </div>
      <IconButton label={panels.timeline ? 'Hide timeline' : 'Show timeline'} shortcut="F8" active={!panels.timeline} onClick={() => togglePanel('timeline')}>
        <PanelRight size={16} />
      </IconButton>
    </header>
  );
}
