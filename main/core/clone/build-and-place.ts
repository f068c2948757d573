import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { run } from '../exec/run';
import type { ReflinkPolicy } from '../../../shared/contract/clone';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobContext } from '../jobs/jobs';
import { copyTree } from './copy-tree';
import { verifyShared } from './fiemap';
import { beforeRestoreName, firstFree, partialName } from './naming';
import type { EngineResult } from './native';
import { registerPartial, removeTree, sweepBefore } from './partials';
import { placeNoClobber, placeReplacing } from './place';

/** How the finished copy takes its name: only if free, replacing what is there, or keeping that aside. */
export type Placement = 'new' | 'replace' | 'keep-both';

export interface BuildRequest {
  src: string;
  dest: string;
  policy: ReflinkPolicy;
  copyFromStart: boolean;
  refused: (code: string) => string;
  placement: Placement;
  isFile: boolean;
}

export interface BuildOutcome {
  result: EngineResult;
  engine: 'native' | 'cp';
  /** FIEMAP confirmed shared extents on sampled files (null: nothing had data to check). */
  verified: boolean | null;
  /** Where the replaced version went (keep-both). */
  keptAs: string | null;
}

/**
 * Build the copy in a hidden sibling (".name.cowshed-partial-<pid>-<random>", recorded so a crash is swept at
 * the next start), check sharing, then give it its name in one rename. On any failure or cancel the partial
 * is removed: nothing half-made is ever visible, and the source is only read.
 */
export async function buildAndPlace(ctx: CoreContext, job: JobContext, req: BuildRequest): Promise<BuildOutcome> {
  await sweepBefore(req.dest);
  const partial = join(dirname(req.dest), partialName(basename(req.dest)));
  const forget = await registerPartial(partial);
  const discard = async () => {
    await removeTree(partial).catch(() => undefined);
    await forget();
  };
  let copied: Awaited<ReturnType<typeof copyTree>>;
  let verified: boolean | null = null;
  let keptAs: string | null = null;
  try {
    copied = await copyTree(ctx, job, { src: req.src, dst: partial, policy: req.policy, copyFromStart: req.copyFromStart, refused: req.refused });
    if (job.signal.aborted) throw new CowshedError('CANCELLED', 'Cancelled: nothing was left behind.');
    if (copied.reflinked > 0) verified = await verifyShared(copied.samples.map((s) => (s ? join(partial, s) : partial)));
    // Durable before visible: flush the destination filesystem (syncfs) so a power loss after the rename
    // cannot show the clone under its real name with missing data or metadata.
    await run('sync', ['-f', partial], { timeoutMs: 600_000, signal: job.signal });
    if (req.placement === 'replace') {
      await placeReplacing(partial, req.dest);
    } else if (req.placement === 'keep-both') {
      const folder = dirname(req.dest);
      keptAs = join(folder, firstFree(folder, (n) => beforeRestoreName(basename(req.dest), n, req.isFile)));
      await placeNoClobber(req.dest, keptAs);
      try {
        await placeNoClobber(partial, req.dest);
      } catch (e) {
        await placeNoClobber(keptAs, req.dest).catch(() => undefined);
        throw e;
      }
    } else {
      await placeNoClobber(partial, req.dest);
    }
  } catch (e) {
    await discard();
    throw e;
  }
  await syncDir(dirname(req.dest));
  await forget();
  return { result: copied, engine: copied.engine, verified, keptAs };
}

/** fsync a directory so a rename inside it is on disk. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    /* some filesystems refuse fsync on directories; the rename still happened */
  } finally {
    await fh.close();
  }
}
