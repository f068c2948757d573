import { useEffect, useRef, useState } from 'react';
import type { DiffChange, DiffSummary } from '../../../../shared/contract/index';
import type { Job } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';
import { cancelJob, waitForJob } from '../jobs/jobs-store';

/** A running or finished comparison as a component sees it. */
export interface DiffState {
  state: 'starting' | Job['state'];
  jobId: string | null;
  changes: DiffChange[];
  summary: DiffSummary | null;
  error: ErrorInfo | null;
}

const START: DiffState = { state: 'starting', jobId: null, changes: [], summary: null, error: null };

/**
 * Run `diff a b` and collect its streamed changes. Batches arriving before the job id is known are kept;
 * the screen is updated at most every 120 ms however fast they stream. Unmounting cancels a running job.
 */
export function useDiff(a: string, b: string): DiffState & { cancel: () => void } {
  const [s, setS] = useState<DiffState>(START);
  const jobRef = useRef<string | null>(null);
  useEffect(() => {
    let alive = true;
    let jobId: string | null = null;
    const early = new Map<string, DiffChange[]>();
    let acc: DiffChange[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const push = () => {
      timer = null;
      if (alive) setS((p) => ({ ...p, changes: acc }));
    };
    setS(START);
    const off = getClient().on('diffChanges', ({ jobId: id, changes }) => {
      if (jobId === null) early.set(id, (early.get(id) ?? []).concat(changes));
      else if (id === jobId) {
        acc = acc.concat(changes);
        timer ??= setTimeout(push, 120);
      }
    });
    (async () => {
      try {
        const job = await getClient().call('diff', { a, b });
        jobId = job.id;
        jobRef.current = job.id;
        acc = early.get(job.id) ?? [];
        if (alive) setS((p) => ({ ...p, jobId: job.id, state: job.state, changes: acc }));
        const end = await waitForJob(job);
        if (timer) clearTimeout(timer);
        if (alive)
          setS({ state: end.state, jobId: job.id, changes: acc, summary: (end.result as DiffSummary | undefined) ?? null, error: end.error ? toErrorInfo(end.error) : null });
      } catch (e) {
        if (alive) setS((p) => ({ ...p, state: 'failed', error: toErrorInfo(e) }));
      }
    })();
    return () => {
      alive = false;
      off();
      if (timer) clearTimeout(timer);
      if (jobRef.current) void cancelJob(jobRef.current).catch(() => undefined);
      jobRef.current = null;
    };
  }, [a, b]);
  return { ...s, cancel: () => void (s.jobId && cancelJob(s.jobId)) };
}

/** Counts per kind of change. */
export function countChanges(changes: readonly DiffChange[]): Record<DiffChange['change'], number> {
  const n = { added: 0, removed: 0, modified: 0, renamed: 0 };
  for (const c of changes) n[c.change]++;
  return n;
}
