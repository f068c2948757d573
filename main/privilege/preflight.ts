import type { Res } from '../../shared/contract/index';
import type { CapabilityKey, Mount } from '../../shared/domain';

/** The actions the pre-flight reports per mount, from the capability matrix. */
const ACTIONS: readonly CapabilityKey[] = ['listVolumes', 'snapshot', 'writableSnapshot', 'datasetClone', 'promote', 'rollback', 'sendReceive', 'diff', 'spaceAccounting'];

/**
 * Which actions need admin on this machine, per mount, so the UI asks once and only when it matters.
 * Built from each mount's capability matrix (`needsAdmin`), plus what the matrix has no key for: deleting
 * (btrfs lets users delete only with user_subvol_rm_allowed) and ZFS reads on zfs-fuse (its daemon answers root only).
 */
export function preflight(mounts: readonly Mount[], o: { isRoot: boolean; zfsFlavor?: string }): Res<'preflight'> {
  const out: Res<'preflight'> = [];
  for (const m of mounts) {
    if (m.kind !== 'btrfs' && m.kind !== 'zfs') continue;
    const fuseRead = m.kind === 'zfs' && o.zfsFlavor === 'zfs-fuse' && !o.isRoot;
    for (const key of ACTIONS) {
      const c = m.capabilities[key];
      if (!c.ok && !c.needsAdmin) continue;
      const readOnly = key === 'listVolumes' || key === 'spaceAccounting' || key === 'diff';
      const needsAdmin = !o.isRoot && (Boolean(c.needsAdmin) || (fuseRead && readOnly));
      let reason = c.reason;
      if (needsAdmin && fuseRead && readOnly) reason = 'zfs-fuse answers only root';
      else if (!o.isRoot && m.kind === 'btrfs' && (key === 'snapshot' || key === 'writableSnapshot' || key === 'datasetClone'))
        reason = 'works as you for subvolumes you own in folders you can write; others go through the helper';
      out.push({ action: key, needsAdmin, mountpoint: m.mountpoint, ...(reason ? { reason } : {}) });
    }
    const rmAllowed = m.options.includes('user_subvol_rm_allowed');
    const destroyAdmin = !o.isRoot && (m.kind === 'zfs' || !rmAllowed);
    out.push({
      action: 'destroy', needsAdmin: destroyAdmin, mountpoint: m.mountpoint,
      ...(destroyAdmin ? { reason: m.kind === 'btrfs' ? 'deleting subvolumes needs admin (no user_subvol_rm_allowed)' : 'destroying datasets needs admin' } : {}),
    });
  }
  return out;
}
