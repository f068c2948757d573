import type { Capabilities } from '../../../../shared/domain';
import { allNo, no, yes, type ProbeEnv } from '../../probe/capabilities';
import type { MountInfo } from '../../probe/mountinfo';

/** Capabilities of a btrfs mount. */
export function btrfsCapabilities(m: MountInfo, env: ProbeEnv): Capabilities {
  const c = allNo(() => 'btrfs-progs not installed');
  const ro = m.options.includes('ro');
  c.fileClone = ro ? no('the mount is read-only') : yes({ method: 'FICLONE' });
  c.cloneAcrossVolumes = ro ? no('the mount is read-only') : yes({ method: 'FICLONE across subvolumes of one filesystem' });
  c.dedupe = ro ? no('the mount is read-only') : yes({ method: 'FIDEDUPERANGE' });
  c.promote = no('btrfs snapshots do not depend on each other: there is nothing to promote');
  c.rollback = no('btrfs has no in-place rollback: restore files from a snapshot, or clone the snapshot');
  if (!env.tools.btrfs.path) return c;
  const admin = env.isRoot ? {} : { needsAdmin: true };
  // As a user, btrfs snapshots only subvolumes the user owns, into folders the user may write.
  const own = env.isRoot ? {} : { needsAdmin: true, reason: 'without admin rights only for subvolumes you own' };
  c.snapshot = ro ? no('the mount is read-only') : yes({ method: 'btrfs subvolume snapshot -r', ...own });
  c.writableSnapshot = ro ? no('the mount is read-only') : yes({ method: 'btrfs subvolume snapshot', ...own });
  c.datasetClone = ro ? no('the mount is read-only') : yes({ method: 'writable snapshot', ...own });
  c.listVolumes = env.isRoot ? yes({ method: 'btrfs subvolume list' }) : no('needs admin: btrfs subvolume list needs root', admin);
  c.diff = env.isRoot ? yes({ method: 'btrfs-send' }) : yes({ method: 'tree-walk', reason: 'kernel-assisted diff (btrfs send) needs admin' });
  c.sendReceive = env.isRoot ? yes({ method: 'btrfs send/receive' }) : no('needs admin: btrfs send needs root', admin);
  c.spaceAccounting = yes({ method: 'btrfs filesystem du' });
  return c;
}
