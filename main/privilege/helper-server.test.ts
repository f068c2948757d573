import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onSpawn } from '../core/exec/run';
import type { MountInfo } from '../core/probe/mountinfo';
import { HelperServer } from './helper-server';
import { encodeFrame, FrameDecoder, HelperFrame, MAX_REQUEST_FRAME } from './protocol';

// Forged requests: the helper treats the app as untrusted. Every one is refused with a typed error and no
// process starts (not even the checks' own reads).
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cowshed-helper-')));
const fakeBtrfs = join(dir, 'btrfs');
const mount = (mountpoint: string, fstype: string): MountInfo => ({
  mountId: 1, parentId: 0, device: '0:99', root: '/', mountpoint, options: ['rw'], fstype, source: '/dev/loop99', superOptions: [],
});

let frames: HelperFrame[] = [];
let spawned: string[][] = [];
let off = () => undefined as unknown;
const server = new HelperServer({
  write: (l) => frames.push(HelperFrame.parse(JSON.parse(l))),
  journal: null,
  callerUid: 1234,
  readMounts: () => [mount('/', 'ext4'), mount(fakeBtrfs, 'btrfs')],
});

beforeAll(() => {
  mkdirSync(join(fakeBtrfs, 'sub'), { recursive: true });
  symlinkSync('/etc', join(fakeBtrfs, 'link'));
  off = onSpawn((argv) => spawned.push([...argv]));
});
afterAll(() => {
  off();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  frames = [];
  spawned = [];
});

async function refused(frame: unknown): Promise<string> {
  frames = [];
  await server.handleLine(typeof frame === 'string' ? frame : JSON.stringify(frame));
  const err = frames.find((f) => f.t === 'error');
  expect(err, `refusal for ${JSON.stringify(frame)}`).toBeTruthy();
  expect(frames.filter((f) => f.t === 'spawn' || f.t === 'done')).toEqual([]);
  expect(spawned, 'no process may start').toEqual([]);
  return err!.t === 'error' ? err!.error.code : '';
}
const req = (verb: string, args: unknown, extra: object = {}) => ({ t: 'req', id: 7, verb, args, ...extra });

