import { describe, expect, it } from 'vitest';
import { MOUNTS, VOLUMES } from '../../../../e2e/ui/support/fake-world';
import { buildSidebar, visibleRows } from './sidebar-tree';

describe('sidebar tree', () => {
  it('groups by filesystem kind, hangs volumes under their filesystem, datasets under their pool', () => {
    const groups = buildSidebar(MOUNTS, VOLUMES);
    expect(groups.map((g) => g.label)).toEqual(['Btrfs', 'ZFS', 'XFS', 'ext4']);
    const btrfs = groups[0]!.filesystems[0]!;
    expect(btrfs.volume?.id).toBe('btrfs:/data:');
    expect(btrfs.children.map((c) => c.label)).toEqual(['home', 'projects', 'projects-experiment']);
    expect(btrfs.children[2]!.isClone).toBe(true);
    const zfs = groups[1]!.filesystems;
    expect(zfs).toHaveLength(1); // one pool, though three of its datasets are mounted
    expect(zfs[0]!.children.map((c) => c.label)).toEqual(['vm', 'vm-test']);
  });

  it('without volumes, ZFS datasets still show (flat), and the tree flattens for the keyboard', () => {
    const groups = buildSidebar(MOUNTS, []);
    expect(groups[1]!.filesystems[0]!.children.map((c) => c.path)).toEqual(['/tank/vm', '/tank/vm-test']);
    const all = new Set(groups.flatMap((g) => g.filesystems.map((f) => f.id)));
    expect(visibleRows(groups, all).map((r) => r.depth)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(visibleRows(groups, new Set())).toHaveLength(4);
  });
});
