import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import { CommandError, run, type RunOptions, type RunResult } from '../../exec/run';
import type { JobContext } from '../../jobs/jobs';
import { detectZfs } from '../../probe/tools';
import { classifyZfs } from './errors';
import { zfsFeatures, type ZfsFeatures } from './features';

/** Run a read-only zfs / zpool command with the ZFS error table. */
export function zfsRead(args: readonly string[], opts: RunOptions & { tool?: 'zfs' | 'zpool' } = {}): Promise<RunResult> {
  const { tool = 'zfs', ...rest } = opts;
  return run(tool, args, { timeoutMs: 120_000, classify: classifyZfs, ...rest });
}

let detected: Promise<ZfsFeatures> | null = null;

/** What the installed zfs can do: from the probe's tool detection, or detected here once when the probe skipped zfs. */
export async function featuresOf(ctx: CoreContext): Promise<ZfsFeatures> {
  const { toolset } = await ctx.probe();
  if (toolset.zfs.flavor || !toolset.zfs.path) {
    if (!toolset.zfs.path) throw new CowshedError('TOOL_MISSING', 'zfs is not installed (OpenZFS or zfs-fuse).');
    return zfsFeatures(toolset.zfs);
  }
  detected ??= detectZfs().then(zfsFeatures);
  return detected;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((res) => {
    const t = setTimeout(res, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), res()), { once: true });
  });

/** Waits between attempts when zfs says "dataset is busy" (zfs-fuse does, for a moment, after every unmount). */
export const BUSY_BACKOFF_MS = [150, 300, 500, 800, 1000, 1000, 1000, 1000, 1000, 1500, 1500];

/** Retry `f` while it fails with BUSY, bounded by BUSY_BACKOFF_MS; `stillBusy` may veto a retry (e.g. a hold). */
export async function retryBusy<T>(f: () => Promise<T>, opts: { signal?: AbortSignal; retryIf?: () => Promise<boolean> } = {}): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      const busy = e instanceof CommandError && e.code === 'BUSY';
      if (!busy || i >= BUSY_BACKOFF_MS.length || opts.signal?.aborted) throw e;
      if (opts.retryIf && !(await opts.retryIf())) throw e;
      await sleep(BUSY_BACKOFF_MS[i]!, opts.signal);
    }
  }
}

/** Run a zfs command that changes something: journaled, on the job console, classified, busy retried. */
export function zfsChange(
  ctx: CoreContext,
  verb: string,
  args: readonly string[],
  opts: { job?: JobContext; retryIf?: () => Promise<boolean>; tool?: 'zfs' | 'zpool' } = {},
): Promise<RunResult> {
  return retryBusy(() => ctx.mutate(verb, opts.tool ?? 'zfs', args, { classify: classifyZfs, job: opts.job, timeoutMs: 600_000 }), {
    signal: opts.job?.signal,
    retryIf: opts.retryIf,
  });
}

/** Whether zfs says the dataset is mounted right now. */
async function isMounted(name: string): Promise<boolean> {
  try {
    const r = await zfsRead(['get', '-H', '-o', 'value', 'mounted', name]);
    return r.stdout.trim() === 'yes';
  } catch {
    return false;
  }
}

/**
 * Rename a filesystem. zfs-fuse cannot rename a mounted filesystem ("dataset is busy" forever), so there it
 * is unmounted first, renamed with the busy retry, and mounted again under its new name.
 */
export async function renameDataset(
  ctx: CoreContext,
  f: ZfsFeatures,
  from: string,
  to: string,
  opts: { job?: JobContext; remount?: boolean } = {},
): Promise<void> {
  if (f.flavor !== 'zfs-fuse') {
    await zfsChange(ctx, 'rename', ['rename', from, to], opts);
    return;
  }
  const wasMounted = await isMounted(from);
  if (wasMounted) await zfsChange(ctx, 'unmount', ['unmount', from], opts);
  try {
    await zfsChange(ctx, 'rename', ['rename', from, to], opts);
  } catch (e) {
    if (wasMounted) await zfsChange(ctx, 'mount', ['mount', from], opts).catch(() => undefined);
    throw e;
  }
  if (wasMounted && opts.remount !== false && !(await isMounted(to))) await zfsChange(ctx, 'mount', ['mount', to], opts);
}
