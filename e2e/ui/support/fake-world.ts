/**
 * An in-memory Cowshed for renderer tests and the UI benchmark: mounts with capability matrices, a btrfs
 * filesystem with subvolumes and snapshots, a ZFS pool with a clone, folders (one of them as big as asked).
 * It measures and exercises the renderer, not the filesystems — the real-filesystem specs do that.
 */
import type { Capabilities, CapabilityKey, DirEntry, Lineage, Mount, Plan, Snapshot, Volume } from '../../../shared/domain';

export interface FakeConfig {
  /** Entries in /data/home/big. */
  bigFolder?: number;
  /** Snapshots of btrfs:/data:home. */
  snapshots?: number;
  /** Methods that answer NOT_SUPPORTED. */
  unsupported?: string[];
}

const KEYS: CapabilityKey[] = ['fileClone', 'cloneAcrossVolumes', 'snapshot', 'writableSnapshot', 'datasetClone', 'promote', 'rollback', 'diff', 'sendReceive', 'dedupe', 'spaceAccounting', 'listVolumes'];
const caps = (over: Partial<Capabilities>, no: string): Capabilities =>
  Object.fromEntries(KEYS.map((k) => [k, over[k] ?? { ok: false, reason: no }])) as Capabilities;
const yes = (method?: string) => ({ ok: true, method });

export const MOUNTS: Mount[] = [
  {
    mountpoint: '/', fstype: 'ext4', kind: 'ext4', source: '/dev/nvme0n1p2', root: '/', options: ['rw'], readonly: false, device: '259:2',
    capabilities: caps({}, 'ext4 has no shared extents (no reflink, no snapshots)'),
  },
  {
    mountpoint: '/data', fstype: 'btrfs', kind: 'btrfs', source: '/dev/nvme1n1', root: '/', options: ['rw', 'compress=zstd:3'], readonly: false, device: '0:41', subvolId: 5, subvolPath: '/',
    capabilities: caps(
      {
        fileClone: yes('FICLONE'), cloneAcrossVolumes: yes(), snapshot: yes('btrfs subvolume snapshot -r'), writableSnapshot: yes('btrfs subvolume snapshot'),
        datasetClone: yes('writable snapshot'), diff: yes('btrfs-send'), sendReceive: yes(), dedupe: yes(), spaceAccounting: yes(), listVolumes: yes(),
        promote: { ok: false, reason: 'btrfs snapshots do not depend on each other: there is nothing to promote' },
        rollback: { ok: false, reason: 'btrfs has no in-place rollback: restore files from a snapshot, or clone the snapshot' },
      },
      'not available',
    ),
  },
  {
    mountpoint: '/tank', fstype: 'zfs', kind: 'zfs', source: 'tank', root: '/', options: ['rw'], readonly: false, device: '0:52',
    capabilities: caps(
      {
        snapshot: yes('zfs snapshot'), datasetClone: yes('zfs clone'), promote: yes('zfs promote'), rollback: yes('zfs rollback'), listVolumes: yes('zfs list'),
        diff: yes('zfs-diff'), sendReceive: yes(), spaceAccounting: yes(),
        fileClone: { ok: false, reason: 'zfs_bclone_enabled is 0: block cloning is switched off on this system' },
        writableSnapshot: { ok: false, reason: 'ZFS snapshots are read-only: clone one to get a writable copy' },
      },
      'not available on ZFS',
    ),
  },
  {
    mountpoint: '/tank/vm', fstype: 'zfs', kind: 'zfs', source: 'tank/vm', root: '/', options: ['rw'], readonly: false, device: '0:53',
    capabilities: caps({ snapshot: yes(), datasetClone: yes(), promote: yes(), rollback: yes(), listVolumes: yes(), diff: yes('zfs-diff') }, 'zfs_bclone_enabled is 0'),
  },
  {
    mountpoint: '/tank/vm-test', fstype: 'zfs', kind: 'zfs', source: 'tank/vm-test', root: '/', options: ['rw'], readonly: false, device: '0:54',
    capabilities: caps({ snapshot: yes(), datasetClone: yes(), promote: yes(), rollback: yes(), listVolumes: yes(), diff: yes('zfs-diff') }, 'zfs_bclone_enabled is 0'),
  },
  {
    mountpoint: '/scratch', fstype: 'xfs', kind: 'xfs', source: '/dev/sdb1', root: '/', options: ['rw'], readonly: false, device: '8:17',
    capabilities: caps({ fileClone: yes('FICLONE'), dedupe: yes(), spaceAccounting: yes() }, 'XFS has no snapshots or volumes: it can only clone files (reflink)'),
  },
];

