import { existsSync } from 'node:fs';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { acquireClone, releaseClone } from './browse-clones';
import type { Side } from './sides';

/** A folder holding one side's files, and how to let go of it. */
export interface Root {
  path: string;
  temporary: boolean;
  release(): Promise<void>;
}

const keep = async () => undefined;

/** The OpenZFS snapshot folder of a mounted dataset. */
export const zfsSnapshotDir = (mountpoint: string, snapshot: string): string =>
  `${mountpoint === '/' ? '' : mountpoint}/.zfs/snapshot/${snapshot}`;

/**
 * Where the files of a side can be read: btrfs subvolumes are folders already; OpenZFS snapshots appear under
 * `.zfs/snapshot`; on zfs-fuse a temporary read-only clone is mounted (released after a while unused).
 */
export async function openRoot(ctx: CoreContext, side: Side): Promise<Root> {
  if (side.fs === 'btrfs') return { path: side.path, temporary: false, release: keep };
  const mp = side.mount?.mountpoint ?? null;
  if (side.snapshot === null) {
    if (!mp) throw new CowshedError('NOT_FOUND', `${side.dataset} is not mounted, so its files cannot be read.`);
    return { path: mp, temporary: false, release: keep };
  }
  const full = `${side.dataset}@${side.snapshot}`;
  if (side.openzfs) {
    if (!mp) throw new CowshedError('NOT_FOUND', `${side.dataset} is not mounted, so its snapshots cannot be browsed.`);
    const dir = zfsSnapshotDir(mp, side.snapshot);
    if (!existsSync(dir)) throw new CowshedError('NOT_FOUND', `${dir} is not there (snapshot destroyed, or snapdir disabled?).`);
    return { path: dir, temporary: false, release: keep };
  }
  const path = await acquireClone(ctx, full);
  let released = false;
  return {
    path,
    temporary: true,
    release: async () => {
      if (released) return;
      released = true;
      await releaseClone(ctx, full);
    },
  };
}
