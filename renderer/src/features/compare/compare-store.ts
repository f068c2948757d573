import type { DiffChange } from '../../../../shared/contract/index';
import type { Job } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { setView } from '../../app/app-store';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';
import { createStore } from '../../lib/store';
import { waitForJob } from '../jobs/jobs-store';

/** One comparison: two sides, its job, and the changes streamed so far. */
export interface Comparison {
  a: string;
  b: string;
  aLabel: string;
  bLabel: string;
  jobId: string | null;
  state: 'starting' | Job['state'];
  changes: DiffChange[];
  error: ErrorInfo | null;
}

export const compareStore = createStore<Comparison | null>(null);

/** Changes that arrived per job id (they can arrive before the job id is known here). */
const buffered = new Map<string, DiffChange[]>();
let listening = false;

function listen() {
  if (listening) return;
  listening = true;
  getClient().on('diffChanges', ({ jobId, changes }) => {
    const cur = compareStore.get();
    if (cur?.jobId === jobId) compareStore.set({ ...cur, changes: cur.changes.concat(changes) });
    else buffered.set(jobId, (buffered.get(jobId) ?? []).concat(changes));
  });
}

/** Compare two snapshots, or a snapshot and live: a job whose changes stream in. */
export async function startCompare(req: { a: string; b: string; aLabel: string; bLabel: string }): Promise<void> {
  listen();
  buffered.clear();
  compareStore.set({ ...req, jobId: null, state: 'starting', changes: [], error: null });
  setView('compare');
  try {
    const job = await getClient().call('diff', { a: req.a, b: req.b });
    const early = buffered.get(job.id) ?? [];
    buffered.delete(job.id);
    compareStore.set((c) => (c && c.a === req.a && c.b === req.b ? { ...c, jobId: job.id, state: job.state, changes: c.changes.concat(early) } : c));
    const end = await waitForJob(job);
    const result = end.result as { changes?: DiffChange[] } | undefined;
    compareStore.set((c) => {
      if (!c || c.jobId !== job.id) return c;
      const changes = c.changes.length === 0 && Array.isArray(result?.changes) ? result.changes : c.changes;
      return { ...c, state: end.state, changes, error: end.error ? toErrorInfo(end.error) : null };
    });
  } catch (e) {
    compareStore.set((c) => (c ? { ...c, state: 'failed', error: toErrorInfo(e) } : c));
  }
}

export function closeCompare(): void {
  compareStore.set(null);
  setView('files');
}
