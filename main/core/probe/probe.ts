import type { Mount, ToolInfo } from '../../../shared/domain';
import { capabilitiesFor, fsKind } from './capabilities';
import { readMountinfo, type MountInfo } from './mountinfo';
import { detectTools, type Toolset } from './tools';
import { byCodeUnit } from '../../../shared/order';

/** Pseudo and virtual filesystems that never hold user data worth managing. */
const PSEUDO = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'cgroup', 'cgroup2', 'securityfs', 'pstore', 'bpf', 'debugfs',
  'tracefs', 'mqueue', 'hugetlbfs', 'configfs', 'fusectl', 'autofs', 'binfmt_misc', 'efivarfs', 'rpc_pipefs',
  'nsfs', 'ramfs', 'overlay', 'squashfs', 'fuse', 'fuse.portal', 'fuse.gvfsd-fuse', 'nfsd', 'selinuxfs', 'zfs-kstat',
]);

/** Whether a mount is worth showing (real storage, not a pseudo filesystem). */
export function isInteresting(m: MountInfo): boolean {
  if (PSEUDO.has(m.fstype)) return false;
  if (m.fstype.startsWith('fuse.') && fsKind(m.fstype) !== 'zfs') return false;
  return true;
}

export interface ProbeResult {
  mounts: Mount[];
  tools: ToolInfo[];
  toolset: Toolset;
  raw: MountInfo[];
}

/** Convert a raw mountinfo line plus capabilities into the contract's Mount. */
async function toMount(m: MountInfo, toolset: Toolset, isRoot: boolean): Promise<Mount> {
  const subvolid = m.superOptions.find((o) => o.startsWith('subvolid='));
  const subvol = m.superOptions.find((o) => o.startsWith('subvol='));
  return {
    mountpoint: m.mountpoint,
    fstype: m.fstype,
    kind: fsKind(m.fstype),
    source: m.source,
    root: m.root,
    options: m.options,
    readonly: m.options.includes('ro'),
    device: m.device,
    subvolId: subvolid ? Number(subvolid.slice(9)) : undefined,
    subvolPath: subvol ? subvol.slice(7) : undefined,
    capabilities: await capabilitiesFor(m, { tools: toolset, isRoot }),
  };
}

/**
 * Read the mount table, detect tools and build the capability matrix of every interesting mount.
 * Mounts hidden under a later mount on the same mountpoint are dropped (the kernel lists them in order).
 */
export async function probe(opts: { mountinfo?: MountInfo[]; isRoot?: boolean } = {}): Promise<ProbeResult> {
  const raw = opts.mountinfo ?? readMountinfo();
  const byMp = new Map<string, MountInfo>();
  for (const m of raw) if (isInteresting(m)) byMp.set(m.mountpoint, m);
  const interesting = [...byMp.values()];
  const wantZfs = interesting.some((m) => fsKind(m.fstype) === 'zfs');
  const toolset = await detectTools({ zfs: wantZfs });
  const isRoot = opts.isRoot ?? process.getuid?.() === 0;
  const mounts = await Promise.all(interesting.map((m) => toMount(m, toolset, isRoot)));
  mounts.sort((a, b) => byCodeUnit(a.mountpoint, b.mountpoint));
  return { mounts, tools: Object.values(toolset), toolset, raw };
}
