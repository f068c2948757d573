import type { Capabilities } from '../../../../shared/domain';
import { allNo, no, yes, type ProbeEnv } from '../../probe/capabilities';
import type { MountInfo } from '../../probe/mountinfo';

/** Why per-file block cloning is or is not usable with this ZFS (refined by the ZFS provider). */
export function zfsFileCloneVerdict(env: ProbeEnv): { ok: boolean; reason?: string } {
  const z = env.tools.zfs;
  if (z.flavor === 'zfs-fuse') return { ok: false, reason: `zfs-fuse (pool v${z.poolVersion ?? 23}) has no block cloning; files cannot be reflinked on ZFS here` };
  return { ok: false, reason: `block cloning not verified for ZFS ${z.version ?? 'of unknown version'}` };
}

/** Capabilities of a ZFS mount (OpenZFS or zfs-fuse). */
export function zfsCapabilities(m: MountInfo, env: ProbeEnv): Capabilities {
  const c = allNo(() => 'zfs is not installed');
  if (!env.tools.zfs.path) return c;
  const admin = env.isRoot ? {} : { needsAdmin: true };
  const fc = zfsFileCloneVerdict(env);
  c.fileClone = fc.ok ? yes({ method: 'block cloning' }) : no(fc.reason ?? 'not available');
  c.cloneAcrossVolumes = fc.ok ? yes({ method: 'block cloning across datasets of one pool' }) : no(fc.reason ?? 'not available');
  c.snapshot = yes({ method: 'zfs snapshot', ...admin });
  c.writableSnapshot = no('ZFS snapshots are read-only: clone one to get a writable copy');
  c.datasetClone = yes({ method: 'zfs clone', ...admin });
  c.promote = yes({ method: 'zfs promote', ...admin });
  c.rollback = yes({ method: 'zfs rollback', ...admin });
  c.listVolumes = yes({ method: 'zfs list' });
  c.diff = env.tools.zfs.flavor === 'openzfs' ? yes({ method: 'zfs-diff', ...admin }) : yes({ method: 'tree-walk', reason: 'zfs-fuse has no zfs diff' });
  c.sendReceive = yes({ method: 'zfs send/receive', ...admin });
  c.dedupe = no('ZFS dedup is a pool property, not per-file');
  c.spaceAccounting = yes({ method: 'zfs used / usedbysnapshots' });
  void m;
  return c;
}