const T0 = Date.parse('2026-01-05T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const vol = (v: Partial<Volume> & Pick<Volume, 'id' | 'kind' | 'name' | 'path' | 'parentId'>): Volume => ({
  identity: v.kind === 'zfs' ? { kind: 'zfs', dataset: v.name, guid: String(v.name.length * 7919) } : { kind: 'btrfs', fsUuid: 'f00d', subvolId: v.name.length + 256, uuid: `u-${v.name}` },
  isSnapshot: false, readonly: false, origin: null, created: iso(T0), generation: 1, ...v,
});

export const VOLUMES: Volume[] = [
  vol({ id: 'btrfs:/data:', kind: 'btrfs', name: '/', path: '/data', parentId: null }),
  vol({ id: 'btrfs:/data:home', kind: 'btrfs', name: 'home', path: '/data/home', parentId: 'btrfs:/data:' }),
  vol({ id: 'btrfs:/data:projects', kind: 'btrfs', name: 'projects', path: '/data/projects', parentId: 'btrfs:/data:' }),
  vol({ id: 'btrfs:/data:projects-experiment', kind: 'btrfs', name: 'projects-experiment', path: '/data/projects-experiment', parentId: 'btrfs:/data:', origin: 'btrfs:/data:.snapshots/projects-2026-01-04' }),
  vol({ id: 'zfs:tank', kind: 'zfs', name: 'tank', path: '/tank', parentId: null }),
  vol({ id: 'zfs:tank/vm', kind: 'zfs', name: 'tank/vm', path: '/tank/vm', parentId: 'zfs:tank' }),
  vol({ id: 'zfs:tank/vm-test', kind: 'zfs', name: 'tank/vm-test', path: '/tank/vm-test', parentId: 'zfs:tank', origin: 'zfs:tank/vm@before-upgrade' }),
];

const NAMES = ['Quarterly report', 'invoice', 'holiday', 'notes', 'thesis draft', 'budget', 'scan', 'backup', 'IMG', 'meeting', 'design', 'README'];
const EXTS = ['pdf', 'jpg', 'png', 'txt', 'md', 'xlsx', 'tar.zst', 'mp4', 'json', 'odt'];

/** A folder listing of `n` entries with plausible names, sizes and times (deterministic). */
export function generateEntries(n: number, seed = 1): DirEntry[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: DirEntry[] = [];
  for (let i = 0; i < n; i++) {
    const dir = i % 23 === 0;
    const name = dir ? `folder ${i}` : `${NAMES[i % NAMES.length]} ${i}.${EXTS[i % EXTS.length]}`;
    out.push({ name, type: dir ? 'dir' : 'file', size: dir ? 4096 : Math.floor(rnd() * 8e7), mtime: iso(T0 - Math.floor(rnd() * 9e10)), mode: dir ? 0o40755 : 0o100644, ino: 1000 + i });
  }
  return out;
}

const f = (name: string, size: number, daysAgo = 1): DirEntry => ({ name, type: 'file', size, mtime: iso(T0 - daysAgo * 86_400_000), mode: 0o100644, ino: 500 + name.length * 31 + size % 97 });
const d = (name: string, daysAgo = 2, volumeRoot = false): DirEntry => ({ name, type: 'dir', size: 4096, mtime: iso(T0 - daysAgo * 86_400_000), mode: 0o40755, ino: volumeRoot ? 256 : 900 + name.length, volumeRoot: volumeRoot || undefined });

