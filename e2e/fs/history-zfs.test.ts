// History and space on a real zfs-fuse pool: no .zfs/snapshot and no zfs diff there, so snapshots are read
// through temporary read-only clones (removed when done, and swept when their owner died), versions cope with
// second-resolution timestamps, and diff compares trees. Needs the built CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffChange, DiffSummary, FileVersion, SpaceReport } from '../../shared/contract/history';
import { cli, makeZfsPool, sh, type ZfsPool } from '../fixtures/fs';

const json = <T>(args: string[], input?: string): T => {
  const r = cli([...args, '--json'], input === undefined ? {} : { input });
  expect(r.code, `cowshed ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const errorOf = (args: string[]) => {
  const r = cli([...args, '--json']);
  return { exit: r.code, code: r.stderr ? (JSON.parse(r.stderr) as { error: { code: string } }).error.code : null };
};
const show = (c: DiffChange) => `${c.change} ${c.from ? `${c.from} -> ` : ''}${c.path}${c.metadataOnly ? ' (metadata)' : ''}`;

describe('history on zfs-fuse', () => {
  let z: ZfsPool;
  let ds: string;
  let dir: string;
  const browseClones = () =>
    sh('zfs', ['list', '-H', '-o', 'name', '-r', z.pool])
      .split('\n')
      .filter((n) => n.includes('/.cowshed-browse-'));
  const snap = (name: string) => sh('zfs', ['snapshot', `${ds}@${name}`]);

  beforeAll(() => {
    z = makeZfsPool();
    ds = `${z.pool}/data`;
    sh('zfs', ['create', ds]);
    dir = join(z.mountpoint, 'data');
    // All within a second or two: zfs-fuse keeps whole seconds, so equal stats prove nothing and content decides.
    writeFileSync(join(dir, 'doc.txt'), 'version one\n');
    writeFileSync(join(dir, 'secret.txt'), 'hunter2\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub/keep.txt'), 'keep\n');
    writeFileSync(join(dir, 'old-name.txt'), 'renamed later\n');
    snap('s1');
    writeFileSync(join(dir, 'doc.txt'), 'version two\n'); // same size
    snap('s2');
    snap('s3');
    rmSync(join(dir, 'secret.txt'));
    writeFileSync(join(dir, 'doc.txt'), 'version three, longer\n');
    snap('s4');
    snap('s5');
  });
  afterAll(() => z?.cleanup());

  it('a file changed across 5 snapshots shows exactly its distinct versions; the clones it used are gone after', () => {
    const vs = json<FileVersion[]>(['versions', join(dir, 'doc.txt')]);
    expect(vs.map((v) => [v.snapshotNames, v.live])).toEqual([
      [['s1'], false],
      [['s2', 's3'], false],
      [['s4', 's5'], true],
    ]);
    expect(vs[0]!.temporary).toBe(true);
    expect(json<FileVersion[]>(['versions', join(dir, 'doc.txt'), '--hash']).map((v) => v.hash!.length)).toEqual([64, 64, 64]);
    expect(browseClones()).toEqual([]);
  });

  it('a file deleted live is found in the snapshots that still hold it', () => {
    const vs = json<FileVersion[]>(['versions', join(dir, 'secret.txt'), '--deleted']);
    expect(vs.map((v) => [v.snapshotNames, v.live, v.size])).toEqual([[['s1', 's2', 's3'], false, 8]]);
    expect(browseClones()).toEqual([]);
  });

  it('browse mounts a read-only clone until released; leftovers of dead processes are swept, live owners kept', () => {
    const b = json<{ path: string; temporary: boolean }>(['browse', `zfs:${ds}@s1`], '\n');
    expect(b.temporary).toBe(true);
    expect(existsSync(b.path)).toBe(false); // released when the input ended
    // A leftover from a process that died, and one a running process (this test) holds.
    sh('zfs', ['clone', '-o', 'cowshed:owner=999999999:1', `${ds}@s2`, `${z.pool}/.cowshed-browse-999999999-dead`]);
    const start = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19];
    sh('zfs', ['clone', '-o', `cowshed:owner=${process.pid}:${start}`, `${ds}@s2`, `${z.pool}/.cowshed-browse-${process.pid}-alive`]);
    json<FileVersion[]>(['versions', join(dir, 'doc.txt')]);
    expect(browseClones()).toEqual([`${z.pool}/.cowshed-browse-${process.pid}-alive`]);
    // Ours to remove (zfs-fuse may say "busy" for a moment).
    for (let i = 0; i < 40 && browseClones().length; i++) {
      sh('zfs', ['destroy', `${z.pool}/.cowshed-browse-${process.pid}-alive`], { allowFail: true });
      if (browseClones().length) sh('sleep', ['0.25']);
    }
    expect(browseClones()).toEqual([]);
  });

  it('diff compares the trees (no zfs diff here): added, removed, modified, renamed', () => {
    writeFileSync(join(dir, 'added.txt'), 'new\n');
    renameSync(join(dir, 'old-name.txt'), join(dir, 'new-name.txt'));
    renameSync(join(dir, 'sub'), join(dir, 'moved'));
    const d = json<{ summary: DiffSummary; changes: DiffChange[] }>(['diff', `zfs:${ds}@s1`, `zfs:${ds}`]);
    expect(d.summary.method).toBe('tree-walk');
    expect(d.summary.fallbackReason).toMatch(/zfs-fuse has no zfs diff/);
    expect(d.changes.map(show).sort()).toEqual([
      'added /added.txt',
      'modified /doc.txt',
      'removed /secret.txt',
      'renamed /old-name.txt -> /new-name.txt',
      'renamed /sub -> /moved',
    ]);
    const between = json<{ summary: DiffSummary; changes: DiffChange[] }>(['diff', `zfs:${ds}@s1`, `zfs:${ds}@s2`]);
    expect(between.changes.map(show)).toEqual(['modified /doc.txt']);
    expect(browseClones()).toEqual([]);
  });

  it('space: used / referenced / usedbysnapshots per dataset and snapshot; freed together known for one snapshot only', () => {
    const r = json<SpaceReport>(['space', `zfs:${ds}`]);
    expect(r.rows.map((x) => [x.label, x.kind])).toEqual([
      ['s1', 'snapshot'], ['s2', 'snapshot'], ['s3', 'snapshot'], ['s4', 'snapshot'], ['s5', 'snapshot'], [ds, 'volume'],
    ]);
    expect(r.rows.at(-1)!.usedBySnapshots).toBeGreaterThanOrEqual(0);
    expect(r.notes.join(' ')).toMatch(/no written property/);
    const one = json<SpaceReport>(['space', `zfs:${ds}`, '--snapshots', `zfs:${ds}@s1`]);
    expect(one.freedTogether).toMatchObject({ snapshots: [`zfs:${ds}@s1`], bytes: r.rows[0]!.used });
    const two = json<SpaceReport>(['space', dir, '--snapshots', `zfs:${ds}@s1,zfs:${ds}@s2`]);
    expect(two.freedTogether).toMatchObject({ bytes: null });
    expect(two.freedTogether!.reason).toMatch(/no dry-run destroy/);
  });

  it('bad input: another dataset\'s snapshot, a destroyed snapshot, a folder that is not a dataset', () => {
    sh('zfs', ['create', `${z.pool}/other`]);
    sh('zfs', ['snapshot', `${z.pool}/other@x`]);
    expect(errorOf(['diff', `zfs:${ds}@s1`, `zfs:${z.pool}/other@x`])).toEqual({ exit: 2, code: 'USAGE' });
    expect(errorOf(['space', `zfs:${ds}`, '--snapshots', `zfs:${z.pool}/other@x`])).toEqual({ exit: 2, code: 'USAGE' });
    sh('zfs', ['destroy', `${ds}@s5`]);
    expect(errorOf(['diff', `zfs:${ds}@s5`, `zfs:${ds}`])).toEqual({ exit: 1, code: 'NOT_FOUND' });
    expect(errorOf(['browse', `zfs:${ds}@s5`])).toEqual({ exit: 1, code: 'NOT_FOUND' });
    expect(errorOf(['diff', join(dir, 'moved'), `zfs:${ds}@s1`])).toEqual({ exit: 2, code: 'INVALID_PATH' });
    expect(errorOf(['diff', `zfs:${ds}@bad name!`, `zfs:${ds}`])).toEqual({ exit: 2, code: 'INVALID_NAME' });
  });
});
