import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mount } from '../../../../shared/domain';
import { btrfsId } from '../../../../shared/ids';
import type { BtrfsFs } from './btrfs-fs';
import { parseList } from './list-format';
import { lineageFrom, missingUuidId } from './lineage';
import { ALL, READONLY, SubvolTable, topLevel, toSubvol } from './subvol-table';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');

/** The captured filesystem (testdata/README.md) as a table, mounted at /m. */
function capturedTable(): SubvolTable {
  const mount = { mountpoint: '/m', root: '/', device: '0:40', kind: 'btrfs', subvolId: 5 } as Mount;
  const fs: BtrfsFs = { fsUuid: 'fs', canonical: mount, mounts: [mount], raw: [], idPrefix: btrfsId(mount.mountpoint, '') };
  const ro = new Set(parseList(fixture('list-a-r.txt'), READONLY, 5).map((r) => r.id));
  const rows = parseList(fixture('list-a-c-u-q-R.txt'), ALL, 5).map((r) => toSubvol(r, ro.has(r.id), null));
  return new SubvolTable(fs, [topLevel(), ...rows]);
}

describe('btrfs lineage from parent and received uuids', () => {
  const t = capturedTable();
  const id = (p: string) => `btrfs:/m:${p}`;

  it('walks the whole connected graph from any member', () => {
    const g = lineageFrom(t, t.byPath.get('home')!);
    expect(g.focus).toBe(id('home'));
    const has = (from: string, to: string, kind: string) => g.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
    expect(has(id('home'), id('.snapshots/home-2024-05-01T10:00:00Z'), 'snapshot-of')).toBe(true);
    expect(has(id('home'), id('home-clone'), 'snapshot-of')).toBe(true); // writable snapshot of a volume
    expect(has(id('.snapshots/home-2024-05-01T10:00:00Z'), id('home-from-snap'), 'clone-of')).toBe(true);
    expect(has(id('.snapshots/home-2024-05-01T10:00:00Z'), id('recv/home-2024-05-01T10:00:00Z'), 'received-from')).toBe(true);
    // Incremental receive: a snapshot of the earlier received copy, received from the newer snapshot.
    expect(has(id('recv/home-2024-05-01T10:00:00Z'), id('recv2/home-2024-05-02T10:00:00Z'), 'snapshot-of')).toBe(true);
    expect(has(id('.snapshots/home-2024-05-02T10:00:00Z'), id('recv2/home-2024-05-02T10:00:00Z'), 'received-from')).toBe(true);
    expect(g.nodes.map((n) => n.id)).not.toContain(id('home/user')); // nesting is not lineage
    const fromCopy = lineageFrom(t, t.byPath.get('recv2/home-2024-05-01T10:00:00Z')!);
    expect(fromCopy.nodes.map((n) => n.id).sort()).toEqual(g.nodes.map((n) => n.id).sort());
  });

  it('labels node kinds', () => {
    const g = lineageFrom(t, t.byPath.get('home')!);
    const kind = (p: string) => g.nodes.find((n) => n.id === id(p))?.kind;
    expect(kind('home')).toBe('volume');
    expect(kind('.snapshots/home-2024-05-01T10:00:00Z')).toBe('snapshot');
    expect(kind('home-from-snap')).toBe('clone');
    expect(kind('recv/home-2024-05-01T10:00:00Z')).toBe('snapshot');
  });

  it('keeps origins that are gone as placeholder nodes', () => {
    const gone = new SubvolTable(t.fs, t.rows.filter((s) => s.path !== 'home/user'));
    const g = lineageFrom(gone, gone.byPath.get('.snapshots/user-2024-05-01T10:00:00Z')!);
    const uuid = '03a98391-c061-5e4d-b2bd-7f4d2992fe2b';
    expect(g.nodes.find((n) => n.id === missingUuidId(uuid))?.label).toMatch(/deleted/);
    expect(g.edges).toContainEqual({ from: missingUuidId(uuid), to: id('.snapshots/user-2024-05-01T10:00:00Z'), kind: 'snapshot-of' });
  });
});