/** The folders of the fake world (path → entries); the big folder and snapshot roots are generated. */
export function initialTree(): Map<string, DirEntry[]> {
  return new Map<string, DirEntry[]>([
    ['/', [d('data'), d('tank'), d('scratch'), d('home'), d('etc')]],
    ['/data', [d('home', 1, true), d('projects', 3, true), d('projects-experiment', 1, true), d('.snapshots', 0)]],
    ['/data/home', [d('Documents', 1), d('Pictures', 4), d('Music', 30), d('big', 0), f('notes.txt', 2_318, 0), f('thesis-final-v3.odt', 4_812_334, 1), f('budget 2026.xlsx', 88_120, 2), f('holiday.mp4', 1_532_000_112, 12), f('.bashrc', 3_771, 90)]],
    ['/data/home/Documents', [d('Invoices', 3), f('Quarterly report Q4.pdf', 2_440_112, 1), f('contract (signed).pdf', 512_443, 10), f('passport-scan.png', 3_201_551, 40), f('meeting notes 2026-01-04.md', 6_022, 1), f('design-spec.odt', 912_001, 5), f('taxes-2025.tar.zst', 45_013_222, 20)]],
    ['/data/home/Documents/Invoices', [f('invoice-0001.pdf', 88_221, 60), f('invoice-0002.pdf', 91_111, 30)]],
    ['/data/home/Pictures', [f('IMG_2041.jpg', 4_211_009, 4), f('IMG_2042.jpg', 4_009_331, 4), f('cat.png', 812_000, 8)]],
    ['/data/home/Music', []],
    ['/data/projects', [d('cowshed', 1), d('website', 12), f('ideas.md', 1_204, 3)]],
    ['/data/projects-experiment', [d('cowshed', 1), f('ideas.md', 1_204, 3)]],
    ['/data/.snapshots', []],
    ['/tank', [d('vm', 5, true), d('vm-test', 2, true), f('README', 310, 40)]],
    ['/tank/vm', [f('debian-13.qcow2', 21_474_836_480, 1), f('windows-11.qcow2', 64_424_509_440, 3), f('cloud-init.yaml', 1_822, 6)]],
    ['/tank/vm-test', [f('debian-13.qcow2', 21_474_836_480, 2), f('cloud-init.yaml', 1_822, 6)]],
    ['/scratch', [f('render-cache.bin', 734_003_200, 0), f('dataset.csv', 12_004_551, 3)]],
  ]);
}

/** `n` snapshots of a volume, every ~2 hours going back from T0, oldest first. */
export function generateSnapshots(volumeId: string, n: number, browseRoot: (name: string) => string | null): Snapshot[] {
  const out: Snapshot[] = [];
  const span = 2 * 3_600_000;
  for (let i = 0; i < n; i++) {
    const t = T0 - (n - i) * span + (i % 7) * 60_000;
    const name = i % 24 === 0 ? `daily-${iso(t).slice(0, 10)}` : `hourly-${iso(t).slice(0, 16).replace(':', '')}`;
    out.push({
      id: volumeId.startsWith('zfs:') ? `${volumeId}@${name}` : `${volumeId.replace(/:[^:]*$/, ':')}.snapshots/${name}`,
      volumeId, name, fullName: name,
      identity: { kind: 'btrfs', fsUuid: 'f00d', subvolId: 1000 + i, uuid: `s-${i}` },
      created: iso(t), generation: 100 + i, readonly: true, browsePath: browseRoot(name),
      space: { used: (i * 7919) % 40_000_000, referenced: 1e9, written: null },
    });
  }
  return out;
}

/** A ZFS snapshot record. */
export const zfsSnap = (dataset: string, name: string, hoursAgo: number, extra: Partial<Snapshot> = {}): Snapshot => ({
  id: `zfs:${dataset}@${name}`, volumeId: `zfs:${dataset}`, name, fullName: `${dataset}@${name}`,
  identity: { kind: 'zfs', dataset: `${dataset}@${name}`, guid: String(hoursAgo * 31 + name.length) },
  created: iso(T0 - hoursAgo * 3_600_000), generation: 1000 - hoursAgo, readonly: true, browsePath: null,
  space: { used: hoursAgo * 1_048_576, referenced: 2e10, written: null }, ...extra,
});

/** The lineage of the ZFS pool around a focus. */
export function zfsLineage(focus: string, promoted: boolean, snapshots: Snapshot[]): Lineage {
  const origin = promoted ? 'tank/vm-test' : 'tank/vm';
  const clone = promoted ? 'tank/vm' : 'tank/vm-test';
  const nodes: Lineage['nodes'] = [
    { id: `zfs:${origin}`, kind: 'volume', label: origin, fs: 'zfs' },
    { id: `zfs:${clone}`, kind: 'clone', label: clone, fs: 'zfs' },
  ];
  const edges: Lineage['edges'] = [];
  for (const s of snapshots) {
    nodes.push({ id: s.id, kind: 'snapshot', label: s.fullName, fs: 'zfs', created: s.created });
    edges.push({ from: s.volumeId, to: s.id, kind: 'snapshot-of' });
  }
  edges.push({ from: `zfs:${origin}@before-upgrade`, to: `zfs:${clone}`, kind: 'clone-of' });
  return { focus, nodes, edges };
}

export type { Plan };
