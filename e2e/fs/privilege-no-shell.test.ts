import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onSpawn } from '../../main/core/exec/run';
import { Journal } from '../../main/core/journal/journal';
import { HelperServer } from '../../main/privilege/helper-server';
import { encodeFrame, HelperFrame } from '../../main/privilege/protocol';
import { VERBS } from '../../main/privilege/verb-table';
import { fixtureDir, isMounted, makeLoopFs, makeZfsPool, sh, unmount, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { buildBundles, LAUNCHER } from './privilege-fixtures';

// A run of every verb of the helper's table against real filesystems: every process it starts is a tool by
// absolute path, never a shell. Once in-process (every spawn observed), once in the real helper process under
// strace (every execve of the helper and its children).

const SHELLS = /(^|\/)(sh|bash|dash|zsh|ksh|csh|tcsh|fish|busybox)$/;
const TOOLS = /^\/(usr\/)?s?bin\/(zfs|zpool|btrfs|mount|umount)$/;

let btrfs: LoopFs;
let zfs: ZfsPool;
let tmp: string;

beforeAll(async () => {
  await buildBundles();
  btrfs = makeLoopFs('btrfs');
  zfs = makeZfsPool();
  tmp = fixtureDir('helper-verbs');
});
afterAll(() => {
  for (const m of ['inproc', 'traced'].map((t) => join(tmp, `top-${t}`))) if (isMounted(m)) unmount(m);
  rmSync(tmp, { recursive: true, force: true });
  zfs?.cleanup();
  btrfs?.cleanup();
});

/** Fresh objects for one run (tag keeps the two runs apart), and the requests that use every verb. */
function scenario(tag: string): { frames: () => Generator<Record<string, unknown>> } {
  const mp = btrfs.mountpoint;
  const P = zfs.pool;
  const b = `${mp}/${tag}`;
  mkdirSync(b);
  sh('btrfs', ['subvolume', 'create', `${b}/sub`]);
  writeFileSync(`${b}/sub/f`, 'x');
  sh('btrfs', ['subvolume', 'create', `${b}/gone`]);
  mkdirSync(`${b}/recv`);
  sh('zfs', ['create', `${P}/${tag}`]);
  sh('zfs', ['snapshot', `${P}/${tag}@s1`]);
  const top = join(tmp, `top-${tag}`);
  mkdirSync(top);
  const source = sh('findmnt', ['-n', '-o', 'SOURCE', '--target', mp]).trim();
  const Z = `${P}/${tag}`;
  const guid = (n: string) => () => sh('zfs', ['get', '-H', '-p', '-o', 'value', 'guid', n]).trim();
  const uuid = (p: string) => () => /^\s*UUID:\s+(\S+)/m.exec(sh('btrfs', ['subvolume', 'show', p]))![1]!;
  // Lazy: identities are read just before their request (earlier requests create the objects).
  const reqs: [string, () => Record<string, unknown>][] = [
    ['zfs.list', () => ({ H: true, recursive: true, names: [Z] })],
    ['zfs.get', () => ({ H: true, p: true, fields: 'name,property,value', properties: 'guid,createtxg', names: [Z] })],
    ['zfs.snapshot', () => ({ snapshots: [`${Z}@s2`] })],
    ['zfs.holds', () => ({ snapshots: [`${Z}@s1`] })],
    ['zfs.hold', () => ({ tag: 'keep', snapshots: [`${Z}@s1`] })],
    ['zfs.release', () => ({ tag: 'keep', snapshots: [`${Z}@s1`] })],
    ['zfs.create', () => ({ dataset: `${Z}/new` })],
    ['zfs.unmount', () => ({ dataset: `${Z}/new` })],
    ['zfs.mount', () => ({ dataset: `${Z}/new` })],
    ['zfs.clone', () => ({ snapshot: `${Z}@s1`, dataset: `${Z}-clone` })],
    ['zfs.set', () => ({ assignment: 'readonly=on', names: [`${Z}-clone`] })],
    ['zfs.promote', () => ({ clone: `${Z}-clone`, expect: [{ name: `${Z}-clone`, guid: guid(`${Z}-clone`)() }] })],
    ['zfs.promote', () => ({ clone: Z })],
    ['zfs.rename', () => ({ from: `${Z}@s2`, to: `${Z}@s3` })],
    ['zfs.destroy', () => ({ target: `${Z}@s3`, expect: [{ name: `${Z}@s3`, guid: guid(`${Z}@s3`)() }] })],
    ['zfs.rollback', () => ({ snapshot: `${Z}@s1`, expect: [{ name: `${Z}@s1`, guid: guid(`${Z}@s1`)() }] })],
    ['zpool.list', () => ({ H: true, pools: [P] })],
    ['zpool.get', () => ({ properties: 'size', pools: [P] })],
    ['zpool.status', () => ({ pools: [P] })],
    ['zpool.upgrade-versions', () => ({})],
    ['zpool.scrub', () => ({ pool: P })],
    ['zfs.send|zfs.receive', () => ({ from: { snapshot: `${Z}@s1` }, to: { target: `${Z}-recv` } })],
    ['btrfs.subvolume.list', () => ({ path: mp, all: true, uuid: true })],
    ['btrfs.subvolume.show', () => ({ path: `${b}/sub` })],
    ['btrfs.subvolume.get-default', () => ({ path: mp })],
    ['btrfs.subvolume.create', () => ({ path: `${b}/made` })],
    ['btrfs.subvolume.snapshot', () => ({ readonly: true, source: `${b}/sub`, dest: `${b}/snap` })],
    ['btrfs.property.get', () => ({ path: `${b}/snap`, name: 'ro' })],
    ['btrfs.property.set-ro', () => ({ path: `${b}/made`, name: 'ro', value: 'true' })],
    ['btrfs.subvolume.delete', () => ({ commitAfter: true, paths: [`${b}/gone`], expect: [{ uuid: uuid(`${b}/gone`)() }] })],
    ['btrfs.subvolume.sync', () => ({ path: mp })],
    ['btrfs.qgroup.show', () => ({ path: mp })],
    ['btrfs.filesystem.usage', () => ({ path: mp, raw: true })],
    ['btrfs.filesystem.du', () => ({ summarize: true, paths: [`${b}/sub`] })],
    ['btrfs.filesystem.sync', () => ({ path: mp })],
    ['btrfs.send|btrfs.receive', () => ({ from: { subvolumes: [`${b}/snap`] }, to: { dest: `${b}/recv` } })],
    ['btrfs.send|btrfs.receive.dump', () => ({ from: { subvolumes: [`${b}/snap`], noData: true }, to: {} })],
    ['btrfs.scrub.start', () => ({ foreground: true, path: mp })],
    ['btrfs.scrub.status', () => ({ path: mp })],
    ['btrfs.scrub.cancel', () => ({ path: mp })],
    ['mount.btrfs', () => ({ type: 'btrfs', options: 'subvolid=5,ro', source, target: top })],
    ['umount.btrfs', () => ({ target: top })],
  ];
  let id = 0;
  return {
    // Lazy: each request is built (and its identities read) only after the ones before it ran.
    *frames() {
      for (const [verb, args] of reqs) {
        const a = args();
        if (!verb.includes('|')) yield { t: 'req', id: ++id, verb, args: a };
        else {
          const [from, to] = verb.split('|') as [string, string];
          yield { t: 'pipe', id: ++id, from: { verb: from, args: a.from }, to: { verb: to, args: a.to } };
        }
      }
    },
  };
}

const verbsOf = (frames: Record<string, unknown>[]) =>
  new Set(frames.flatMap((f) => (f.t === 'pipe' ? [(f.from as { verb: string }).verb, (f.to as { verb: string }).verb] : [f.verb as string])));

describe('the helper never starts a shell', () => {
  it('in-process: every verb of the table, every spawned argv[0] observed', async () => {
    const spawned: string[] = [];
    const off = onSpawn((argv) => spawned.push(argv[0]!));
    const out: HelperFrame[] = [];
    const server = new HelperServer({ write: (l) => out.push(HelperFrame.parse(JSON.parse(l))), journal: new Journal(join(tmp, 'j.jsonl')), callerUid: 4242 });
    const sent: Record<string, unknown>[] = [];
    try {
      for (const f of scenario('inproc').frames()) {
        sent.push(f);
        await server.handleLine(JSON.stringify(f));
      }
    } finally {
      off();
    }
    expect([...verbsOf(sent)].sort()).toEqual([...VERBS.keys()].sort());
    const errors = out.filter((f) => f.t === 'error');
    // Some tools refuse on a fresh loop filesystem (no quota, no scrub running): they still ran.
    for (const e of errors) expect(e.t === 'error' && e.error.code, JSON.stringify(e)).not.toMatch(/USAGE|INVALID|OUTSIDE|PLAN/);
    expect(spawned.length).toBeGreaterThan(VERBS.size);
    for (const a of spawned) {
      expect(a).not.toMatch(SHELLS);
      expect(a).toMatch(TOOLS);
    }
    const journal = readFileSync(join(tmp, 'j.jsonl'), 'utf8');
    expect(journal).toContain('"uid":4242');
  });

  it('the real helper process under strace: every execve after it starts is a tool', async () => {
    expect(existsSync('/usr/bin/strace'), 'strace is needed for this check (apt-get install strace)').toBe(true);
    const trace = join(mkdtempSync(join(tmp, 'strace-')), 'trace');
    const s = scenario('traced');
    const child = spawn('/usr/bin/strace', ['-f', '-qq', '-s', '256', '-e', 'trace=execve', '-o', trace, '/usr/bin/env', 'SUDO_UID=4343', LAUNCHER], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const frames: HelperFrame[] = [];
    let buf = '';
    const waiters = new Map<number, () => void>();
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const f = HelperFrame.parse(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
        frames.push(f);
        if ((f.t === 'done' || f.t === 'error') && f.id !== null) waiters.get(f.id)?.();
      }
    });
    const ready = new Promise<void>((r) => child.stdout.once('data', () => r()));
    await ready;
    for (const f of s.frames()) {
      const done = new Promise<void>((r) => waiters.set(f.id as number, r));
      child.stdin.write(encodeFrame(f));
      await done;
    }
    child.stdin.end();
    await new Promise((r) => child.on('close', r));
    expect(frames.filter((f) => f.t === 'done').length).toBeGreaterThan(VERBS.size - 6);
    const execs = readFileSync(trace, 'utf8').split('\n').filter((l) => /execve\(/.test(l) && /= 0$/.test(l)).map((l) => /execve\("([^"]+)"/.exec(l)![1]!);
    const node = execs.findIndex((p) => /node$/.test(p));
    expect(node, execs.join('\n')).toBeGreaterThan(0);
    const after = execs.slice(node + 1);
    expect(after.length).toBeGreaterThan(VERBS.size);
    for (const p of after) {
      expect(p).not.toMatch(SHELLS);
      expect(p).toMatch(TOOLS);
    }
  });
});
