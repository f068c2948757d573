import { lstatSync } from 'node:fs';
import type { DiffChange, DiffSummary } from '../../../shared/contract/history';
import type { Job } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobContext } from '../jobs/jobs';
import { resolveTarget } from '../resolve';
import { btrfsSendDiff, replayBtrfsSend, zfsDiff, type EngineIO, type Replayed } from './diff-engines';
import { BTRFS_SUBVOL_ROOT_INO } from './locate';
import { openRoot, type Root } from './roots';
import { assertSameVolume, resolveSide, type Side } from './sides';
import { treeDiff } from './tree-diff';

/**
 * `diff A B` as a job: pick the kernel-assisted engine where it exists (btrfs send between two read-only
 * snapshots, OpenZFS zfs diff from a snapshot), else compare the trees; stream changes as `diffChanges`
 * events in batches; finish with counts.
 */

type Plan = { method: 'btrfs-send' | 'zfs-diff' | 'tree-walk'; reason?: string };

/** Which engine can compare these two sides, and why not the kernel one when it cannot. */
export function chooseEngine(a: Side, b: Side, isRoot: boolean): Plan {
  if (a.fs === 'btrfs' && b.fs === 'btrfs') {
    const cap = a.mount.capabilities.diff;
    if (!isRoot || cap.method !== 'btrfs-send') return { method: 'tree-walk', reason: cap.reason ?? 'btrfs send needs administrator rights' };
    if (!a.info.readonly || !b.info.readonly)
      return { method: 'tree-walk', reason: 'btrfs send needs both sides to be read-only snapshots; the live subvolume is compared as a tree' };
    return { method: 'btrfs-send' };
  }
  if (a.fs === 'zfs' && b.fs === 'zfs') {
    if (!a.openzfs) return { method: 'tree-walk', reason: 'zfs-fuse has no zfs diff' };
    if (a.snapshot === null) return { method: 'tree-walk', reason: 'zfs diff needs the older side to be a snapshot' };
    if (!a.mount) return { method: 'tree-walk', reason: `${a.dataset} is not mounted` };
    return { method: 'zfs-diff' };
  }
  return { method: 'tree-walk' };
}

