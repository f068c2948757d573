import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../shared/domain';
import { makeLoopFs, makeZfsPool, sh, type LoopFs, type ZfsPool } from '../fixtures/fs';
import {
  allowLauncher, buildBundles, cliAsUser, HELPER_JOURNAL, LAUNCHER, makeTestUser, runAsUser, runtimeDir, userDir, type DriverLine, type TestUser,
} from './privilege-fixtures';

// The core runs as an unprivileged user; privileged verbs go through the root helper started with `sudo -n`
// (a rule that allows only the launcher) or with sudo in a pty and a real password. Without the rule they report
// NEEDS_ADMIN cleanly. Needs root (users, sudoers, loop mounts, zfs-fuse): run in the fs suite.

const SHELLS = /(^|\/)(sh|bash|dash|zsh|ksh|csh|tcsh|fish|busybox)$/;
const PASSWORD = 'Cowshed pty test: correct horse';

let user: TestUser;
let btrfs: LoopFs;
let zfs: ZfsPool;
let state: string;

const zfsGuid = (name: string) => sh('zfs', ['get', '-H', '-p', '-o', 'value', 'guid', name]).trim();
const btrfsUuid = (path: string) => /^\s*UUID:\s+(\S+)\s*$/m.exec(sh('btrfs', ['subvolume', 'show', path]))![1]!;
const plan = (fs: 'zfs' | 'btrfs', items: { id: string; label: string; identity: Record<string, string> }[]): Plan => ({
  id: 'test-plan', kind: 'destroy', fs, target: items[0]!.id, title: 'test', summary: [], blockers: [], warnings: [], commands: [],
  bytesFreed: null, confirmText: null, createdAt: new Date().toISOString(),
  items: items.map((i) => ({ action: 'destroy', type: 'snapshot', ...i })),
});
const ok = (l: DriverLine | undefined) => {
  expect(l?.ok, JSON.stringify(l?.error)).toBe(true);
  return l!.result as { via?: string; stdout: string; argv: string[] };
};
const journalLines = () => (existsSync(HELPER_JOURNAL) ? readFileSync(HELPER_JOURNAL, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

beforeAll(async () => {
  await buildBundles();
  user = makeTestUser(PASSWORD);
  btrfs = makeLoopFs('btrfs');
  zfs = makeZfsPool();
  for (const d of [btrfs.dir, zfs.dir]) chmodSync(d, 0o755);
  state = userDir(user, join(btrfs.dir, 'state'));
  const mp = btrfs.mountpoint;
  sh('btrfs', ['subvolume', 'create', `${mp}/rootsub`]);
  writeFileSync(`${mp}/rootsub/data.txt`, 'root data\n');
  sh('btrfs', ['subvolume', 'snapshot', '-r', `${mp}/rootsub`, `${mp}/rootsub-ro`]);
  mkdirSync(`${mp}/recv`);
  userDir(user, `${mp}/u`);
  chmodSync(`${mp}/u`, 0o755);
  sh('zfs', ['create', `${zfs.pool}/a`]);
  writeFileSync(`${zfs.mountpoint}/a/data.txt`, 'zfs data\n');
});

afterAll(() => {
  user?.cleanup();
  zfs?.cleanup();
  btrfs?.cleanup();
});

describe('with a sudo -n rule that allows only the launcher', () => {
  let revoke: () => void;
  beforeAll(() => (revoke = allowLauncher(user.name, { nopasswd: true })));
  afterAll(() => revoke());

  it('runs privileged verbs through the helper, and the user\'s own snapshots as the user', () => {
    const mp = btrfs.mountpoint;
    const before = journalLines().length;
    const r = runAsUser(user, state, [
      { op: 'status' },
      { op: 'run', tool: 'btrfs', args: ['subvolume', 'list', '-a', '-u', mp] },
      { op: 'mutate', verb: 'snapshot', tool: 'btrfs', args: ['subvolume', 'snapshot', '-r', `${mp}/rootsub`, `${mp}/rootsub-snap`] },
      { op: 'mutate', verb: 'create', tool: 'btrfs', args: ['subvolume', 'create', `${mp}/u/mine`] },
      { op: 'mutate', verb: 'snapshot', tool: 'btrfs', args: ['subvolume', 'snapshot', '-r', `${mp}/u/mine`, `${mp}/u/mine-snap`] },
      { op: 'run', tool: 'zfs', args: ['list', '-H', '-o', 'name', '-r', zfs.pool] },
      { op: 'mutate', verb: 'snapshot', tool: 'zfs', args: ['snapshot', `${zfs.pool}/a@one`] },
      { op: 'mutate', verb: 'destroy', tool: 'zfs', args: ['destroy', `${zfs.pool}/a@one`] },
      { op: 'pipeline', a: { tool: 'zfs', args: ['send', `${zfs.pool}/a@one`] }, b: { tool: 'zfs', args: ['receive', '-u', `${zfs.pool}/copy`] } },
      { op: 'pipeline', a: { tool: 'btrfs', args: ['send', `${mp}/rootsub-ro`] }, b: { tool: 'btrfs', args: ['receive', `${mp}/recv`] } },
    ]);
    const [status, list, rootSnap, create, ownSnap, zlist, zsnap, zdestroy, zsend, bsend] = r.results;
    expect((status!.result as { methods: { method: string; available: boolean }[] }).methods.find((m) => m.method === 'sudo-n')?.available).toBe(true);
    expect(ok(list).via).toBe('helper:sudo-n');
    expect(ok(list).stdout).toMatch(/rootsub/);
    expect(ok(rootSnap).via).toBe('helper:sudo-n');
    expect(ok(create).via, 'creating a subvolume in a folder the user owns needs no root').toBeUndefined();
    expect(ok(ownSnap).via, 'snapshotting one\'s own subvolume needs no root').toBeUndefined();
    expect(ok(zlist).stdout).toContain(`${zfs.pool}/a`);
    expect(ok(zsnap).via).toBe('helper:sudo-n');
    expect(zdestroy!.error?.code, 'destroy without a plan').toBe('PLAN_NOT_FOUND');
    const piped = (l: DriverLine | undefined) => (ok(l) as unknown as { b: { via?: string } }).b.via;
    expect(piped(zsend)).toBe('helper:sudo-n');
    expect(piped(bsend)).toBe('helper:sudo-n');
    expect(r.code).toBe(1); // the refused destroy
    expect(sh('zfs', ['list', '-H', '-o', 'name', `${zfs.pool}/copy@one`]).trim()).toBe(`${zfs.pool}/copy@one`);
    expect(readFileSync(`${mp}/recv/rootsub-ro/data.txt`, 'utf8')).toBe('root data\n');
    // The helper journals with the calling uid; the user's own journal says how each command ran.
    const mine = journalLines().slice(before).filter((e) => e.uid === user.uid);
    expect(mine.map((e) => e.verb)).toEqual(expect.arrayContaining(['btrfs.subvolume.snapshot', 'zfs.snapshot', 'zfs.receive', 'btrfs.receive']));
    const own = readFileSync(join(state, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(own.filter((e) => e.via === 'helper:sudo-n').length).toBeGreaterThanOrEqual(2);
    // No shell anywhere: not in the app, not in the helper.
    for (const argv of [...r.spawns!.spawned!, ...r.spawns!.helperSpawned!]) expect(argv[0]).not.toMatch(SHELLS);
  });

  it('destroys by plan only: identities re-checked by the helper, stale plans refused', () => {
    const snap = `${zfs.pool}/a@one`;
    const guid = zfsGuid(snap);
    const sub = `${btrfs.mountpoint}/rootsub-snap`;
    const uuid = btrfsUuid(sub);
    const stale = plan('zfs', [{ id: `zfs:${snap}`, label: snap, identity: { guid: '12345' } }]);
    const good = plan('zfs', [{ id: `zfs:${snap}`, label: snap, identity: { guid } }]);
    const r = runAsUser(user, state, [
      { op: 'mutate', verb: 'destroy', tool: 'zfs', args: ['destroy', snap], plan: stale },
      { op: 'mutate', verb: 'destroy', tool: 'zfs', args: ['destroy', '-r', `${zfs.pool}/a`], plan: good },
      { op: 'mutate', verb: 'destroy', tool: 'zfs', args: ['destroy', snap], plan: good },
      { op: 'mutate', verb: 'delete', tool: 'btrfs', args: ['subvolume', 'delete', sub], plan: plan('btrfs', [{ id: 'x', label: 'x', identity: { uuid: '00000000-0000-0000-0000-000000000000' } }]) },
      { op: 'mutate', verb: 'delete', tool: 'btrfs', args: ['subvolume', 'delete', sub], plan: plan('btrfs', [{ id: 'x', label: 'x', identity: { uuid } }]) },
    ]);
    expect(r.results[0]!.error?.code).toBe('PLAN_STALE');
    expect(r.results[1]!.error?.code, 'a recursive destroy reaching beyond the plan').toBe('PLAN_STALE');
    expect(ok(r.results[2]).via).toBe('helper:sudo-n');
    expect(r.results[3]!.error?.code).toBe('PLAN_STALE');
    expect(ok(r.results[4]).via).toBe('helper:sudo-n');
    expect(sh('zfs', ['list', '-H', '-o', 'name', '-t', 'snapshot', '-r', `${zfs.pool}/a`])).not.toContain(snap);
    expect(existsSync(sub)).toBe(false);
  });

  it('the CLI as the user: snapshot, and destroy through commitPlan (the plan reaches the helper by itself)', () => {
    const made = cliAsUser(user, state, ['snapshot', `zfs:${zfs.pool}/a`, '--name', 'cli1', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const gone = cliAsUser(user, state, ['destroy', `zfs:${zfs.pool}/a@cli1`, '--yes', '--json']);
    expect(gone.code, gone.stderr).toBe(0);
    expect(sh('zfs', ['list', '-H', '-o', 'name', '-t', 'snapshot', '-r', `${zfs.pool}/a`])).not.toContain('@cli1');
    const mine = journalLines().filter((e) => e.uid === user.uid && e.verb === 'zfs.destroy');
    expect(mine.at(-1)?.argv).toEqual(['/usr/sbin/zfs', 'destroy', `${zfs.pool}/a@cli1`].map((a, i) => (i === 0 ? mine.at(-1)!.argv[0] : a)));
  });

  it('refuses forged requests sent straight to the running helper, and runs nothing', () => {
    const before = journalLines().length;
    const forged = [
      { t: 'req', id: 1, verb: 'exec', args: { argv: ['/bin/sh', '-c', 'id'] } },
      { t: 'req', id: 2, verb: 'zfs.snapshot', args: { snapshots: [`${zfs.pool}/a@x`] }, argv: ['/bin/sh', '-c', 'id'] },
      { t: 'req', id: 3, verb: 'btrfs.subvolume.list', args: { path: '/etc' } },
      { t: 'req', id: 4, verb: 'zfs.snapshot', args: { snapshots: [`${zfs.pool}/a@-R`] } },
      { t: 'req', id: 5, verb: 'btrfs.subvolume.snapshot', args: { source: `${btrfs.mountpoint}/rootsub`, dest: `${btrfs.mountpoint}/../escape` } },
      { t: 'req', id: 6, verb: 'zfs.snapshot', args: { snapshots: [`${zfs.pool}/a@x\ny`] } },
      { t: 'req', id: 7, verb: 'zfs.snapshot', args: { snapshots: [`${zfs.pool}/a@x%y`] } },
      { t: 'req', id: 8, verb: 'zfs.snapshot', args: { snapshots: [`${zfs.pool}/a@x,y`] } },
      { t: 'req', id: 9, verb: 'zfs.destroy', args: { target: `${zfs.pool}/a`, recursive: true } },
    ];
    const r = runAsUser(user, state, forged.map((frame) => ({ op: 'forge', frame })));
    expect(r.results.map((l) => l.error?.code)).toEqual([
      'USAGE', 'USAGE', 'OUTSIDE_MOUNTS', 'INVALID_NAME', 'INVALID_PATH', 'INVALID_NAME', 'INVALID_NAME', 'INVALID_NAME', 'PLAN_NOT_FOUND',
    ]);
    expect(r.spawns!.helperSpawned).toEqual([]);
    expect(journalLines().length).toBe(before);
    expect(sh('zfs', ['list', '-H', '-o', 'name', '-r', zfs.pool])).toContain(`${zfs.pool}/a`);
  });

  it('the sudo-prompt channel: the helper dials back to a socket in /run/user/<uid>', () => {
    runtimeDir(user);
    const r = runAsUser(user, state, [{ op: 'socket-rendezvous', sudo: '/usr/bin/sudo', launcher: LAUNCHER }]);
    expect(ok(r.results[0]).via).toBe('helper:sudo-prompt');
  });
});

describe('without the rule', () => {
  it('privileged verbs report NEEDS_ADMIN cleanly (exit 1), unprivileged ones still work', () => {
    const mp = btrfs.mountpoint;
    const r = runAsUser(user, state, [
      { op: 'run', tool: 'btrfs', args: ['subvolume', 'list', mp] },
      { op: 'mutate', verb: 'snapshot', tool: 'btrfs', args: ['subvolume', 'snapshot', '-r', `${mp}/rootsub`, `${mp}/rootsub-snap2`] },
      { op: 'mutate', verb: 'snapshot', tool: 'zfs', args: ['snapshot', `${zfs.pool}/a@two`] },
      { op: 'mutate', verb: 'snapshot', tool: 'btrfs', args: ['subvolume', 'snapshot', '-r', `${mp}/u/mine`, `${mp}/u/mine-snap2`] },
      { op: 'preflight' },
    ]);
    expect(r.results.slice(0, 3).map((l) => l.error?.code)).toEqual(['NEEDS_ADMIN', 'NEEDS_ADMIN', 'NEEDS_ADMIN']);
    expect(ok(r.results[3]).via).toBeUndefined();
    const pre = r.results[4]!.result as { action: string; needsAdmin: boolean; mountpoint?: string }[];
    expect(pre.find((p) => p.mountpoint === mp && p.action === 'listVolumes')?.needsAdmin).toBe(true);
    expect(pre.find((p) => p.mountpoint === mp && p.action === 'destroy')?.needsAdmin).toBe(true);
    expect(pre.find((p) => p.mountpoint === zfs.mountpoint && p.action === 'snapshot')?.needsAdmin).toBe(true);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.code).toBe('NEEDS_ADMIN');
    const cli = cliAsUser(user, state, ['snapshot', `zfs:${zfs.pool}/a`, '--name', 'nope', '--json']);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stderr).error.code).toBe('NEEDS_ADMIN');
  });
});

describe('sudo in a pty with the password typed into Cowshed\'s dialog', () => {
  let revoke: () => void;
  beforeAll(() => (revoke = allowLauncher(user.name, { nopasswd: false })));
  afterAll(() => revoke());

  it('a wrong password: one attempt, a clear error, nothing runs', () => {
    const started = Date.now();
    const r = runAsUser(user, state, [{ op: 'authenticate', method: 'sudo-pty', password: 'wrong password' }, { op: 'status' }]);
    expect(r.results[0]!.error?.code).toBe('NEEDS_ADMIN');
    expect(r.results[0]!.error?.details).toEqual({ reason: 'wrong-password' });
    expect(r.results[0]!.error?.message).toMatch(/did not accept the password/);
    expect((r.results[1]!.result as { helperRunning: boolean }).helperRunning).toBe(false);
    expect(Date.now() - started, 'no retry loop (sudo would ask 3 times)').toBeLessThan(15_000);
    expect(r.stdout + r.stderr).not.toContain('wrong password');
  });

  it('the right password starts the helper; it is never logged or kept', () => {
    const r = runAsUser(user, state, [
      { op: 'authenticate', method: 'sudo-pty', password: PASSWORD },
      { op: 'run', tool: 'btrfs', args: ['subvolume', 'list', btrfs.mountpoint] },
      { op: 'mutate', verb: 'snapshot', tool: 'zfs', args: ['snapshot', `${zfs.pool}/a@pty`] },
    ]);
    expect(ok(r.results[0])).toEqual({ helperRunning: true, method: 'sudo-pty' });
    expect(ok(r.results[1]).via).toBe('helper:sudo-pty');
    expect(ok(r.results[2]).via).toBe('helper:sudo-pty');
    for (const text of [r.stdout, r.stderr, readFileSync(join(state, 'journal.jsonl'), 'utf8'), readFileSync(HELPER_JOURNAL, 'utf8')])
      expect(text).not.toContain(PASSWORD);
    for (const argv of [...r.spawns!.spawned!, ...r.spawns!.helperSpawned!]) expect(argv.join(' ')).not.toContain(PASSWORD);
  });
});
