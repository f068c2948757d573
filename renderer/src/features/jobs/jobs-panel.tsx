import { ListChecks, X } from 'lucide-react';
import { useMemo } from 'react';
import { togglePanel } from '../../app/app-store';
import { useStore } from '../../lib/store';
import { Button } from '../../ui/button';
import { IconButton } from '../../ui/icon-button';
import { JobRow } from './job-row';
import { clearFinished, hiddenJobsStore, isTerminal, jobsStore } from './jobs-store';

/** The jobs panel: running jobs first with progress and cancel, then finished ones with their results. */
export function JobsPanel() {
  const jobs = useStore(jobsStore);
  const hidden = useStore(hiddenJobsStore);
  const visible = useMemo(() => {
    const v = jobs.filter((j) => !hidden.has(j.id));
    return [...v.filter((j) => !isTerminal(j)), ...v.filter(isTerminal)];
  }, [jobs, hidden]);
  const running = visible.filter((j) => !isTerminal(j)).length;
  return (
    <section aria-label="Jobs" data-testid="jobs-panel" className="flex h-full min-h-0 flex-col bg-panel">
      <header className="flex h-9 shrink-0 items-center gap-2 border-b border-line px-3">
        <ListChecks size={15} className="text-fg-muted" />
        <h2 className="text-[12.5px] font-semibold">Jobs</h2>
        <span className="text-[12px] text-fg-subtle">{running ? `${running} running` : visible.length ? 'All finished' : ''}</span>
        <div className="flex-1" />
        <Button size="sm" variant="ghost" disabled={!visible.some(isTerminal)} onClick={clearFinished}>
          Clear finished
        </Button>
        <IconButton label="Close jobs panel" shortcut="Ctrl+J" className="h-7 w-7" onClick={() => togglePanel('jobs', false)}>
          <X size={15} />
        </IconButton>
      </header>
      {visible.length === 0 ? (
        <div className="flex flex-1 items-center justify-center text-[12.5px] text-fg-subtle">
          No jobs yet. Clones, snapshots and plans you commit show their progress here.
        </div>
      ) : (
        <ul className="min-h-0 flex-1 overflow-y-auto">
          {visible.map((j) => (
            <JobRow key={j.id} job={j} />
          ))}
        </ul>
      )}
    </section>
  );
}
