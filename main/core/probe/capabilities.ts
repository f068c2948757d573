import type { Capabilities, Capability, CapabilityKey, FsKind } from '../../../shared/domain';
import { CAPABILITY_KEYS } from '../../../shared/domain';
import { assertNever } from '../../../shared/errors';
import { btrfsCapabilities } from '../providers/btrfs/capabilities';
import { zfsCapabilities } from '../providers/zfs/capabilities';
import { probeFicloneCached } from './ficlone-probe';
import type { MountInfo } from './mountinfo';
import type { Toolset } from './tools';

/** What capability functions get to decide with. */
export interface ProbeEnv {
  tools: Toolset;
  isRoot: boolean;
}

export const yes = (extra: Omit<Capability, 'ok'> = {}): Capability => ({ ok: true, ...extra });
export const no = (reason: string, extra: Omit<Capability, 'ok' | 'reason'> = {}): Capability => ({ ok: false, reason, ...extra });

/** A full matrix with every key set to `no(reason)`, to fill in. */
export function allNo(reason: (k: CapabilityKey) => string): Capabilities {
  return Object.fromEntries(CAPABILITY_KEYS.map((k) => [k, no(reason(k))])) as Capabilities;
}

/** Map a mount's fstype to the filesystem kind Cowshed knows. */
export function fsKind(fstype: string): FsKind {
  if (fstype === 'btrfs') return 'btrfs';
  if (fstype === 'zfs' || fstype === 'fuse.zfs' || fstype === 'fuse.zfs-fuse') return 'zfs';
  if (fstype === 'xfs') return 'xfs';
  if (fstype === 'ext4' || fstype === 'ext3' || fstype === 'ext2') return 'ext4';
  return 'other';
}

function xfsCapabilities(m: MountInfo): Capabilities {
  const c = allNo((k) =>
    k === 'snapshot' || k === 'writableSnapshot' || k === 'rollback' || k === 'datasetClone' || k === 'promote'
      ? 'XFS has no snapshots or volumes: it can only clone files (reflink)'
      : k === 'sendReceive'
        ? 'XFS has no send/receive'
        : k === 'listVolumes'
          ? 'XFS has no subvolumes or datasets'
          : k === 'diff'
            ? 'XFS has no snapshots to compare'
            : 'XFS does not offer this',
  );
  if (m.options.includes('ro')) {
    c.fileClone = no('the mount is read-only');
  } else {
    const p = probeFicloneCached(m.mountpoint, m.device);
    c.fileClone = p.ok ? yes({ method: 'FICLONE' }) : no(p.probed ? `${p.reason} (XFS made without -m reflink=1?)` : `could not probe reflink: ${p.reason}`);
  }
  c.cloneAcrossVolumes = no('XFS has one volume per filesystem; files clone within the filesystem only');
  c.dedupe = c.fileClone.ok ? yes({ method: 'FIDEDUPERANGE' }) : no('needs reflink support');
  c.spaceAccounting = c.fileClone.ok ? yes({ method: 'FIEMAP shared extents' }) : no('no shared extents on this filesystem');
  return c;
}

function ext4Capabilities(m: MountInfo): Capabilities {
  const reason = `${m.fstype} has no shared extents (no reflink, no snapshots)`;
  return allNo(() => reason);
}

function otherCapabilities(m: MountInfo): Capabilities {
  return allNo(() => `${m.fstype} is not a copy-on-write filesystem Cowshed supports`);
}

/** The capability matrix of one mount, with a reason for every false. */
export async function capabilitiesFor(m: MountInfo, env: ProbeEnv): Promise<Capabilities> {
  const kind = fsKind(m.fstype);
  switch (kind) {
    case 'btrfs':
      return btrfsCapabilities(m, env);
    case 'zfs':
      return zfsCapabilities(m, env);
    case 'xfs':
      return xfsCapabilities(m);
    case 'ext4':
      return ext4Capabilities(m);
    case 'other':
      return otherCapabilities(m);
    default:
      return assertNever(kind, 'filesystem kind');
  }
}
