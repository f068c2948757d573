import type { EventPayload } from '../../../../shared/contract/index';
import { getClient } from '../../client/index';

/** One piece of a job's console: a command line (argv) or a chunk of its output. */
export type ConsoleChunk = EventPayload<'jobOutput'>;
type Listener = (c: ConsoleChunk) => void;

const MAX_BYTES_PER_JOB = 2 * 1024 * 1024;
const MAX_JOBS = 50;
const chunks = new Map<string, { list: ConsoleChunk[]; bytes: number }>();
const listeners = new Map<string, Set<Listener>>();
let tracking = false;

function keep(c: ConsoleChunk): void {
  let b = chunks.get(c.jobId);
  if (!b) {
    if (chunks.size >= MAX_JOBS) chunks.delete(chunks.keys().next().value!);
    chunks.set(c.jobId, (b = { list: [], bytes: 0 }));
  }
  b.list.push(c);
  b.bytes += c.text.length;
  while (b.bytes > MAX_BYTES_PER_JOB && b.list.length > 1) b.bytes -= b.list.shift()!.text.length;
  for (const l of listeners.get(c.jobId) ?? []) l(c);
}

/**
 * Start keeping every job's console output (bounded per job). Call once at startup so a console opened later
 * shows the whole story; the console calls it too when it first mounts.
 */
export function startConsoleTracking(): void {
  if (tracking) return;
  tracking = true;
  getClient().on('jobOutput', keep);
}

/** What a job has printed so far (as kept). */
export function consoleChunks(jobId: string): readonly ConsoleChunk[] {
  return chunks.get(jobId)?.list ?? [];
}

/** Follow a job's console live. */
export function onConsoleChunk(jobId: string, l: Listener): () => void {
  const set = listeners.get(jobId) ?? new Set();
  set.add(l);
  listeners.set(jobId, set);
  return () => set.delete(l);
}
