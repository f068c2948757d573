// Every ZFS naming rule → exit 2 and nothing run. The CLI runs in-process against one Service whose probe is
// warmed first, so onSpawn proves no process at all was started for any of these; the built binary gives the
// same exit code; the pool is unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onSpawn } from '../../main/core/exec/run';
import { cli, makeZfsPool, sh, type ZfsPool } from '../fixtures/fs';
import { zfsHarness, zfsNames } from '../fixtures/zfs-cli';

describe('zfs bad input: exit 2, no process started', () => {
  let z: ZfsPool;
  let P: string;
  let h: ReturnType<typeof zfsHarness>;
  let spawned: string[][];
  let off: () => void;
  let before: string[];

  beforeAll(async () => {
    z = makeZfsPool();
    P = z.pool;
    sh('zfs', ['create', `${P}/data`]);
    sh('zfs', ['snapshot', `${P}/data@s1`]);
    h = zfsHarness(z.dir);
    await h.service.ctx.probe(true);
    before = zfsNames(P);
    spawned = [];
    off = onSpawn((argv) => spawned.push([...argv]));
  });
  afterAll(() => {
    off?.();
    z?.cleanup();
  });

  /** [rule, CLI arguments] — P is filled in at run time. */
  const cases = (): [string, string[]][] => {
    const ds = `zfs:${P}/data`;
    const snap = `${ds}@s1`;
    const room = 255 - `${P}/data@`.length;
    return [
      ['a character ZFS does not allow (*)', ['snapshot', ds, '--name', 'a*b']],
      ['a character ZFS does not allow (non-ASCII)', ['snapshot', ds, '--name', 'ünï']],
      ['a character ZFS does not allow ($) in a dataset', ['snapshots', `zfs:${P}/da$ta`]],
      ['a character ZFS does not allow (/) in a snapshot name', ['snapshot', ds, '--name', 'a/b']],
      ['more than 255 bytes', ['snapshot', ds, '--name', 'x'.repeat(room + 1)]],
      ['more than 255 bytes (two-byte characters count twice)', ['snapshots', `zfs:${P}/${'é'.repeat(128)}`]],
      ['more than 255 bytes after a rename', ['rename', snap, 'y'.repeat(room + 1)]],
      ['two "@"', ['snapshots', `${snap}@again`]],
      ['two "@" in a new name', ['rename', snap, `${P}/data@a@b`]],
      ['two "#"', ['snapshots', `${ds}#m#n`]],
      ['"@" and "#" mixed', ['lineage', `${ds}@a#b`]],
      ['a bookmark is not a dataset', ['destroy', `${ds}#mark`]],
      ['an empty component (//)', ['snapshots', `zfs:${P}//data`]],
      ['an empty component (trailing /)', ['snapshots', `zfs:${P}/data/`]],
      ['an empty snapshot name', ['destroy', `${ds}@`]],
      ['an empty dataset part', ['destroy', `zfs:${P}/@s1`]],
      ['"%" in a snapshot name', ['snapshot', ds, '--name', 'a%b']],
      ['"%" in a renamed snapshot', ['rename', snap, 'a%b']],
      ['"," in a snapshot name', ['snapshot', ds, '--name', 'a,b']],
      ['"," in a dataset', ['rollback', `zfs:${P}/a,b@s1`]],
      ['a name starting with "-"', ['snapshot', ds, '--name=-x']],
      ['a hold tag starting with "-"', ['hold', snap, '--', '-t']],
      ['a component starting with "-"', ['promote', `zfs:${P}/-x`]],
      ['an empty hold tag', ['hold', snap, '']],
      ['a newline in a hold tag', ['hold', snap, 'a\nb']],
      ['a pool name starting with a digit', ['snapshots', 'zfs:1pool/x']],
      ['a ".." component', ['destroy', `zfs:${P}/../x`]],
      ['a reserved pool name', ['snapshots', 'zfs:mirror/x']],
    ];
  };

  it('the CLI exits 2 with INVALID_NAME / USAGE for each rule, and starts nothing', async () => {
    const failures: string[] = [];
    for (const [rule, args] of cases()) {
      spawned.length = 0;
      const r = await h.cowshed(args);
      if (r.code !== 2 || !['INVALID_NAME', 'USAGE'].includes(r.error?.code ?? '')) failures.push(`${rule}: exit ${r.code} ${r.error?.code} ${r.error?.message}`);
      if (spawned.length) failures.push(`${rule}: started ${spawned.map((a) => a.join(' ')).join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(h.service.ctx.journal.read()).toEqual([]);
    expect(zfsNames(P)).toEqual(before);
  });

  it('the contract refuses bad clone names before anything runs, too', async () => {
    spawned.length = 0;
    for (const name of [`${P}//x`, `${P}/a!b`, '-x', `${P}/${'z'.repeat(300)}`, `${P}/a@b`]) {
      await expect(h.service.call('cloneSnapshot', { snapshot: `zfs:${P}/data@s1`, name }), name).rejects.toMatchObject({ code: 'INVALID_NAME' });
    }
    await expect(h.service.call('cloneSnapshot', { snapshot: `zfs:${P}/data@s1`, name: 'otherpool/x' })).rejects.toMatchObject({ code: 'CROSS_DEVICE' });
    expect(spawned).toEqual([]);
  });

  it('the built binary: exit 2 and a JSON error document', () => {
    const r = cli(['snapshot', `zfs:${P}/data`, '--name', 'a%b', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.code).toBe('INVALID_NAME');
    expect(cli(['destroy', `zfs:${P}/data@a@b`]).code).toBe(2);
    expect(zfsNames(P)).toEqual(before);
  });
});
