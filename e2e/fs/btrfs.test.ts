import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lineage, Snapshot, Volume } from '../../shared/domain';
import { createSubvol, idOf, rawSubvol, rawSubvolumes, sendReceive, snapshotSubvol } from '../fixtures/btrfs';
import { CLI, cli, makeLoopFs, sh, unmount, type LoopFs } from '../fixtures/fs';

const json = <T>(args: string[]): T => {
  const r = cli([...args, '--json']);
  expect(r.code, `cowshed ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const errorOf = (args: string[]) => {
  const r = cli([...args, '--json']);
  return { code: r.code, error: r.stderr ? (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error : null };
};

describe('btrfs provider on a real loop-mounted btrfs', () => {
  let fs: LoopFs;
  beforeAll(() => {
    fs = makeLoopFs('btrfs');
    createSubvol(fs, 'data');
    createSubvol(fs, 'data/inner');
    createSubvol(fs, 'data/inner/deep'); // nested two deep
    mkdirSync(join(fs.mountpoint, 'data/folder'));
    writeFileSync(join(fs.mountpoint, 'data/file.txt'), 'v1\n');
  });
  afterAll(() => fs?.cleanup());

  it('lists every subvolume with ids, uuids, generation, flags, nesting and reachable paths', () => {
    const vols = json<Volume[]>(['volumes', fs.mountpoint]);
    const byPath = new Map(vols.map((v) => [v.extra!.pathFromTopLevel as string, v]));
    expect([...byPath.keys()]).toEqual(['', 'data', 'data/inner', 'data/inner/deep']);
    for (const path of ['data', 'data/inner', 'data/inner/deep']) {
      const v = byPath.get(path)!;
      const raw = rawSubvol(fs, path);
      expect(v.id).toBe(idOf(fs, path));
      expect(v.identity).toMatchObject({ kind: 'btrfs', subvolId: raw.id, uuid: raw.uuid });
      expect(v.path).toBe(join(fs.mountpoint, path));
      expect(v.isSnapshot).toBe(false);
      expect(v.readonly).toBe(false);
      expect(v.generation).toBeGreaterThan(0);
      expect(v.created).toMatch(/^\d{4}-\d\d-\d\dT/); // from `subvolume show`: list has no otime for non-snapshots
    }
    expect(byPath.get('data/inner/deep')!.parentId).toBe(idOf(fs, 'data/inner'));
    expect(byPath.get('data/inner')!.parentId).toBe(idOf(fs, 'data'));
    expect(byPath.get('')!.identity).toMatchObject({ subvolId: 5 });
    expect(byPath.get('')!.extra!.isDefault).toBe(true);
    // Around a target: the subvolume and what is nested in it; ids and paths resolve the same.
    expect(json<Volume[]>(['volumes', idOf(fs, 'data/inner')]).map((v) => v.id)).toEqual([idOf(fs, 'data/inner'), idOf(fs, 'data/inner/deep')]);
  });

  it('snapshots read-only and writable, with the default name beside the subvolume, oldest first', () => {
    const [ro] = json<Snapshot[]>(['snapshot', join(fs.mountpoint, 'data')]);
    expect(ro!.name).toMatch(/^data-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(ro!.browsePath).toBe(join(fs.mountpoint, '.snapshots', ro!.name));
    expect(ro!.readonly).toBe(true);
    expect(ro!.volumeId).toBe(idOf(fs, 'data'));
    // The same second again: the default name gets a suffix instead of failing.
    const [again] = json<Snapshot[]>(['snapshot', idOf(fs, 'data')]);
    expect(again!.name).not.toBe(ro!.name);
    const [rw] = json<Snapshot[]>(['snapshot', join(fs.mountpoint, 'data'), '--writable', '--name', 'data rw: copy']);
    expect(rw).toMatchObject({ name: 'data rw: copy', readonly: false });
    expect(existsSync(join(fs.mountpoint, '.snapshots', 'data rw: copy', 'file.txt'))).toBe(true);
    const [nested] = json<Snapshot[]>(['snapshot', join(fs.mountpoint, 'data/inner/deep'), '--name', 'deep-1']);
    expect(nested!.browsePath).toBe(join(fs.mountpoint, 'data/inner/.snapshots/deep-1'));

    const list = json<Snapshot[]>(['snapshots', join(fs.mountpoint, 'data')]);
    expect(list.map((s) => s.id)).toEqual([ro!.id, again!.id, rw!.id]);
    const gens = list.map((s) => s.generation!);
    expect([...gens].sort((a, b) => a - b)).toEqual(gens);
    expect(new Set(gens).size).toBe(3); // same-second snapshots still ordered by generation
    expect(list.map((s) => s.readonly)).toEqual([true, true, false]);
    for (const s of list) expect(s.identity).toMatchObject({ uuid: rawSubvol(fs, s.fullName).uuid });
    // A folder inside a subvolume stands for it when asking, but not when changing it.
    expect(json<Snapshot[]>(['snapshots', join(fs.mountpoint, 'data/folder')]).map((s) => s.id)).toEqual(list.map((s) => s.id));
    expect(errorOf(['snapshot', join(fs.mountpoint, 'data/folder')])).toMatchObject({ code: 2, error: { code: 'INVALID_PATH' } });
    expect(json<Snapshot[]>(['snapshots', idOf(fs, 'data/inner/deep')]).map((s) => s.name)).toEqual(['deep-1']);
    expect(json<Snapshot[]>(['snapshots', idOf(fs, 'data/inner')])).toEqual([]);
  });

  it('draws lineage from parent uuid (snapshot of, clone of) and received uuid (received from)', () => {
    snapshotSubvol(fs, 'data', 'data-snap');
    snapshotSubvol(fs, 'data-snap', 'data-clone', false); // writable snapshot of a read-only snapshot
    const received = sendReceive(fs, 'data-snap', 'backup');
    const g = json<Lineage>(['lineage', join(fs.mountpoint, 'data')]);
    const edge = (from: string, to: string) => g.edges.find((e) => e.from === idOf(fs, from) && e.to === idOf(fs, to))?.kind;
    expect(g.focus).toBe(idOf(fs, 'data'));
    expect(edge('data', 'data-snap')).toBe('snapshot-of');
    expect(edge('data-snap', 'data-clone')).toBe('clone-of');
    expect(edge('data-snap', 'backup/data-snap')).toBe('received-from');
    const kind = (p: string) => g.nodes.find((n) => n.id === idOf(fs, p))?.kind;
    expect([kind('data'), kind('data-snap'), kind('data-clone'), kind('backup/data-snap')]).toEqual(['volume', 'snapshot', 'clone', 'snapshot']);
    expect(g.nodes.some((n) => n.id === idOf(fs, 'data/inner'))).toBe(false); // nesting is not lineage
    // The same graph seen from the received copy.
    const fromCopy = json<Lineage>(['lineage', received]);
    expect(fromCopy.nodes.map((n) => n.id).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    const vol = json<Volume[]>(['volumes', received])[0]!;
    expect(vol.receivedUuid).toBe(rawSubvol(fs, 'data-snap').uuid);
    expect(vol.origin).toBeNull();
    expect(json<Volume[]>(['volumes', join(fs.mountpoint, 'data-clone')])[0]!.origin).toBe(idOf(fs, 'data-snap'));
  });

  it('sets and clears read-only, and refuses to make a received subvolume writable', () => {
    const r = errorOf(['readonly', join(fs.mountpoint, 'backup/data-snap'), 'off']);
    expect(r.code).toBe(1);
    expect(r.error!.code).toBe('RECEIVED');
    expect(r.error!.message).toMatch(/incremental sends/);
    expect(sh('btrfs', ['property', 'get', '-ts', join(fs.mountpoint, 'backup/data-snap'), 'ro']).trim()).toBe('ro=true');
    expect(json<Volume>(['readonly', join(fs.mountpoint, 'data-clone'), 'on']).readonly).toBe(true);
    expect(sh('btrfs', ['property', 'get', '-ts', join(fs.mountpoint, 'data-clone'), 'ro']).trim()).toBe('ro=true');
    expect(json<Volume>(['readonly', idOf(fs, 'data-clone'), 'off']).readonly).toBe(false);
  });

  it('renames a snapshot in place, refusing existing names and mounted subvolumes', () => {
    const s = json<Snapshot>(['rename', join(fs.mountpoint, 'data-snap'), 'data-snap:renamed']);
    expect(s.fullName).toBe('data-snap:renamed');
    expect(s.volumeId).toBe(idOf(fs, 'data'));
    expect(s.identity).toMatchObject({ uuid: rawSubvol(fs, 'data-snap:renamed').uuid });
    expect(errorOf(['rename', idOf(fs, 'data-snap:renamed'), 'data-clone'])).toMatchObject({ code: 1, error: { code: 'EXISTS' } });
    const mp = join(fs.dir, 'clone-mnt');
    mkdirSync(mp);
    sh('mount', ['-o', 'loop,subvol=data-clone', fs.image, mp]);
    try {
      expect(errorOf(['rename', idOf(fs, 'data-clone'), 'other'])).toMatchObject({ code: 1, error: { code: 'MOUNTED' } });
      // The second mount is the same filesystem: ids stay canonical (written against the top-level mount).
      expect(json<Volume[]>(['volumes', mp])[0]!.id).toBe(idOf(fs, 'data-clone'));
    } finally {
      unmount(mp);
    }
    expect(rawSubvolumes(fs).some((x) => x.path === 'data-clone')).toBe(true);
  });

  it('reports needs-admin instead of crashing when not root', () => {
    chmodSync(fs.dir, 0o755); // mkdtemp made it 0700
    const probed = asNobody(['probe']);
    expect(probed.code, probed.stderr).toBe(0);
    const probe = JSON.parse(probed.stdout) as { mountpoint: string; capabilities: Record<string, { ok: boolean; reason?: string; needsAdmin?: boolean }> }[];
    const m = probe.find((x) => x.mountpoint === fs.mountpoint)!;
    expect(m.capabilities.listVolumes).toMatchObject({ ok: false, needsAdmin: true });
    expect(m.capabilities.listVolumes!.reason).toMatch(/needs admin/);
    expect(m.capabilities.snapshot).toMatchObject({ ok: true, needsAdmin: true });
    const denied = asNobody(['snapshots', join(fs.mountpoint, 'data')]);
    expect(denied.code, denied.stderr).toBe(1);
    expect((JSON.parse(denied.stderr) as { error: { code: string } }).error.code).toBe('NEEDS_ADMIN');
    // Listing everything still works: filesystems that need admin are left out, as the matrix says.
    const all = asNobody(['volumes']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { id: string }[]).some((v) => v.id.startsWith(`btrfs:${fs.mountpoint}:`))).toBe(false);
    // btrfs lets owners snapshot their own subvolumes: that works, and reports what it can without listing.
    mkdirSync(join(fs.mountpoint, 'users'));
    createSubvol(fs, 'users/mine');
    sh('chown', ['65534:65534', join(fs.mountpoint, 'users'), join(fs.mountpoint, 'users/mine')]);
    const mine = asNobody(['snapshot', join(fs.mountpoint, 'users/mine'), '--name', 'mine-1']);
    expect(mine.code, mine.stderr).toBe(0);
    const [snap] = JSON.parse(mine.stdout) as Snapshot[];
    expect(snap).toMatchObject({ fullName: 'users/.snapshots/mine-1', readonly: true, identity: { subvolId: rawSubvol(fs, 'users/.snapshots/mine-1').id } });
  });
});

/** Run the built CLI as nobody (--json). */
function asNobody(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, CLI, ...args, '--json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
