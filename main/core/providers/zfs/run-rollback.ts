import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import type { JobContext } from '../../jobs/jobs';
import { zfsRead } from './exec';
import type { ZfsFeatures } from './features';
import { runOp, type PlanRunner } from './plan-exec';
import { splitSnapshot } from './world';

/** guid of each name (exact, from `zfs get -p`), missing names left out. */
export async function guidsOf(names: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (names.length === 0) return out;
  const r = await zfsRead(['get', '-H', '-p', '-o', 'name,value', 'guid', ...names]).catch(() => null);
  for (const line of r?.stdout.split('\n') ?? []) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) out.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return out;
}

/** Whether a dataset or snapshot exists right now. */
export async function exists(name: string): Promise<boolean> {
  return (await guidsOf([name])).has(name);
}

/** Destroy what a failed step left behind, ignoring errors (the original is never among these). */
export async function cleanUp(ctx: CoreContext, f: ZfsFeatures, names: readonly string[], job: JobContext): Promise<string[]> {
  const left: string[] = [];
  for (const n of names) {
    if (!(await exists(n))) continue;
    // Cleanup must run even when the job was cancelled: use a context without the cancelled signal.
    const calm: JobContext = { ...job, signal: new AbortController().signal };
    await runOp(ctx, f, { op: 'destroy', name: n, recursive: !n.includes('@') }, calm).catch(() => left.push(n));
  }
  return left;
}

/**
 * Roll back with a safety copy: snapshot the current state, copy it (send | receive) and check the copy's
 * snapshot guid, and only then destroy clones of newer snapshots and roll back. If the safety step fails,
 * what it made is removed and nothing else has happened.
 */
export const runRollback: PlanRunner = async (ctx, f, draft, job) => {
  const copy = draft.ops.find((o) => o.op === 'copy');
  const safety = draft.ops.find((o) => o.op === 'snapshot');
  const notes: string[] = [];
  let i = 0;
  if (copy?.op === 'copy' && safety?.op === 'snapshot') {
    try {
      await runOp(ctx, f, safety, job);
      await runOp(ctx, f, copy, job);
      const short = splitSnapshot(safety.name).short!;
      const g = await guidsOf([safety.name, `${copy.to}@${short}`]);
      if (!g.get(safety.name) || g.get(safety.name) !== g.get(`${copy.to}@${short}`))
        throw new CowshedError('COMMAND_FAILED', `The safety copy ${copy.to} could not be verified (snapshot guids differ); nothing was rolled back.`);
    } catch (e) {
      const left = await cleanUp(ctx, f, [copy.to, safety.name], job);
      if (left.length) notes.push(`Could not remove ${left.join(', ')} after the failure.`);
      throw e;
    }
    i = draft.ops.indexOf(copy) + 1;
    notes.push(`The state before the rollback is kept in ${copy.to}; destroy it when you no longer need it (cowshed destroy zfs:${copy.to}).`);
  }
  if (job.signal.aborted) throw new CowshedError('CANCELLED', `Cancelled before rolling back; ${copy?.op === 'copy' ? `the safety copy ${copy.to} was kept` : 'nothing changed'}.`);
  for (const o of draft.ops.slice(i)) await runOp(ctx, f, o, { ...job, signal: new AbortController().signal });
  return { notes };
};
