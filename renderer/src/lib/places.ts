import type { Capability, CapabilityKey, FsKind, Mount, Volume } from '../../../shared/domain';
import { isInside } from './paths';

/** The mount holding a path (longest mountpoint that contains it). */
export function mountFor(mounts: readonly Mount[], path: string): Mount | null {
  let best: Mount | null = null;
  for (const m of mounts) if (isInside(path, m.mountpoint) && (!best || m.mountpoint.length > best.mountpoint.length)) best = m;
  return best;
}

/** The live (non-snapshot) volume holding a path: the one with the longest path that contains it. */
export function volumeFor(volumes: readonly Volume[], path: string): Volume | null {
  let best: Volume | null = null;
  for (const v of volumes) {
    if (v.isSnapshot || !v.path) continue;
    if (isInside(path, v.path) && (!best || v.path.length > best.path!.length)) best = v;
  }
  return best;
}

/** A capability that is missing entirely (unknown mount). */
export const UNKNOWN_CAPABILITY: Capability = { ok: false, reason: 'This folder is not on a filesystem Cowshed manages' };

/** Read one capability of a mount, with a reason when there is no mount. */
export const capabilityOf = (mount: Mount | null, key: CapabilityKey): Capability => mount?.capabilities[key] ?? UNKNOWN_CAPABILITY;

/** Display name of a filesystem kind. */
export function fsLabel(kind: FsKind): string {
  switch (kind) {
    case 'btrfs': return 'Btrfs';
    case 'zfs': return 'ZFS';
    case 'xfs': return 'XFS';
    case 'ext4': return 'ext4';
    default: return 'Other';
  }
}

/** Short label for a volume in lists: the last component of its name. */
export function volumeLabel(v: Pick<Volume, 'name' | 'kind' | 'path'>): string {
  const name = v.name || v.path || '';
  if (v.kind === 'zfs') return name.slice(name.lastIndexOf('/') + 1) || name;
  const t = name.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1) || t || '/';
}