/** When the older of two sides was taken (epoch seconds); null when neither is a snapshot with a known time. */
export function olderTime(a: Side, b: Side): number | null {
  const times = [a.created, b.created].filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

const emptyCounts = () => ({ added: 0, removed: 0, modified: 0, renamed: 0 });

/** Resolve and check both sides now (bad input fails the call), then run the comparison as a job. */
export async function startDiff(ctx: CoreContext, aTarget: string, bTarget: string): Promise<Job> {
  // Both targets are checked before anything runs, so bad input never starts a process.
  const [ta, tb] = await Promise.all([resolveTarget(ctx, aTarget), resolveTarget(ctx, bTarget)]);
  const isRoot = process.getuid?.() === 0;
  // Two btrfs paths: the kernel starts on the send stream while the sides are checked (a failed check cancels it).
  const early = new AbortController();
  const progress: { fn?: (n: number) => void } = {};
  const result =
    isRoot && ta.kind === 'btrfs' && tb.kind === 'btrfs' && ta.path && tb.path && ta.path !== tb.path && subvolRoot(ta.path) && subvolRoot(tb.path)
      ? replayBtrfsSend(ta.path, tb.path, early.signal, progress)
      : undefined;
  result?.catch(() => undefined); // failures are handled where it is awaited
  const drop = () => early.abort();
  let a: Side, b: Side, plan: Plan;
  try {
    [a, b] = await Promise.all([resolveSide(ctx, aTarget), resolveSide(ctx, bTarget)]);
    assertSameVolume(a, b);
    if (a.fs === 'btrfs' && b.fs === 'btrfs' && a.path === b.path) throw new CowshedError('USAGE', 'A and B are the same subvolume.');
    if (a.fs === 'zfs' && b.fs === 'zfs' && a.snapshot === b.snapshot) throw new CowshedError('USAGE', 'A and B are the same.');
    plan = chooseEngine(a, b, isRoot);
  } catch (e) {
    drop();
    throw e;
  }
  if (plan.method !== 'btrfs-send') drop();
  return ctx.jobs.start({
    title: `Compare ${a.label} → ${b.label}`,
    kind: 'diff',
    key: null,
    cancellable: true,
    run: (job) => {
      job.signal.addEventListener('abort', drop, { once: true });
      return runDiff(ctx, job, a, b, plan, plan.method === 'btrfs-send' && result ? { result, progress } : undefined);
    },
  });
}

const subvolRoot = (p: string): boolean => {
  try {
    const st = lstatSync(p);
    return st.isDirectory() && st.ino === BTRFS_SUBVOL_ROOT_INO;
  } catch {
    return false;
  }
};

async function runDiff(ctx: CoreContext, job: JobContext, a: Side, b: Side, plan: Plan, early?: { result: Promise<Replayed>; progress: { fn?: (n: number) => void } }): Promise<DiffSummary> {
  const counts = emptyCounts();
  let pending: DiffChange[] = [];
  let lastFlush = Date.now();
  const flush = () => {
    if (!pending.length) return;
    ctx.emit('diffChanges', { jobId: job.id, changes: pending });
    pending = [];
    lastFlush = Date.now();
  };
  const emit = (changes: DiffChange[]) => {
    for (const c of changes) counts[c.change]++;
    pending.push(...changes);
    if (pending.length >= 1000 || Date.now() - lastFlush > 200) flush();
  };
  const roots: Root[] = [];
  try {
    const ra = await openRoot(ctx, a);
    roots.push(ra);
    const rb = await openRoot(ctx, b);
    roots.push(rb);
    const io: EngineIO = {
      roots: { a: ra.path, b: rb.path },
      fiemap: a.fs === 'btrfs',
      since: olderTime(a, b),
      signal: job.signal,
      emit,
      progress: (done, unit) => job.progress(done, null, unit),
      command: (argv) => job.command(argv),
    };
    let method = plan.method;
    let reason = plan.reason;
    if (method === 'btrfs-send' && a.fs === 'btrfs' && b.fs === 'btrfs') {
      try {
        await btrfsSendDiff(a.path, b.path, io, early);
      } catch (e) {
        // Nothing is emitted before the stream ends, so falling back cannot duplicate changes.
        if (job.signal.aborted || !(e instanceof CowshedError) || e.code === 'CANCELLED' || e.code === 'NOT_FOUND') throw e;
        method = 'tree-walk';
        reason = `btrfs send failed (${e.message}); compared the trees instead`;
        await walk(io);
      }
    } else if (method === 'zfs-diff' && a.fs === 'zfs' && b.fs === 'zfs') {
      try {
        await zfsDiff(`${a.dataset}@${a.snapshot}`, b.snapshot ? `${b.dataset}@${b.snapshot}` : b.dataset, a.mount!.mountpoint, io);
      } catch (e) {
        const sent = counts.added + counts.removed + counts.modified + counts.renamed;
        if (job.signal.aborted || sent > 0 || !(e instanceof CowshedError) || e.code !== 'NEEDS_ADMIN') throw e;
        method = 'tree-walk';
        reason = 'zfs diff needs the diff permission (zfs allow) or administrator rights; compared the trees instead';
        await walk(io);
      }
    } else await walk(io);
    flush();
    const summary: DiffSummary = { a: a.id, b: b.id, method, counts, total: counts.added + counts.removed + counts.modified + counts.renamed };
    if (reason) summary.fallbackReason = reason;
    return summary;
  } finally {
    flush();
    for (const r of roots) await r.release().catch(() => undefined);
  }
}

async function walk(io: EngineIO): Promise<void> {
  await treeDiff(io.roots.a, io.roots.b, {
    fiemap: io.fiemap,
    since: io.since,
    signal: io.signal,
    onChanges: io.emit,
    onProgress: (n) => io.progress(n, 'entries'),
  });
}
