import { CowshedError } from '../../../../shared/errors';
import type { JobContext } from '../../jobs/jobs';
import { readRows } from './read';
import { mountPath } from './model';
import { runOp, type PlanRunner } from './plan-exec';
import { cleanUp, guidsOf } from './run-rollback';
import { compareTrees } from './tree-compare';
import { splitSnapshot } from './world';
import type { ZfsFeatures } from './features';

/** Check a copy: same snapshot guids as the source, no origin, and (where both are mounted) the same files. */
async function verifyCopy(f: ZfsFeatures, source: string, snapshots: readonly string[], copy: string, signal: AbortSignal): Promise<void> {
  const shorts = snapshots.map((s) => splitSnapshot(s).short!);
  const g = await guidsOf([...snapshots, ...shorts.map((s) => `${copy}@${s}`)]);
  for (const [i, s] of snapshots.entries()) {
    const a = g.get(s);
    const b = g.get(`${copy}@${shorts[i]}`);
    if (!a || a !== b) throw new CowshedError('COMMAND_FAILED', `The copy is not verified: ${copy}@${shorts[i]} ${b ? `has guid ${b}, not ${a}` : 'is missing'}.`);
  }
  const [src, dst] = await Promise.all([readRows(f, ['mountpoint', 'mounted', 'origin'], [source]), readRows(f, ['mountpoint', 'mounted', 'origin'], [copy])]);
  if (dst[0]?.origin) throw new CowshedError('COMMAND_FAILED', `The copy ${copy} still has an origin (${dst[0].origin}).`);
  const a = src[0] ? mountPath(src[0]) : null;
  const b = dst[0] ? mountPath(dst[0]) : null;
  if (a && b) {
    // The last snapshot is the moment copied: compare with it where snapshots are browsable, else the live clone.
    const last = shorts[shorts.length - 1]!;
    const from = f.snapshotDir ? `${a === '/' ? '' : a}/.zfs/snapshot/${last}` : a;
    const diff = await compareTrees(from, b, signal);
    if (diff) throw new CowshedError('COMMAND_FAILED', `The copy differs from ${source}: ${diff}. (Was something writing to ${source} during the copy?)`);
  }
}

/**
 * Detach as a job: snapshot, copy (bytes progress, cancellable), verify, copy local properties, and with swap
 * rename the clone away, rename the copy into its place, destroy the old clone. Before the swap any failure
 * removes what was made and leaves the clone as it was; a failed rename is undone.
 */
export const runDetach: PlanRunner = async (ctx, f, draft, job) => {
  const opt = draft.options as { swap: boolean; newName: string; oldName: string; detachSnapshot: string };
  const copy = draft.ops.find((o) => o.op === 'copy')!;
  if (copy.op !== 'copy') throw new CowshedError('INTERNAL', 'Detach plan without a copy step.');
  // Up to the verified copy with its properties; then either the swap or removing the detach snapshot.
  const end = draft.ops.findIndex((o) => o.op === 'rename' || o.op === 'destroy');
  const before = end < 0 ? draft.ops : draft.ops.slice(0, end);
  const after = draft.ops.slice(before.length);
  const calm: JobContext = { ...job, signal: new AbortController().signal };
  try {
    for (const o of before) {
      await runOp(ctx, f, o, job);
      if (o === copy) await verifyCopy(f, draft.target, copy.snapshots, copy.to, job.signal);
    }
    if (job.signal.aborted) throw new CowshedError('CANCELLED', 'Cancelled.');
  } catch (e) {
    const left = await cleanUp(ctx, f, [opt.newName, opt.detachSnapshot], job);
    const why = e instanceof CowshedError ? e.message : String(e);
    throw new CowshedError(e instanceof CowshedError ? e.code : 'INTERNAL', `${why} ${draft.target} was left as it was${left.length ? ` (could not remove ${left.join(', ')})` : ''}.`, { cause: e, command: e instanceof CowshedError ? e.command : undefined });
  }
  if (!opt.swap) {
    const notes = [`${opt.newName} is an independent copy of ${draft.target} (no origin).`];
    for (const o of after) await runOp(ctx, f, o, calm).catch((e: Error) => notes.push(`Could not remove ${opt.detachSnapshot}: ${e.message}`));
    return { notes };
  }

  const [toOld, intoPlace, ...rest] = after;
  await runOp(ctx, f, toOld!, calm);
  try {
    await runOp(ctx, f, intoPlace!, calm);
  } catch (e) {
    await runOp(ctx, f, { op: 'rename', from: opt.oldName, to: draft.target }, calm).catch(() => undefined);
    throw e;
  }
  try {
    for (const o of rest) await runOp(ctx, f, o, calm);
  } catch (e) {
    throw new CowshedError((e as CowshedError).code ?? 'COMMAND_FAILED', `${draft.target} is now the independent copy, but finishing the swap failed: ${(e as Error).message} Destroy ${opt.oldName} later.`, { cause: e });
  }
  return { notes: [`${draft.target} is now independent (no origin); the old clone was destroyed.`] };
};
