import type { Capabilities } from '../../../../shared/domain';
import { allNo, no, yes, type ProbeEnv } from '../../probe/capabilities';
import type { MountInfo } from '../../probe/mountinfo';
import { blockCloneVerdict, poolBlockCloningFeature, readBcloneEnabled } from './block-cloning';
import { zfsFeatures } from './features';

/** Why per-file block cloning is or is not usable on this pool (version, module switch, pool feature). */
export async function zfsFileCloneVerdict(env: ProbeEnv, pool: string): Promise<{ ok: boolean; reason?: string }> {
  const z = env.tools.zfs;
  const flavor = z.flavor ?? 'unknown';
  const openzfs = flavor === 'openzfs';
  return blockCloneVerdict({
    flavor,
    version: z.version,
    poolVersion: z.poolVersion,
    pool,
    bcloneEnabled: openzfs ? readBcloneEnabled() : null,
    feature: openzfs ? await poolBlockCloningFeature(pool) : null,
  });
}

/** Capabilities of a ZFS mount (OpenZFS or zfs-fuse). */
export async function zfsCapabilities(m: MountInfo, env: ProbeEnv): Promise<Capabilities> {
  const c = allNo(() => 'zfs is not installed');
  if (!env.tools.zfs.path) return c;
  const f = zfsFeatures(env.tools.zfs);
  const admin = env.isRoot ? {} : { needsAdmin: true };
  const pool = m.source.split('/')[0]!.split('@')[0]!;
  const fc = await zfsFileCloneVerdict(env, pool);
  c.fileClone = fc.ok ? yes({ method: 'block cloning' }) : no(fc.reason ?? 'not available');
  c.cloneAcrossVolumes = fc.ok ? yes({ method: 'block cloning across datasets of one pool' }) : no(fc.reason ?? 'not available');
  c.snapshot = yes({ method: 'zfs snapshot', ...admin });
  c.writableSnapshot = no('ZFS snapshots are read-only: clone one to get a writable copy');
  c.datasetClone = yes({ method: 'zfs clone', ...admin });
  c.promote = yes({ method: 'zfs promote', ...admin });
  c.rollback = yes({ method: 'zfs rollback', ...admin });
  c.listVolumes = yes({ method: 'zfs list' });
  c.diff = f.diff ? yes({ method: 'zfs-diff', ...admin }) : yes({ method: 'tree-walk', reason: `${f.flavor} has no zfs diff` });
  c.sendReceive = yes({ method: 'zfs send/receive', ...admin });
  c.dedupe = no('ZFS dedup is a pool property, not per-file');
  c.spaceAccounting = yes({ method: f.clonesAndWritten ? 'zfs used / usedbysnapshots / written' : 'zfs used / usedbysnapshots' });
  return c;
}
