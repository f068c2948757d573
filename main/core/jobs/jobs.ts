import { randomUUID } from 'node:crypto';
import { CowshedError, toErrorPayload } from '../../../shared/errors';
import type { Job } from '../../../shared/domain';

/** What a job's body gets: a signal for cancel and ways to report progress and output. */
export interface JobContext {
  id: string;
  signal: AbortSignal;
  progress(done: number, total: number | null, unit: string): void;
  secondary(done: number, total: number | null, unit: string): void;
  /** Record a command the job runs (shown on top of the console). */
  command(argv: readonly string[]): void;
  output(stream: 'stdout' | 'stderr' | 'info', text: string, argv?: readonly string[]): void;
}

export interface JobSpec<T> {
  title: string;
  kind: string;
  /** Serialisation key: mutating jobs with the same key run one at a time, in order. */
  key: string | null;
  cancellable?: boolean;
  run(ctx: JobContext): Promise<T>;
}

type Listener = (job: Job) => void;
type OutputListener = (o: { jobId: string; stream: 'stdout' | 'stderr' | 'info'; text: string; argv?: string[] }) => void;

/** Runs jobs, serialises them per key, and reports progress and results as events. */
export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly done = new Map<string, Promise<Job>>();
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<Listener>();
  private readonly outputListeners = new Set<OutputListener>();
  private readonly keep = 200;

  onUpdate(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onOutput(l: OutputListener): () => void {
    this.outputListeners.add(l);
    return () => this.outputListeners.delete(l);
  }

  list(): Job[] {
    return [...this.jobs.values()].reverse();
  }

  get(id: string): Job {
    const j = this.jobs.get(id);
    if (!j) throw new CowshedError('NOT_FOUND', `There is no job ${id}.`);
    return j;
  }

  /** Resolves when the job has finished (in any state). */
  wait(id: string): Promise<Job> {
    this.get(id);
    return this.done.get(id)!;
  }

  cancel(id: string): Job {
    const j = this.get(id);
    if (j.state === 'queued' || j.state === 'running') {
      if (!j.cancellable) throw new CowshedError('NOT_SUPPORTED', `“${j.title}” cannot be cancelled once it has started.`);
      this.controllers.get(id)?.abort();
    }
    return this.get(id);
  }

  private emit(j: Job) {
    for (const l of this.listeners) l(structuredClone(j));
  }

  private update(id: string, patch: Partial<Job>) {
    const j = this.jobs.get(id);
    if (!j) return;
    Object.assign(j, patch);
    this.emit(j);
  }

  /** Start a job; returns its initial state at once. */
  start<T>(spec: JobSpec<T>): Job {
    const id = randomUUID();
    const ac = new AbortController();
    const job: Job = {
      id,
      title: spec.title,
      kind: spec.kind,
      key: spec.key,
      state: 'queued',
      progress: null,
      secondary: null,
      cancellable: spec.cancellable ?? true,
      startedAt: null,
      finishedAt: null,
      commands: [],
    };
    this.jobs.set(id, job);
    this.controllers.set(id, ac);
    this.trim();
    let lastEmit = 0;
    const ctx: JobContext = {
      id,
      signal: ac.signal,
      progress: (done, total, unit) => {
        job.progress = { done, total, unit };
        const now = Date.now();
        if (now - lastEmit > 100 || (total !== null && done >= total)) {
          lastEmit = now;
          this.emit(job);
        }
      },
      secondary: (done, total, unit) => {
        job.secondary = { done, total, unit };
      },
      command: (argv) => {
        job.commands = [...(job.commands ?? []), [...argv]];
        this.emit(job);
        for (const l of this.outputListeners) l({ jobId: id, stream: 'info', text: '$ ' + argv.join(' ') + '\n', argv: [...argv] });
      },
      output: (stream, text, argv) => {
        for (const l of this.outputListeners) l({ jobId: id, stream, text, argv: argv ? [...argv] : undefined });
      },
    };
    const prev = spec.key ? (this.tails.get(spec.key) ?? Promise.resolve()) : Promise.resolve();
    const body = prev.then(async (): Promise<Job> => {
      if (ac.signal.aborted) {
        this.update(id, { state: 'cancelled', finishedAt: new Date().toISOString(), error: { code: 'CANCELLED', message: 'Cancelled before it started.' } });
        return job;
      }
      this.update(id, { state: 'running', startedAt: new Date().toISOString() });
      try {
        const result = await spec.run(ctx);
        this.update(id, { state: 'done', result, finishedAt: new Date().toISOString() });
      } catch (e) {
        const error = toErrorPayload(e);
        const cancelled = ac.signal.aborted || error.code === 'CANCELLED';
        this.update(id, { state: cancelled ? 'cancelled' : 'failed', error, finishedAt: new Date().toISOString() });
      } finally {
        this.controllers.delete(id);
      }
      return job;
    });
    const settled = body.catch(() => job);
    if (spec.key) this.tails.set(spec.key, settled);
    this.done.set(id, settled.then((j) => structuredClone(j)));
    this.emit(job);
    return structuredClone(job);
  }

  /** Run a job and wait for it; throws its error when it failed. */
  async runToEnd<T>(spec: JobSpec<T>): Promise<T> {
    const j = this.start(spec);
    const end = await this.wait(j.id);
    if (end.state !== 'done') throw new CowshedError(end.error?.code ?? 'INTERNAL', end.error?.message ?? 'Job failed', { command: end.error?.command });
    return end.result as T;
  }

  private trim() {
    if (this.jobs.size <= this.keep) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled') {
        this.jobs.delete(id);
        this.done.delete(id);
      }
    }
  }
}
