import { CowshedError } from '../../../shared/errors';
import type { ResolvedTarget } from '../resolve';
import { btrfsProvider } from './btrfs/provider';
import type { BtrfsTarget, VolumeProvider, ZfsTarget } from './types';
import { zfsProvider } from './zfs/provider';

/** The provider for a resolved target, or OUTSIDE_MOUNTS / NOT_SUPPORTED with a reason. */
export function providerFor(t: ResolvedTarget): VolumeProvider<BtrfsTarget> | VolumeProvider<ZfsTarget> {
  if (t.kind === 'btrfs') return btrfsProvider;
  if (t.kind === 'zfs') return zfsProvider;
  const where = t.path;
  if (t.kind === 'xfs')
    throw new CowshedError('NOT_SUPPORTED', `${where} is on XFS, which has no snapshots or volumes: it can only clone files (reflink).`);
  throw new CowshedError('OUTSIDE_MOUNTS', `${where} is on ${t.mount.fstype}, which has no snapshots or volumes Cowshed can manage.`);
}

/** Dispatch helper keeping the target's type matched with its provider. */
export function withProvider<R>(
  t: ResolvedTarget,
  f: <T extends ResolvedTarget>(p: VolumeProvider<T>, t: T) => Promise<R>,
): Promise<R> {
  const p = providerFor(t);
  return f(p as VolumeProvider<ResolvedTarget>, t);
}
