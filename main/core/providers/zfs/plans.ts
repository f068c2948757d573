import type { Plan } from '../../../../shared/domain';
import { CowshedError } from '../../../../shared/errors';
import { checkZfsDataset, checkZfsSnapshot } from '../../../../shared/validate';
import type { CoreContext } from '../../context';
import type { ZfsTarget } from '../types';
import { featuresOf, zfsRead } from './exec';
import type { ZfsFeatures } from './features';
import { parseDestroyDryRun } from './parse';
import { planDestroyDraft, type DestroyInput } from './plan-destroy';
import { planDetachDraft, type DetachInput } from './plan-detach';
import { storePlan } from './plan-exec';
import { planPromoteDraft } from './plan-promote';
import { planRollbackDraft, type RollbackInput } from './plan-rollback';
import { nameStamp } from './plan-types';
import { readWorld } from './read';
import { runDetach } from './run-detach';
import { runRollback } from './run-rollback';
import { splitSnapshot, type ZfsWorld } from './world';

/** Read the pool of a target and check the target exists in it. */
async function worldWith(ctx: CoreContext, t: ZfsTarget): Promise<{ f: ZfsFeatures; w: ZfsWorld }> {
  const f = await featuresOf(ctx);
  const w = await readWorld(ctx, f, t.name);
  if (!w.get(t.name)) throw new CowshedError('NOT_FOUND', `${t.name} does not exist.`);
  return { f, w };
}

const mustBe = (t: ZfsTarget, snapshot: boolean, what: string) => {
  if (t.name.includes('@') !== snapshot) throw new CowshedError('USAGE', `${what} takes a ${snapshot ? 'snapshot (dataset@name)' : 'dataset, not a snapshot'}: ${t.name}.`);
};

/** A generated name, or a short fallback under the pool root when the natural one breaks a naming rule. */
function generated(natural: string, fallback: string, snapshot: boolean): string {
  return (snapshot ? checkZfsSnapshot(natural) : checkZfsDataset(natural)).ok ? natural : fallback;
}

/** Exact space back from `zfs destroy -nvp` (OpenZFS, snapshot targets); null where unknown. */
async function dryRunReclaim(f: ZfsFeatures, target: string, recursive: boolean): Promise<number | null> {
  if (!f.destroyDryRun || !target.includes('@')) return null;
  try {
    const r = await zfsRead(['destroy', '-nvp', ...(recursive ? ['-r'] : []), target]);
    return parseDestroyDryRun(r.stdout).reclaim;
  } catch {
    return null; // e.g. "has dependent clones": the walk below reports those.
  }
}

/** Plan a destroy (see planDestroyDraft). */
export async function planDestroy(ctx: CoreContext, t: ZfsTarget, opts: { recursive?: boolean; recursiveDependents?: boolean }): Promise<Plan> {
  const { f, w } = await worldWith(ctx, t);
  const input: DestroyInput = { target: t.name, recursive: opts.recursive ?? false, recursiveDependents: opts.recursiveDependents ?? false };
  input.reclaim = await dryRunReclaim(f, t.name, input.recursive);
  return storePlan(ctx, f, planDestroyDraft(w, input), (fresh) => planDestroyDraft(fresh, input));
}

/** Plan a rollback with its safety copy (see planRollbackDraft). */
export async function planRollback(ctx: CoreContext, t: ZfsTarget, opts: { force?: boolean }): Promise<Plan> {
  mustBe(t, true, 'Rollback');
  const { f, w } = await worldWith(ctx, t);
  const ds = splitSnapshot(t.name).dataset;
  const stamp = nameStamp();
  const pool = ds.split('/')[0]!;
  const input: RollbackInput = {
    snapshot: t.name,
    force: opts.force ?? false,
    safetySnapshot: generated(`${ds}@cowshed-safety-${stamp}`, `${ds}@cs-${stamp}`, true),
    safetyCopy: generated(ds.includes('/') ? `${ds}-before-rollback-${stamp}` : `${ds}/${ds}-before-rollback-${stamp}`, `${pool}/cowshed-safety-${stamp}`, false),
  };
  return storePlan(ctx, f, planRollbackDraft(w, input), (fresh) => planRollbackDraft(fresh, input), runRollback);
}

/** Plan promoting a clone (see planPromoteDraft). */
export async function planPromote(ctx: CoreContext, t: ZfsTarget): Promise<Plan> {
  mustBe(t, false, 'Promote');
  const { f, w } = await worldWith(ctx, t);
  if (!w.get(t.name)!.origin) throw new CowshedError('NOT_SUPPORTED', `${t.name} is not a clone (it has no origin), so there is nothing to promote.`);
  return storePlan(ctx, f, planPromoteDraft(w, t.name), (fresh) => {
    if (!fresh.get(t.name)?.origin) throw new Error(`${t.name} is no longer a clone.`);
    return planPromoteDraft(fresh, t.name);
  });
}

/** Properties set locally on a dataset (`zfs get -s local`). */
async function localProps(name: string): Promise<Record<string, string>> {
  const r = await zfsRead(['get', '-H', '-p', '-o', 'property,value', '-s', 'local', 'all', name]);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) out[line.slice(0, tab)] = line.slice(tab + 1);
  }
  return out;
}

/** Plan detaching a clone by send | receive (see planDetachDraft). */
export async function planDetach(ctx: CoreContext, t: ZfsTarget, opts: { swap?: boolean }): Promise<Plan> {
  mustBe(t, false, 'Detach');
  const { f, w } = await worldWith(ctx, t);
  const c = w.get(t.name)!;
  if (!c.origin) throw new CowshedError('NOT_SUPPORTED', `${t.name} is not a clone (it has no origin): it is already independent.`);
  const stamp = nameStamp();
  const pool = t.name.split('/')[0]!;
  const plain = `${t.name}-detached`;
  const input: DetachInput = {
    target: t.name,
    swap: opts.swap ?? false,
    detachSnapshot: generated(`${t.name}@cowshed-detach-${stamp}`, `${t.name}@cd-${stamp}`, true),
    newName: generated(w.get(plain) ? `${plain}-${stamp}` : plain, `${pool}/cowshed-detached-${stamp}`, false),
    oldName: generated(`${t.name}-old-${stamp}`, `${pool}/cowshed-old-${stamp}`, false),
    localProps: await localProps(t.name),
  };
  return storePlan(ctx, f, planDetachDraft(w, input), (fresh) => planDetachDraft(fresh, input), runDetach);
}
