import { lazy, Suspense, useState } from 'react';
import { compareStore } from '../features/compare/compare-store';
import { CompareView } from '../features/compare/compare-view';
import { ErrorDetailsDialog } from '../features/errors/error-details-dialog';
import { Toasts } from '../features/errors/toasts';
import { FilePane } from '../features/browser/file-pane';
import { JobsPanel } from '../features/jobs/jobs-panel';
import { PlanDialog } from '../features/plans/plan-dialog';
import { Sidebar } from '../features/sidebar/sidebar';
import { TimelinePanel } from '../features/timeline/timeline-panel';
import { useStore } from '../lib/store';
import { TooltipProvider } from '../ui/tooltip';
import { Splitter } from '../ui/splitter';
import { Spinner } from '../ui/spinner';
import { appStore } from './app-store';
import { DialogHost } from './dialog-host';
import { useGlobalShortcuts } from './shortcuts';
import { StatusBar } from './status-bar';
import { useTheme } from './theme';
import { Toolbar } from './toolbar';
import { useStartup } from './use-startup';

// The graph libraries (React Flow, ELK) load when the lineage view is first opened.
const LineageView = lazy(async () => ({ default: (await import('../features/lineage/lineage-view')).LineageView }));

/** Files or lineage; a comparison stays mounted while hidden so its diff job keeps running. */
function MainView() {
  const view = useStore(appStore, (s) => s.view);
  const comparing = useStore(compareStore, (c) => c !== null);
  return (
    <>
      {view === 'files' && <FilePane />}
      {view === 'lineage' && (
        <Suspense fallback={<div className="flex h-full items-center justify-center"><Spinner /></div>}>
          <LineageView />
        </Suspense>
      )}
      {(comparing || view === 'compare') && (
        <div className={view === 'compare' ? 'h-full' : 'hidden'}>
          <CompareView />
        </div>
      )}
    </>
  );
}

/** The window: header bar, sidebar, main view with the timeline beside it, jobs below, status bar. */
export function App() {
  useTheme();
  useStartup();
  useGlobalShortcuts();
  const panels = useStore(appStore, (s) => s.panels);
  const [sidebarW, setSidebarW] = useState(280);
  const [timelineW, setTimelineW] = useState(304);
  const [jobsH, setJobsH] = useState(220);
  return (
    <TooltipProvider>
      <div className="flex h-full flex-col bg-window text-fg" data-testid="app">
        <Toolbar />
        <div className="flex min-h-0 flex-1">
          {panels.sidebar && (
            <>
              <div className="min-h-0 shrink-0 border-r border-line" style={{ width: sidebarW }}>
                <Sidebar />
              </div>
              <Splitter label="Resize sidebar" orientation="vertical" edge="before" value={sidebarW} min={200} max={480} onChange={setSidebarW} />
            </>
          )}
          <main className="flex min-w-0 flex-1 flex-col">
            <div className="flex min-h-0 flex-1">
              <div className="min-w-0 flex-1">
                <MainView />
              </div>
              {panels.timeline && (
                <>
                  <Splitter label="Resize timeline" orientation="vertical" edge="after" value={timelineW} min={240} max={520} onChange={setTimelineW} />
                  <div className="min-h-0 shrink-0" style={{ width: timelineW }}>
                    <TimelinePanel />
                  </div>
                </>
              )}
            </div>
            {panels.jobs && (
              <>
                <Splitter label="Resize jobs panel" orientation="horizontal" edge="after" value={jobsH} min={120} max={560} onChange={setJobsH} />
                <div className="min-h-0 shrink-0 border-t border-line" style={{ height: jobsH }}>
                  <JobsPanel />
                </div>
              </>
            )}
          </main>
        </div>
        <StatusBar />
        <DialogHost />
        <PlanDialog />
        <ErrorDetailsDialog />
        <Toasts />
      </div>
    </TooltipProvider>
  );
}
