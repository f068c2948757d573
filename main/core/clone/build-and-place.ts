import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { run } from '../exec/run';
import type { ReflinkPolicy } from '../../../shared/contract/clone';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { JobContext } from '../jobs/jobs';
import { copyTree } from './copy-tree';
import { engineError } from './engine-errors';
import { verifyShared } from './fiemap';
import { beforeRestoreName, firstFree, partialName } from './naming';
import { type Addon, type EngineResult, nativeAddon } from './native';
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
  // Opened before the copy starts: a syncfs on it then reports any writeback error the filesystem had during the
  // copy (errseq), which a `sync -f` started afterwards would not see. Only with the native engine (see flush).
  const addon = nativeAddon();
  const folderFd = addon ? await open(dirname(req.dest), 'r').catch(() => null) : null;
  try {
    copied = await copyTree(ctx, job, { src: req.src, dst: partial, policy: req.policy, copyFromStart: req.copyFromStart, refused: req.refused });
    if (job.signal.aborted) throw new CowshedError('CANCELLED', 'Cancelled: nothing was left behind.');
    if (copied.reflinked > 0) verified = await verifyShared(copied.samples.map((s) => (s ? join(partial, s) : partial)));
    // Durable before visible: flush the destination filesystem so a power loss after the rename cannot show
    // the clone under its real name with missing data or metadata, and a failed writeback fails the clone.
    await flush(job, addon, folderFd, partial, req);
    if (job.signal.aborted) throw new CowshedError('CANCELLED', 'Cancelled: nothing was left behind.');
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
  } finally {
    await folderFd?.close().catch(() => undefined);
  }
  await syncDir(dirname(req.dest));
  await forget();
  return { result: copied, engine: copied.engine, verified, keptAs };
}

/**
 * Flush the destination filesystem before the rename. With the native engine: syncfs on the folder fd opened
 * before the copy (copied files were already fdatasync'ed one by one; reflinks and metadata are flushed here),
 * and a failure is a typed error. Without it (cp fallback, or the folder could not be opened): `sync -f`, which
 * makes the data durable but, being a new open after the copy, cannot see a writeback error that happened during
 * it (cp does not fsync either), so such an error goes unreported there.
 */
async function flush(job: JobContext, addon: Addon | null, folderFd: FileHandle | null, partial: string, req: BuildRequest): Promise<void> {
  if (!addon || !folderFd) {
    await run('sync', ['-f', partial], { timeoutMs: 600_000, signal: job.signal });
    return;
  }
  try {
    await addon.syncfs(folderFd.fd);
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'EIO';
    const errno = (e as { errno?: number }).errno ?? 0;
    throw engineError({ code, errno, op: 'sync', path: '', detail: '', message: (e as Error).message }, req.src, req.refused);
  }
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
