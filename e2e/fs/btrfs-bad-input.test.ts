// Bad input never reaches btrfs: the CLI runs in-process against one Service, and onSpawn proves that no
// command was started for any of these (the probe is warmed first; it runs tool detection).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../main/cli/main';
import type { CliIO } from '../../main/cli/io';
import { onSpawn } from '../../main/core/exec/run';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { createSubvol, idOf, snapshotSubvol } from '../fixtures/btrfs';
import { makeLoopFs, type LoopFs } from '../fixtures/fs';

const BAD_NAMES: [string, string][] = [
  ['a slash', 'a/b'],
  ['dot-dot', '..'],
  ['dot', '.'],
  ['empty', ''],
  ['256 bytes', 'x'.repeat(256)],
  ['256 bytes of two-byte characters', 'é'.repeat(128)],
  ['a leading dash', '-rf'],
  ['a newline', 'a\nb'],
  ['a tab', 'a\tb'],
  ['a bell character', 'a\u0007'],
  ['DEL', 'a\u007f'],
];

describe('btrfs bad input: exit 2, no command started', () => {
  let fs: LoopFs;
  let ext4: LoopFs;
  let service: Service;
  let spawned: string[][];
  let off: () => void;

  beforeAll(async () => {
    fs = makeLoopFs('btrfs');
    ext4 = makeLoopFs('ext4');
    createSubvol(fs, 'data');
    mkdirSync(join(fs.mountpoint, '.snapshots'));
    snapshotSubvol(fs, 'data', '.snapshots/snap');
    mkdirSync(join(fs.mountpoint, 'data/folder'));
    service = new Service({ journal: new Journal(join(fs.dir, 'journal.jsonl')), probeTtlMs: 10 * 60_000 });
    await service.ctx.probe(true);
    spawned = [];
    off = onSpawn((argv) => spawned.push([...argv]));
  });
  afterAll(() => {
    off?.();
    ext4?.cleanup();
    fs?.cleanup();
  });

  /** Run the CLI in-process with --json; the error document and exit code. */
  async function cowshed(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (s) => out.push(typeof s === 'string' ? s : Buffer.from(s).toString()), err: (s) => err.push(s), isTTY: false };
    const code = await main([args[0]!, '--json', ...args.slice(1)], io, service);
    const e = err.join('');
    return { code, error: e ? (JSON.parse(e) as { error: { code: string; message: string } }).error : null };
  }

  async function expectRefused(args: string[], code: string, message?: RegExp) {
    spawned.length = 0;
    const r = await cowshed(args);
    expect(r.code, `${args.join(' ')} → ${JSON.stringify(r.error)}`).toBe(2);
    expect(r.error!.code).toBe(code);
    if (message) expect(r.error!.message).toMatch(message);
    expect(spawned, `commands started for ${JSON.stringify(args)}`).toEqual([]);
  }

  it.each(BAD_NAMES)('snapshot --name with %s', async (_what, name) => {
    await expectRefused(['snapshot', join(fs.mountpoint, 'data'), `--name=${name}`], 'INVALID_NAME');
  });

  it.each(BAD_NAMES)('rename to a name with %s', async (_what, name) => {
    await expectRefused(['rename', idOf(fs, '.snapshots/snap'), '--', name], 'INVALID_NAME'); // after "--": a name, not a flag
  });

  it('clone names through the contract', async () => {
    for (const [, name] of BAD_NAMES) {
      spawned.length = 0;
      await expect(service.call('cloneSnapshot', { snapshot: idOf(fs, '.snapshots/snap'), name })).rejects.toMatchObject({ code: 'INVALID_NAME' });
      expect(spawned).toEqual([]);
    }
  });

  it('paths outside any btrfs mount, or malformed, with the reason', async () => {
    await expectRefused(['snapshots', ext4.mountpoint], 'OUTSIDE_MOUNTS', /ext4/);
    await expectRefused(['snapshot', ext4.mountpoint], 'OUTSIDE_MOUNTS', /ext4/);
    await expectRefused(['destroy', join(ext4.mountpoint, 'lost+found'), '--dry-run'], 'OUTSIDE_MOUNTS', /ext4/);
    await expectRefused(['snapshots', '/does/not/exist'], 'PATH_NOT_FOUND');
    await expectRefused(['lineage', 'btrfs:/not/a/mount:data'], 'OUTSIDE_MOUNTS');
    await expectRefused(['destroy', `btrfs:${fs.mountpoint}:../data`, '--dry-run'], 'INVALID_PATH');
    await expectRefused(['destroy', `${fs.mountpoint}/data/../data`, '--dry-run'], 'INVALID_PATH');
    await expectRefused(['snapshot', join(fs.mountpoint, 'data/folder')], 'INVALID_PATH', /not a subvolume/);
    await expectRefused(['snapshot', join(fs.mountpoint, 'data'), '--bogus'], 'USAGE');
  });
});
