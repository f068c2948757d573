/**
 * The native subvolume listing (ioctls, native/clone/btrfs-list.cc) against the btrfs-progs route (parsed
 * `btrfs subvolume list` / `show` runs, COWSHED_BTRFS_LIST=progs), on one real filesystem built to be awkward:
 * subvolumes nested in folders and in each other, names with spaces, tabs, newlines, quotes and bytes that are
 * not UTF-8, snapshots of snapshots,
 * read-only and writable ones, a received subvolume, a second mount of a nested subvolume, and a subvolume
 * deleted just before listing. Everything both routes can know must agree (times to the second: btrfs-progs
 * prints seconds), and the native route must know more, not less.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lineage, Snapshot, Volume } from '../../shared/domain';
import { createSubvol, idOf, sendReceive, snapshotSubvol } from '../fixtures/btrfs';
import { cli, fixtureDir, makeLoopFs, sh, unmount, type LoopFs } from '../fixtures/fs';
import { nativeAddon } from '../../main/core/clone/native';
import { Service } from '../../main/core/service';

const PROGS = { COWSHED_BTRFS_LIST: 'progs' };
function json<T>(args: string[], env?: Record<string, string>): T {
  const r = cli([...args, '--json'], { env });
  expect(r.code, `cowshed ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const toSecond = (iso: string | null | undefined) => (iso ? iso.slice(0, 19) : iso);

describe('native btrfs subvolume list = btrfs-progs list', () => {
  let fs: LoopFs;
  let second: string;
  beforeAll(() => {
    expect(nativeAddon()?.btrfsSubvolumes, 'the native addon is built (npm run build)').toBeTypeOf('function');
    fs = makeLoopFs('btrfs');
    createSubvol(fs, 'home');
    mkdirSync(join(fs.mountpoint, 'home/a folder/deeper'), { recursive: true });
    createSubvol(fs, 'home/a folder/deeper/projects');
    createSubvol(fs, 'home/a folder/deeper/projects/inner');
    createSubvol(fs, 'odd name\twith tab');
    createSubvol(fs, 'line\nbreak');
    createSubvol(fs, 'quote"and\\backslash');
    // A name that is not UTF-8 (btrfs names are bytes): both routes show it with U+FFFD, the same way.
    sh('bash', ['-c', 'btrfs subvolume create "$1/$(printf "latin1-\\xe9t\\xe9")"', 'mk', fs.mountpoint]);
    mkdirSync(join(fs.mountpoint, 'snaps'));
    snapshotSubvol(fs, 'home', 'snaps/home-1');
    snapshotSubvol(fs, 'home', 'snaps/home-2');
    snapshotSubvol(fs, 'home', 'snaps/home-rw', false);
    snapshotSubvol(fs, 'snaps/home-1', 'snaps/home-1-clone', false); // a writable snapshot of a snapshot
    snapshotSubvol(fs, 'home/a folder/deeper/projects', 'home/a folder/projects-snap');
    sendReceive(fs, 'snaps/home-1', 'received');
    createSubvol(fs, 'doomed');
    sh('btrfs', ['subvolume', 'delete', join(fs.mountpoint, 'doomed')]); // gone, maybe not yet cleaned
    // A second mount of a nested subvolume: ids stay relative to the top-level mount.
    second = join(fixtureDir('btrfs-second'), 'mnt');
    mkdirSync(second);
    sh('mount', ['-o', `loop,subvol=home/a folder/deeper/projects`, fs.image, second]);
  });
  afterAll(() => {
    if (second) unmount(second);
    fs?.cleanup();
  });

  it('volumes: every subvolume with the same ids, paths, uuids, generations, flags and nesting', () => {
    const native = json<Volume[]>(['volumes', fs.mountpoint]);
    const progs = json<Volume[]>(['volumes', fs.mountpoint], PROGS);
    // btrfs's own list (ids only: a name with a newline spans two lines of it).
    const rawIds = [...sh('btrfs', ['subvolume', 'list', '-a', fs.mountpoint]).matchAll(/^ID (\d+) /gm)].map((m) => Number(m[1]));
    expect(native.map((v) => (v.identity as { subvolId: number }).subvolId).sort((a, b) => a - b)).toEqual([5, ...rawIds].sort((a, b) => a - b));
    expect(native.map((v) => v.extra!.pathFromTopLevel)).toEqual(expect.arrayContaining(['line\nbreak', 'odd name\twith tab', 'quote"and\\backslash', 'latin1-\uFFFDt\uFFFD']));
    expect(native.map((v) => v.extra!.pathFromTopLevel)).not.toContain('doomed');
    const norm = (v: Volume) => ({ ...v, created: toSecond(v.created) });
    expect(native.map(norm)).toEqual(progs.map(norm));
    // The native route reads every creation time and the top level's uuid in the same pass.
    for (const v of native) expect(v.created, v.id).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('snapshots of each subvolume, oldest first, with read-only flags, times and clones', () => {
    for (const path of ['home', 'snaps/home-1', 'home/a folder/deeper/projects']) {
      const native = json<Snapshot[]>(['snapshots', idOf(fs, path)]);
      const progs = json<Snapshot[]>(['snapshots', idOf(fs, path)], PROGS);
      const norm = (s: Snapshot) => ({ ...s, created: toSecond(s.created) });
      expect(native.map(norm), path).toEqual(progs.map(norm));
    }
    const home = json<Snapshot[]>(['snapshots', join(fs.mountpoint, 'home')]);
    expect(home.map((s) => [s.name, s.readonly])).toEqual([
      ['home-1', true],
      ['home-2', true],
      ['home-rw', false],
    ]);
    expect(home[0]!.clones).toEqual([idOf(fs, 'snaps/home-1-clone')]);
    // Through the second mount: the same subvolume, the same answer.
    expect(json<Snapshot[]>(['snapshots', second])).toEqual(json<Snapshot[]>(['snapshots', idOf(fs, 'home/a folder/deeper/projects')]));
  });

  it('lineage: snapshot-of and received-from edges agree', () => {
    for (const path of ['home', 'received/home-1']) {
      const native = json<Lineage>(['lineage', idOf(fs, path)]);
      const progs = json<Lineage>(['lineage', idOf(fs, path)], PROGS);
      const edges = (l: Lineage) => l.edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort();
      expect(edges(native), path).toEqual(edges(progs));
      expect(native.nodes.map((n) => n.id).sort()).toEqual(progs.nodes.map((n) => n.id).sort());
    }
    const received = json<Lineage>(['lineage', idOf(fs, 'received/home-1')]);
    expect(received.edges.map((e) => e.kind)).toContain('received-from');
  });

  it('a filesystem mounted only through a nested subvolume (the @ / @home layout): same paths from the top level', () => {
    const only = makeLoopFs('btrfs');
    try {
      createSubvol(only, '@');
      createSubvol(only, '@home');
      mkdirSync(join(only.mountpoint, '@/.snapshots'));
      snapshotSubvol(only, '@', '@/.snapshots/1');
      snapshotSubvol(only, '@home', '@/.snapshots/home-1');
      unmount(only.mountpoint);
      sh('mount', ['-o', 'loop,subvol=@', only.image, only.mountpoint]);
      const native = json<Volume[]>(['volumes', only.mountpoint]);
      const progs = json<Volume[]>(['volumes', only.mountpoint], PROGS);
      const norm = (v: Volume) => ({ ...v, created: toSecond(v.created) });
      expect(native.map(norm)).toEqual(progs.map(norm));
      // Around the mounted subvolume: it and what is nested in it, reachable through this mount.
      expect(native.map((v) => [v.extra!.pathFromTopLevel, v.path])).toEqual([
        ['@', only.mountpoint],
        ['@/.snapshots/1', join(only.mountpoint, '.snapshots/1')],
        ['@/.snapshots/home-1', join(only.mountpoint, '.snapshots/home-1')],
      ]);
      const snaps = json<Snapshot[]>(['snapshots', only.mountpoint]);
      expect(snaps).toEqual(json<Snapshot[]>(['snapshots', only.mountpoint], PROGS).map((x) => ({ ...x, created: snaps.find((y) => y.id === x.id)!.created })));
      expect(snaps.map((x) => x.fullName)).toEqual(['@/.snapshots/1']);
    } finally {
      only.cleanup();
    }
  });

  it('creation times are written as Date.prototype.toISOString writes them, for any date btrfs can hold', () => {
    // The list formats times itself (days to a civil date, not gmtime): every date it can meet is checked here,
    // since the subvolumes made above all carry today's.
    const iso = nativeAddon()!.btrfsIsoTime!;
    const check = (sec: number, nsec: number) => expect(iso(sec, nsec), `${sec}.${nsec}`).toBe(new Date(sec * 1000 + Math.floor(nsec / 1e6)).toISOString());
    for (const [sec, nsec] of [[1, 0], [951782400, 999_999_999], [951868800, 0], [4107542400, 1], [253402300799, 999_999_999], [1700000000, 5_000_000]]) check(sec!, nsec!);
    for (let sec = 1; sec < 4_200_000_000; sec += 86_399 * 37) check(sec, (sec * 7919) % 1e9);
    expect(iso(0, 0)).toBeNull(); // "no time"
    expect(iso(-1, 0)).toBeNull();
    expect(iso(253402300800, 0)).toBeNull(); // past what toISOString writes in four digits
  });

  it('the list started while the target is resolved is the one used, and serves only its own request', async () => {
    const addon = nativeAddon()!;
    const walk = addon.btrfsSubvolumes!;
    const walked: string[] = [];
    addon.btrfsSubvolumes = (mp: string) => (walked.push(mp), walk(mp));
    try {
      const service = new Service();
      const names = async (target: string) => (await service.call('snapshots', { target })).map((s) => s.name);
      const before = await names(join(fs.mountpoint, 'home'));
      expect(walked).toEqual([fs.mountpoint]); // one walk: the early one, not a second after resolving
      snapshotSubvol(fs, 'home', 'snaps/home-3');
      try {
        // A snapshot made between two requests is in the second: nothing listed early outlives its request.
        expect(await names(join(fs.mountpoint, 'home'))).toEqual([...before, 'home-3']);
        expect(await names(idOf(fs, 'home'))).toEqual([...before, 'home-3']);
        expect(walked).toEqual([fs.mountpoint, fs.mountpoint, fs.mountpoint]);
        expect([...service.ctx.state.keys()].filter((k) => k.startsWith('btrfs.earlyList:'))).toEqual([]);
      } finally {
        sh('btrfs', ['subvolume', 'delete', join(fs.mountpoint, 'snaps/home-3')]);
      }
    } finally {
      addon.btrfsSubvolumes = walk;
    }
  });

  it('off btrfs, or not allowed, the native list steps aside and btrfs-progs speaks', () => {
    const addon = nativeAddon()!;
    return expect(addon.btrfsSubvolumes!(fixtureDir('not-btrfs'))).rejects.toMatchObject({ code: 'ENOTTY' });
  });
});

describe('snapshots --json of more than a page (they are written as they are made, 1,000 at a time)', () => {
  let fs: LoopFs;
  beforeAll(() => {
    fs = makeLoopFs('btrfs', { sizeMB: 1024 });
    createSubvol(fs, 'vol');
    mkdirSync(join(fs.mountpoint, 'snaps'));
    // 2,100 read-only snapshots, four btrfs processes at a time (paths passed as arguments, not in the script).
    sh('bash', ['-c', 'seq -w 1 2100 | xargs -P4 -I{} btrfs subvolume snapshot -r "$1/vol" "$1/snaps/s{}" >/dev/null', 'mk', fs.mountpoint]);
    snapshotSubvol(fs, 'snaps/s1500', 'clone-of-1500', false); // a clone of a snapshot in the second page
  }, 360_000);
  afterAll(() => fs?.cleanup());

  it('is one JSON array with every snapshot once, oldest first, equal to the table and to btrfs-progs', () => {
    const snaps = json<Snapshot[]>(['snapshots', join(fs.mountpoint, 'vol')]);
    expect(snaps).toHaveLength(2100);
    expect(new Set(snaps.map((s) => s.id)).size).toBe(2100);
    expect(snaps.map((s) => s.generation)).toEqual(snaps.map((s) => s.generation).sort((a, b) => a! - b!));
    expect(snaps.find((s) => s.name === 's1500')!.clones).toEqual([idOf(fs, 'clone-of-1500')]);
    // The table is made from the whole list at once: the same snapshots in the same order.
    const table = cli(['snapshots', join(fs.mountpoint, 'vol')]);
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split('\n').slice(1).map((l) => l.slice(l.lastIndexOf(' ') + 1))).toEqual(snaps.map((s) => s.id));
    // Columns line up across every piece written (widths kept as rows come): each ID starts under the header's.
    const lines = table.stdout.trimEnd().split('\n');
    const idAt = lines[0]!.indexOf('ID');
    expect(lines.slice(1).map((l) => l.slice(idAt))).toEqual(snaps.map((s) => s.id));
    expect(lines.find((l) => l.startsWith('s1500 '))).toContain(`  ${idOf(fs, 'clone-of-1500')}  `);
    const progs = json<Snapshot[]>(['snapshots', join(fs.mountpoint, 'vol')], PROGS);
    const norm = (s: Snapshot) => ({ ...s, created: toSecond(s.created) });
    expect(snaps.map(norm)).toEqual(progs.map(norm));
  });
});
