import type { EventPayload } from '../../../../shared/contract/index';
import type { Job } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { createStore } from '../../lib/store';
import { invalidateMethods } from '../../lib/use-query';
import { reportError } from '../errors/toast-store';

/** Jobs by id, newest first. */
export const jobsStore = createStore<Job[]>([]);
/** Jobs the user cleared from the panel. */
export const hiddenJobsStore = createStore<ReadonlySet<string>>(new Set());
/** The last lines of output per job (the console's fallback view). */
export const jobOutputStore = createStore<ReadonlyMap<string, EventPayload<'jobOutput'>[]>>(new Map());

export const isTerminal = (j: Pick<Job, 'state'>): boolean => j.state === 'done' || j.state === 'failed' || j.state === 'cancelled';

const waiters = new Map<string, ((j: Job) => void)[]>();
const MAX_LINES = 400;

/** Insert or update one job; fires waiters and refreshes data when it finishes. */
export function upsertJob(job: Job): void {
  const before = jobsStore.get().find((j) => j.id === job.id);
  jobsStore.set((list) => {
    const i = list.findIndex((j) => j.id === job.id);
    if (i === -1) return [job, ...list].slice(0, 200);
    const next = list.slice();
    next[i] = job;
    return next;
  });
  if (isTerminal(job) && (!before || !isTerminal(before))) {
    // What a job changed is re-read, never patched in optimistically.
    invalidateMethods('listDir', 'snapshots', 'lineage', 'volumes', 'fileInfo', 'versions', 'space', 'probe');
    for (const w of waiters.get(job.id) ?? []) w(job);
    waiters.delete(job.id);
  }
}

/** Wait until a job ends (events, with the core's own wait as a backstop). */
export function waitForJob(job: Job): Promise<Job> {
  upsertJob(job);
  if (isTerminal(job)) return Promise.resolve(job);
  return new Promise((resolve) => {
    let settled = false;
    const done = (j: Job) => {
      if (settled) return;
      settled = true;
      resolve(j);
    };
    waiters.set(job.id, [...(waiters.get(job.id) ?? []), done]);
    getClient()
      .call('job', { id: job.id, wait: true })
      .then((j) => upsertJob(j))
      .catch(() => undefined);
  });
}

/** Ask the core to cancel a job. */
export async function cancelJob(id: string): Promise<void> {
  try {
    upsertJob(await getClient().call('cancelJob', { id }));
  } catch (e) {
    reportError('Could not cancel the job', e);
  }
}

export function clearFinished(): void {
  hiddenJobsStore.set((h) => new Set([...h, ...jobsStore.get().filter(isTerminal).map((j) => j.id)]));
}

let started = false;
/** Subscribe to job events and load the current jobs (once per app). */
export function startJobTracking(): void {
  if (started) return;
  started = true;
  const client = getClient();
  client.on('jobUpdated', (j) => upsertJob(j));
  client.on('jobOutput', (o) =>
    jobOutputStore.set((m) => {
      const next = new Map(m);
      next.set(o.jobId, [...(m.get(o.jobId) ?? []), o].slice(-MAX_LINES));
      return next;
    }),
  );
  client
    .call('jobs', {})
    .then((list) => {
      for (const j of list.slice().reverse()) upsertJob(j);
    })
    .catch(() => undefined);
}
