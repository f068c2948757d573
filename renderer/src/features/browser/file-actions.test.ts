import { describe, expect, it } from 'vitest';
import type { DirEntry, Mount, Volume } from '../../../../shared/domain';
import { MOUNTS, VOLUMES } from '../../../../e2e/ui/support/fake-world';
import { fileActionStates } from './file-actions';

const mount = (mp: string): Mount => MOUNTS.find((m) => m.mountpoint === mp)!;
const volume = (id: string): Volume => VOLUMES.find((v) => v.id === id)!;
const file: DirEntry = { name: 'a.txt', type: 'file', size: 1, mtime: '', mode: 0, ino: 1 };
const dir: DirEntry = { name: 'd', type: 'dir', size: 1, mtime: '', mode: 0, ino: 2 };
const subvol: DirEntry = { ...dir, name: 'home', volumeRoot: true };

describe('file actions follow the capability matrix', () => {
  it('btrfs: everything; in a snapshot, clone here is refused with the way out', () => {
    const s = fileActionStates({ mount: mount('/data'), volume: volume('btrfs:/data:home'), inSnapshot: false, entries: [file] });
    expect(Object.values(s).every((a) => a.enabled)).toBe(true);
    const snap = fileActionStates({ mount: mount('/data'), volume: volume('btrfs:/data:home'), inSnapshot: true, entries: [file] });
    expect(snap.cloneHere).toMatchObject({ enabled: false, reason: expect.stringMatching(/read-only.*Clone to/) });
    expect(snap.cloneTo.enabled).toBe(true);
  });

  it('ZFS without block cloning: files cannot be cloned (with the reason), dataset roots can', () => {
    const z = fileActionStates({ mount: mount('/tank'), volume: volume('zfs:tank'), inSnapshot: false, entries: [file] });
    expect(z.cloneHere).toMatchObject({ enabled: false, reason: expect.stringContaining('zfs_bclone_enabled is 0') });
    expect(z.snapshot.enabled).toBe(true);
    const root = fileActionStates({ mount: mount('/tank'), volume: volume('zfs:tank'), inSnapshot: false, entries: [{ ...subvol, name: 'vm' }] });
    expect(root.cloneHere.enabled).toBe(true);
  });

  it('XFS / ext4 / nothing selected / several selected', () => {
    const x = fileActionStates({ mount: mount('/scratch'), volume: null, inSnapshot: false, entries: [file] });
    expect(x.cloneHere.enabled).toBe(true);
    expect(x.snapshot).toMatchObject({ enabled: false, reason: expect.stringContaining('XFS has no snapshots') });
    expect(x.versions.enabled).toBe(false);
    const e4 = fileActionStates({ mount: mount('/'), volume: null, inSnapshot: false, entries: [dir] });
    expect(e4.cloneHere.reason).toContain('ext4 has no shared extents');
    const none = fileActionStates({ mount: mount('/data'), volume: volume('btrfs:/data:home'), inSnapshot: false, entries: [] });
    expect(none.cloneHere.reason).toMatch(/Select a file/);
    expect(none.copyPath.enabled).toBe(true);
    const two = fileActionStates({ mount: mount('/data'), volume: volume('btrfs:/data:home'), inSnapshot: false, entries: [file, dir] });
    expect(two.cloneHere.enabled).toBe(true);
    expect(two.properties.enabled).toBe(false);
    expect(two.versions.reason).toMatch(/one/);
  });

  it('no volume because listing failed: says why', () => {
    const s = fileActionStates({ mount: mount('/data'), volume: null, inSnapshot: false, entries: [file], volumesError: 'btrfs subvolume list needs root' });
    expect(s.snapshot.reason).toContain('needs root');
  });
});
