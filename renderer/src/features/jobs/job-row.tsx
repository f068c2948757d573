import { Ban, ChevronRight, CircleCheck, CircleX, Clock, LoaderCircle, Square, TerminalSquare } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { Job } from '../../../../shared/domain';
import { cn } from '../../lib/cn';
import { toErrorInfo } from '../../lib/errors';
import { Button } from '../../ui/button';
import { CommandBlock } from '../../ui/command-block';
import { ProgressBar } from '../../ui/progress-bar';
import { showErrorDetails } from '../errors/toast-store';
import { JobConsoleSlot } from './job-console-slot';
import { describeResult, formatCounter, formatDuration, fraction } from './job-text';
import { cancelJob } from './jobs-store';

const STATE_ICON: Record<Job['state'], React.ReactNode> = {
  queued: <Clock size={16} className="text-fg-subtle" />,
  running: <LoaderCircle size={16} className="animate-spin text-accent" />,
  done: <CircleCheck size={16} className="text-success" />,
  failed: <CircleX size={16} className="text-danger" />,
  cancelled: <Ban size={16} className="text-fg-subtle" />,
};

const STATE_LABEL: Record<Job['state'], string> = { queued: 'Waiting', running: 'Running', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

/** Re-render every second while a job runs (for its elapsed time). */
function useTick(active: boolean) {
  const [, set] = useState(0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => set((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [active]);
}

/** One job: state, progress with files and bytes, cancel; result or failure; console one click away. */
export function JobRow({ job }: { job: Job }) {
  const [open, setOpen] = useState(false);
  const live = job.state === 'running' || job.state === 'queued';
  useTick(live);
  const result = job.state === 'done' ? describeResult(job) : null;
  const err = job.error ? toErrorInfo(job.error) : null;
  const f = fraction(job.progress);
  return (
    <li data-testid="job-row" data-state={job.state} data-kind={job.kind} className="border-b border-line last:border-b-0">
      <div className="flex items-center gap-3 px-4 py-2.5">
        <div className="shrink-0">{STATE_ICON[job.state]}</div>
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2">
            <span className="truncate text-[13px] font-medium text-fg" title={job.title}>
              {job.title}
            </span>
            <span className="shrink-0 text-[11.5px] text-fg-subtle">
              {STATE_LABEL[job.state]} · {formatDuration(job)}
            </span>
          </div>
          {live && (
            <div className="mt-1.5 flex items-center gap-3">
              <ProgressBar value={job.state === 'queued' ? 0 : f} className="max-w-[420px] flex-1" />
              <span className="tabular shrink-0 text-[11.5px] text-fg-muted">
                {job.progress ? formatCounter(job.progress) : 'Working…'}
                {job.secondary ? ` · ${formatCounter(job.secondary)}` : ''}
              </span>
            </div>
          )}
          {result && <div className="selectable mt-0.5 truncate text-[12px] text-fg-muted" title={result}>{result}</div>}
          {err && (
            <div className="mt-0.5 flex items-baseline gap-2 text-[12px]">
              <span className="selectable min-w-0 text-danger-text">{err.message}</span>
              <button type="button" className="shrink-0 font-medium text-accent-text hover:underline" onClick={() => showErrorDetails(err)}>
                {err.command ? 'Command and output' : 'Details'}
              </button>
            </div>
          )}
        </div>
        {live && job.cancellable && (
          <Button size="sm" icon={<Square size={11} className="fill-current" />} onClick={() => void cancelJob(job.id)} aria-label={`Cancel ${job.title}`}>
            Cancel
          </Button>
        )}
        <button
          type="button"
          aria-expanded={open}
          aria-label={open ? 'Hide output' : 'Show output'}
          onClick={() => setOpen(!open)}
          className="flex h-7 items-center gap-1 rounded-md px-1.5 text-[12px] text-fg-muted hover:bg-hover hover:text-fg"
        >
          <TerminalSquare size={14} />
          <ChevronRight size={14} className={cn('transition-transform', open && 'rotate-90')} />
        </button>
      </div>
      {open && (
        <div className="mx-4 mb-3 flex flex-col gap-2">
          {job.commands && job.commands.length > 0 && <CommandBlock commands={job.commands} label="Commands run" />}
          <div className="overflow-hidden rounded-lg border border-line bg-view">
            <JobConsoleSlot jobId={job.id} />
          </div>
        </div>
      )}
    </li>
  );
}
