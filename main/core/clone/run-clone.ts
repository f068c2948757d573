import { basename } from 'node:path';
import type { CloneResult } from '../../../shared/contract/clone';
import type { Job } from '../../../shared/domain';
import { CowshedError, assertNever } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobContext } from '../jobs/jobs';
import { type BuildOutcome, buildAndPlace } from './build-and-place';
import { type ClonePlan, type CloneRequestLike, planClone } from './plan-clone';
import { refusedReason } from './reflink-verdict';
import { btrfsSnapshotClone, zfsSnapshotClone } from './volume-clone';

/** The CloneResult of a file or tree copy. */
export function copyResult(plan: { source: string; destination: string; mechanism: CloneResult['mechanism'] }, o: BuildOutcome, extraNotes: string[] = []): CloneResult {
  const r = o.result;
  const notes = [...extraNotes, ...r.notes];
  if (o.verified === false) notes.push('FIEMAP did not show shared extents on the sampled files.');
  if (o.verified === null && r.reflinked > 0) notes.push('The data is small enough to live inline in the filesystem metadata: there are no blocks to share.');
  if (o.keptAs) notes.push(`The replaced version was kept as ${o.keptAs}.`);
  return {
    source: plan.source,
    destination: plan.destination,
    mechanism: plan.mechanism,
    method: r.copied > 0 ? 'copy' : 'reflink',
    sharingVerified: o.verified === true,
    files: r.files + r.symlinks + r.specials,
    bytes: r.bytes,
    notes,
  };
}

/** Carry out a clone plan (inside a job). */
export async function executeClone(ctx: CoreContext, job: JobContext, plan: ClonePlan, overwrite: boolean): Promise<CloneResult> {
  const { source, destination, mechanism } = plan;
  switch (mechanism) {
    case 'btrfs-snapshot':
      return btrfsSnapshotClone(ctx, job, source.path, destination.path);
    case 'zfs-clone':
      if (!plan.zfs) throw new CowshedError('INTERNAL', 'ZFS clone without a plan.');
      return zfsSnapshotClone(ctx, job, plan.zfs, source.path);
    case 'reflink-file':
    case 'copy-file':
    case 'tree-copy': {
      const o = await buildAndPlace(ctx, job, {
        src: source.path,
        dest: destination.path,
        policy: plan.policy,
        copyFromStart: plan.copyFromStart,
        refused: (code) => refusedReason(destination.mount, code),
        placement: destination.existing && overwrite ? 'replace' : 'new',
        isFile: !source.stat.isDirectory(),
      });
      const why = plan.policy === 'never' ? 'reflink turned off' : plan.reflink.ok ? null : plan.reflink.reason;
      const notes = plan.copyFromStart && o.result.copied > 0 ? [`Copied in full, not shared: ${why}.`] : [];
      return copyResult({ source: source.path, destination: destination.path, mechanism }, o, notes);
    }
    default:
      return assertNever(mechanism, 'clone mechanism');
  }
}

/** Plan, check the destination, and start the clone job. */
export async function startClone(ctx: CoreContext, req: CloneRequestLike & { overwrite?: boolean }): Promise<Job> {
  const plan = await planClone(ctx, req);
  if (plan.destination.existing && !req.overwrite)
    throw new CowshedError('EXISTS', `${plan.destination.path} already exists. Nothing was written; confirm replacing it (overwrite) after checking the preview, or choose another name.`);
  if (plan.destination.existing && (plan.mechanism === 'btrfs-snapshot' || plan.mechanism === 'zfs-clone'))
    throw new CowshedError('EXISTS', `${plan.destination.path} already exists and a volume clone cannot replace it; choose another name.`);
  const key = plan.mechanism === 'zfs-clone' ? `zfs:${plan.source.mount.source.split('/')[0]}` : `fs:${plan.destination.mount.device}`;
  return ctx.jobs.start({
    title: `Clone ${basename(plan.source.path)}`,
    kind: 'clone',
    key,
    cancellable: plan.mechanism !== 'btrfs-snapshot' && plan.mechanism !== 'zfs-clone',
    run: (job) => executeClone(ctx, job, plan, req.overwrite ?? false),
  });
}
