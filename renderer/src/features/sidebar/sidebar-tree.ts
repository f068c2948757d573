import type { FsKind, Mount, Volume } from '../../../../shared/domain';
import { fsLabel, volumeLabel } from '../../lib/places';

/** A subvolume / dataset under a filesystem in the sidebar. */
export interface VolumeNode {
  id: string;
  label: string;
  path: string | null;
  isClone: boolean;
  volume: Volume | null;
  children: VolumeNode[];
}

/** One mounted filesystem (for ZFS: one pool), with its volumes as a tree. */
export interface FsNode {
  id: string;
  mount: Mount;
  label: string;
  sublabel: string;
  path: string;
  /** The volume the filesystem entry itself stands for (btrfs top level, ZFS pool root dataset). */
  volume: Volume | null;
  children: VolumeNode[];
}

export interface FsGroup {
  kind: FsKind;
  label: string;
  filesystems: FsNode[];
}

const ORDER: FsKind[] = ['btrfs', 'zfs', 'xfs', 'ext4', 'other'];

function tree(vols: Volume[], rootId: string | null): VolumeNode[] {
  const ids = new Set(vols.map((v) => v.id));
  const kids = new Map<string | null, Volume[]>();
  for (const v of vols) {
    const parent = v.parentId !== null && ids.has(v.parentId) ? v.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), v]);
  }
  const build = (parent: string | null): VolumeNode[] =>
    (kids.get(parent) ?? [])
      .filter((v) => v.id !== rootId)
      .sort((a, b) => volumeLabel(a).localeCompare(volumeLabel(b)))
      .map((v) => ({ id: v.id, label: volumeLabel(v), path: v.path, isClone: !!v.origin && !v.isSnapshot, volume: v, children: build(v.id) }));
  // The root's children hang directly under the filesystem entry.
  return rootId ? [...build(rootId), ...build(null)] : build(null);
}

function mountLabel(m: Mount): string {
  if (m.mountpoint === '/') return 'Root filesystem';
  return m.mountpoint.slice(m.mountpoint.lastIndexOf('/') + 1) || m.mountpoint;
}

/**
 * Group mounts by filesystem kind and hang each filesystem's subvolumes / datasets under it.
 * ZFS datasets mounted separately appear once, under their pool.
 */
export function buildSidebar(mounts: readonly Mount[], volumes: readonly Volume[]): FsGroup[] {
  const live = volumes.filter((v) => !v.isSnapshot);
  const groups = new Map<FsKind, FsNode[]>();
  const add = (k: FsKind, n: FsNode) => groups.set(k, [...(groups.get(k) ?? []), n]);

  for (const m of mounts.filter((x) => x.kind === 'btrfs')) {
    const prefix = `btrfs:${m.mountpoint}:`;
    const vols = live.filter((v) => v.kind === 'btrfs' && v.id.startsWith(prefix));
    const root = vols.find((v) => v.path === m.mountpoint) ?? null;
    add('btrfs', { id: `mount:${m.mountpoint}`, mount: m, label: mountLabel(m), sublabel: m.mountpoint, path: m.mountpoint, volume: root, children: tree(vols, root?.id ?? null) });
  }

  const zfs = mounts.filter((x) => x.kind === 'zfs');
  const pools = new Map<string, Mount[]>();
  for (const m of zfs) {
    const pool = m.source.split('/')[0]!;
    pools.set(pool, [...(pools.get(pool) ?? []), m]);
  }
  for (const [pool, ms] of pools) {
    const top = ms.slice().sort((a, b) => a.source.length - b.source.length)[0]!;
    const vols = live.filter((v) => v.kind === 'zfs' && (v.name === pool || v.name.startsWith(pool + '/')));
    const root = vols.find((v) => v.name === top.source) ?? null;
    let children = tree(vols, root?.id ?? null);
    if (!vols.length) {
      // Datasets could not be listed: show the other mounted datasets flat.
      children = ms
        .filter((m) => m !== top)
        .map((m) => ({ id: `mount:${m.mountpoint}`, label: m.source.slice(m.source.lastIndexOf('/') + 1), path: m.mountpoint, isClone: false, volume: null, children: [] }));
    }
    add('zfs', { id: `pool:${pool}`, mount: top, label: pool, sublabel: top.mountpoint, path: top.mountpoint, volume: root, children });
  }

  for (const m of mounts.filter((x) => x.kind !== 'btrfs' && x.kind !== 'zfs')) {
    add(m.kind, { id: `mount:${m.mountpoint}`, mount: m, label: mountLabel(m), sublabel: m.mountpoint === '/' ? m.source : m.mountpoint, path: m.mountpoint, volume: null, children: [] });
  }

  return ORDER.filter((k) => groups.has(k)).map((k) => ({ kind: k, label: fsLabel(k), filesystems: groups.get(k)! }));
}

/** Flatten the visible tree rows (for keyboard navigation). */
export function visibleRows(groups: readonly FsGroup[], expanded: ReadonlySet<string>): { id: string; depth: number; node: FsNode | VolumeNode; fs: FsNode }[] {
  const out: { id: string; depth: number; node: FsNode | VolumeNode; fs: FsNode }[] = [];
  const walk = (n: VolumeNode, depth: number, fs: FsNode) => {
    out.push({ id: n.id, depth, node: n, fs });
    if (expanded.has(n.id)) for (const c of n.children) walk(c, depth + 1, fs);
  };
  for (const g of groups)
    for (const fs of g.filesystems) {
      out.push({ id: fs.id, depth: 0, node: fs, fs });
      if (expanded.has(fs.id)) for (const c of fs.children) walk(c, 1, fs);
    }
  return out;
}