describe('the helper refuses forged requests before any process starts', () => {
  it('unknown verbs, a generic "run" and frames that are not the protocol', async () => {
    expect(await refused(req('exec', { argv: ['/bin/sh', '-c', 'id'] }))).toBe('USAGE');
    expect(await refused(req('run', { tool: 'zfs', args: ['list'] }))).toBe('USAGE');
    expect(await refused(req('__proto__', {}))).toBe('USAGE');
    expect(await refused('not json')).toBe('USAGE');
    expect(await refused({ t: 'req', id: -1, verb: 'zfs.list', args: {} })).toBe('USAGE');
    expect(await refused({ t: 'shell', id: 1 })).toBe('USAGE');
  });

  it('extra or missing fields', async () => {
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@s'], argv: ['-o', 'x'] }))).toBe('USAGE');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@s'] }, { cmd: 'rm -rf /' }))).toBe('USAGE');
    expect(await refused(req('zfs.snapshot', {}))).toBe('USAGE');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@s'], recursive: false }))).toBe('USAGE');
    expect(await refused(req('btrfs.subvolume.snapshot', { source: `${fakeBtrfs}/sub`, dest: `${fakeBtrfs}/snap`, readonly: 'yes' }))).toBe('USAGE');
  });

  it('names with a leading "-", "..", newlines, and "%" or "," in ZFS snapshot names', async () => {
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@-R'] }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.snapshot', { snapshots: ['-rtank@s'] }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.destroy', { target: 'tank/../etc' }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@s\nzfs destroy tank'] }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@50%'] }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@a,b'] }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.hold', { tag: '-r', snapshots: ['tank/a@s'] }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.send', { snapshot: 'tank/a@s', from: '-Rtank@x' }))).toBe('USAGE'); // pipe-only, and bad anyway
  });

  it('paths outside managed mounts, relative, with "..", through symlinks, or for the wrong filesystem', async () => {
    expect(await refused(req('btrfs.subvolume.list', { path: '/etc' }))).toBe('OUTSIDE_MOUNTS');
    expect(await refused(req('btrfs.subvolume.list', { path: 'relative/path' }))).toBe('INVALID_PATH');
    expect(await refused(req('btrfs.subvolume.list', { path: `${fakeBtrfs}/../..` }))).toBe('INVALID_PATH');
    expect(await refused(req('btrfs.subvolume.list', { path: `${fakeBtrfs}/sub\n` }))).toBe('INVALID_PATH');
    expect(await refused(req('btrfs.subvolume.list', { path: `${fakeBtrfs}/link` }))).toBe('INVALID_PATH');
    expect(await refused(req('btrfs.subvolume.list', { path: `${fakeBtrfs}/missing` }))).toBe('PATH_NOT_FOUND');
    expect(await refused(req('btrfs.subvolume.snapshot', { source: `${fakeBtrfs}/sub`, dest: '/etc/cron.d/x' }))).toBe('OUTSIDE_MOUNTS');
    expect(await refused(req('btrfs.subvolume.snapshot', { source: `${fakeBtrfs}/sub`, dest: `${fakeBtrfs}/-rf` }))).toBe('INVALID_NAME');
    expect(await refused(req('zfs.set', { assignment: 'mountpoint=/etc', names: ['tank/a'] }))).toBe('INVALID_PATH');
    expect(await refused(req('mount.btrfs', { type: 'btrfs', source: '/dev/sda1', target: '/mnt/x' }))).toBe('OUTSIDE_MOUNTS');
    expect(await refused(req('mount.btrfs', { type: 'btrfs', source: '/dev/loop99', target: '/etc' }))).toBe('INVALID_PATH');
    expect(await refused(req('umount.btrfs', { target: '/' }))).toBe('OUTSIDE_MOUNTS');
  });

  it('properties and options outside the allowed set', async () => {
    expect(await refused(req('zfs.set', { assignment: 'sharenfs=rw=@0.0.0.0/0', names: ['tank/a'] }))).toBe('USAGE');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@s'], props: ['exec=on'] }))).toBe('USAGE');
    expect(await refused(req('mount.btrfs', { type: 'btrfs', options: 'rw,suid,dev', source: '/dev/loop99', target: '/mnt/x' }))).toBe('USAGE');
    expect(await refused(req('zfs.snapshot', { snapshots: ['tank/a@s', 'other/b@s'] }))).toBe('USAGE');
  });

  it('destroy, rollback and subvolume delete without a valid plan', async () => {
    expect(await refused(req('zfs.destroy', { target: 'tank/a@s' }))).toBe('PLAN_NOT_FOUND');
    expect(await refused(req('zfs.destroy', { target: 'tank/a', recursive: true, expect: [] }))).toBe('USAGE');
    expect(await refused(req('zfs.destroy', { target: 'tank/a', expect: [{ name: 'tank/a', guid: 'abc' }] }))).toBe('USAGE');
    expect(await refused(req('zfs.rollback', { snapshot: 'tank/a@s' }))).toBe('PLAN_NOT_FOUND');
    expect(await refused(req('btrfs.subvolume.delete', { paths: [`${fakeBtrfs}/sub`] }))).toBe('PLAN_NOT_FOUND');
    expect(await refused(req('btrfs.subvolume.delete', { paths: [`${fakeBtrfs}/sub`], expect: [{ uuid: 'not-a-uuid' }] }))).toBe('USAGE');
  });

  it('pipes: only send into its receive, and stream verbs never alone', async () => {
    const send = { verb: 'zfs.send', args: { snapshot: 'tank/a@s' } };
    expect(await refused(req('zfs.send', { snapshot: 'tank/a@s' }))).toBe('USAGE');
    expect(await refused({ t: 'pipe', id: 9, from: send, to: { verb: 'btrfs.receive', args: { dest: `${fakeBtrfs}/sub` } } })).toBe('USAGE');
    expect(await refused({ t: 'pipe', id: 9, from: send, to: { verb: 'zfs.receive', args: { target: 'tank/b', force: true } } })).toBe('USAGE');
    expect(await refused({ t: 'pipe', id: 9, from: { verb: 'zfs.list', args: {} }, to: { verb: 'zfs.receive', args: { target: 'tank/b' } } })).toBe('USAGE');
  });
});

describe('frames', () => {
  it('are ASCII lines; oversized and non-ASCII frames are dropped', () => {
    const line = encodeFrame({ t: 'req', id: 1, verb: 'zfs.snapshot', args: { snapshots: ['tank/a@é\u2028'] } });
    expect(line).toMatch(/^[\x20-\x7e]*\n$/);
    expect(JSON.parse(line).args.snapshots[0]).toBe('tank/a@é\u2028');
    const got: string[] = [];
    const bad: string[] = [];
    const d = new FrameDecoder(MAX_REQUEST_FRAME, (l) => got.push(l), (w) => bad.push(w));
    d.push('x'.repeat(MAX_REQUEST_FRAME + 10));
    d.push('yyy\n{"ok":1}\r\n');
    d.push(Buffer.from('{"name":"\xc3\xa9"}\n', 'latin1'));
    expect(got).toEqual(['{"ok":1}']);
    expect(bad).toEqual(['oversize', 'not-ascii']);
  });
});
