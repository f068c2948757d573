import { describe, expect, it } from 'vitest';
import { byteLength, checkBtrfsName } from '../../../../shared/validate';
import { defaultCloneDir, defaultSnapshotDir, defaultSnapshotName, isoStamp } from './naming';

const NOW = new Date('2024-05-01T10:00:00.123Z');

describe('default snapshot names and placement', () => {
  it('names a snapshot <subvolume>-<ISO timestamp>, valid for btrfs', () => {
    expect(isoStamp(NOW)).toBe('2024-05-01T10:00:00Z');
    const r = defaultSnapshotName('home', NOW, () => false);
    expect(r).toEqual({ name: 'home-2024-05-01T10:00:00Z' });
    expect(checkBtrfsName('home-2024-05-01T10:00:00Z').ok).toBe(true);
    expect(defaultSnapshotName('<top level>', NOW, () => false)).toEqual({ name: 'top-level-2024-05-01T10:00:00Z' });
  });

  it('adds -2, -3… when the name is taken', () => {
    const taken = new Set(['home-2024-05-01T10:00:00Z', 'home-2024-05-01T10:00:00Z-2']);
    expect(defaultSnapshotName('home', NOW, (n) => taken.has(n))).toEqual({ name: 'home-2024-05-01T10:00:00Z-3' });
  });

  it('keeps long names within 255 bytes without splitting a character', () => {
    const r = defaultSnapshotName('é'.repeat(200), NOW, () => false) as { name: string };
    expect(byteLength(r.name)).toBeLessThanOrEqual(255);
    expect(r.name.endsWith('-2024-05-01T10:00:00Z')).toBe(true);
    expect(checkBtrfsName(r.name).ok).toBe(true);
  });

  it('reports the validator verdict when no valid default exists', () => {
    const r = defaultSnapshotName('-weird', NOW, () => false);
    expect('verdict' in r && !r.verdict.ok && r.verdict.code).toBe('INVALID_NAME');
  });

  it('puts snapshots beside the subvolume, or inside it when it is a mount root', () => {
    expect(defaultSnapshotDir('/mnt/pool/home', false)).toBe('/mnt/pool/.snapshots');
    expect(defaultSnapshotDir('/home', true)).toBe('/home/.snapshots');
    expect(defaultSnapshotDir('/', true)).toBe('/.snapshots');
    expect(defaultSnapshotDir('/mnt/pool/.snapshots/home-x', false)).toBe('/mnt/pool/.snapshots');
    expect(defaultCloneDir('/mnt/pool/.snapshots/home-x')).toBe('/mnt/pool');
    expect(defaultCloneDir('/mnt/pool/data/snap')).toBe('/mnt/pool/data');
  });
});
