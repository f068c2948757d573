import type { CoreContext } from '../context';
import { type FsMount, sameFilesystem } from './locate';

/** Whether blocks can be shared from one mount to another, with the reason when not. */
export type ReflinkVerdict = { ok: true } | { ok: false; code: 'CROSS_DEVICE' | 'NOT_SUPPORTED'; reason: string };

const where = (m: FsMount) => `${m.fstype} at ${m.mountpoint}`;

/**
 * Decide before anything is written. btrfs and XFS are taken at their word (an XFS made without reflink
 * fails the first FICLONE, which is reported the same way); everything else asks the probe's capability
 * matrix, whose reasons ("zfs_bclone_enabled is 0", "ext4 has no shared extents") are the ones shown.
 */
export async function reflinkVerdict(ctx: CoreContext, src: FsMount, dst: FsMount): Promise<ReflinkVerdict> {
  if (!sameFilesystem(src, dst))
    return { ok: false, code: 'CROSS_DEVICE', reason: `different filesystems (${where(src)} → ${where(dst)}): blocks can only be shared within one filesystem` };
  if (src.kind === 'btrfs' || src.kind === 'xfs') return { ok: true };
  const probe = await ctx.probe();
  const m = probe.mounts.find((x) => x.mountpoint === dst.mountpoint);
  const cap = m?.capabilities.fileClone;
  if (cap?.ok) return { ok: true };
  return { ok: false, code: 'NOT_SUPPORTED', reason: cap?.reason ?? `${dst.fstype} cannot share blocks between files` };
}

/** The sentence for a FICLONE the kernel refused at run time. */
export function refusedReason(m: FsMount, errnoCode: string): string {
  if (errnoCode === 'EXDEV') return 'different filesystems: blocks can only be shared within one filesystem';
  if (m.kind === 'xfs') return 'XFS refused FICLONE (the filesystem was made without -m reflink=1?)';
  return `${m.fstype} refused FICLONE (${errnoCode})`;
}
