// History and space on a real loop-mounted btrfs: versions across snapshots, restore by reflink, deleted files,
// kernel diff vs tree comparison, space figures, and the typed errors for bad input. Needs the built CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffChange, DiffSummary, FileVersion, SpaceReport } from '../../shared/contract/history';
import { cli, makeLoopFs, sh, type LoopFs } from '../fixtures/fs';

const json = <T>(args: string[]): T => {
  const r = cli([...args, '--json']);
  expect(r.code, `cowshed ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const errorOf = (args: string[]) => {
  const r = cli([...args, '--json']);
  return { exit: r.code, code: r.stderr ? (JSON.parse(r.stderr) as { error: { code: string } }).error.code : null };
};
const content = (tag: string, size = 12_000) => (tag + ' ').repeat(Math.ceil(size / (tag.length + 1))).slice(0, size);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** filefrag's physical extents of a file ("0:13631488:12288;…"). */
const extents = (p: string) =>
  sh('filefrag', ['-v', '-b1', p])
    .split('\n')
    .flatMap((l) => {
      const m = /^\s*\d+:\s*(\d+)\.\.\s*\d+:\s*(\d+)\.\.\s*\d+:\s*(\d+):/.exec(l);
      return m ? [`${m[1]}:${m[2]}:${m[3]}`] : [];
    })
    .join(';');
const show = (c: DiffChange) => `${c.change} ${c.from ? `${c.from} -> ` : ''}${c.path}${c.metadataOnly ? ' (metadata)' : ''}`;

describe('history on btrfs', () => {
  let fs: LoopFs;
  let ext4: LoopFs;
  let vol: string;
  let snaps: string;
  const snap = (name: string, of = vol) => sh('btrfs', ['subvolume', 'snapshot', '-r', of, join(snaps, name)]);
  const V = { v1: content('one'), v2: content('two'), v3: content('three', 15_000) };

  beforeAll(() => {
    fs = makeLoopFs('btrfs');
    ext4 = makeLoopFs('ext4');
    vol = join(fs.mountpoint, 'vol');
    snaps = join(fs.mountpoint, 'snaps');
    sh('btrfs', ['subvolume', 'create', vol]);
    mkdirSync(snaps);
    const doc = join(vol, 'doc.txt');
    writeFileSync(doc, V.v1);
    writeFileSync(join(vol, 'secret.txt'), 'hunter2\n');
    snap('s1');
    writeFileSync(doc, V.v2); // same size as v1, within the same second: only the content tells
    snap('s2');
    snap('s3'); // unchanged
    rmSync(join(vol, 'secret.txt'));
    writeFileSync(doc, V.v3);
    snap('s4');
    chmodSync(doc, 0o600); // metadata only: the same blocks, so the same version
    utimesSync(doc, new Date(), new Date(Date.now() + 5000));
    snap('s5');
  });
  afterAll(() => {
    fs?.cleanup();
    ext4?.cleanup();
  });

  it('a file changed across 5 snapshots shows exactly its distinct versions, oldest first, live last', () => {
    const vs = json<FileVersion[]>(['versions', join(vol, 'doc.txt')]);
    expect(vs.map((v) => [v.snapshotNames, v.live, v.size])).toEqual([
      [['s1'], false, 12_000],
      [['s2', 's3'], false, 12_000],
      [['s4', 's5'], true, 15_000],
    ]);
    expect(vs[0]!.path).toBe(join(snaps, 's1', 'doc.txt'));
    expect(vs[2]!.path).toBe(join(vol, 'doc.txt'));
    expect(vs.every((v) => v.hash === null)).toBe(true);
    const hashed = json<FileVersion[]>(['versions', join(vol, 'doc.txt'), '--hash']);
    expect(hashed.map((v) => v.hash)).toEqual([sha(V.v1), sha(V.v2), sha(V.v3)]);
  });

  it('restoring version 2 brings that content back by reflink, and it shows as version 2 again', () => {
    const r = cli(['restore', join(vol, 'doc.txt'), '--from', join(snaps, 's2'), '--overwrite', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { result } = JSON.parse(r.stdout) as { result: { mechanism: string; sharingVerified: boolean } };
    expect(result.mechanism).toBe('reflink-file');
    expect(readFileSync(join(vol, 'doc.txt'), 'utf8')).toBe(V.v2);
    expect(extents(join(vol, 'doc.txt'))).toBe(extents(join(snaps, 's2', 'doc.txt'))); // the very same blocks
    const vs = json<FileVersion[]>(['versions', join(vol, 'doc.txt')]);
    expect(vs.map((v) => [v.snapshotNames, v.live])).toEqual([
      [['s1'], false],
      [['s2', 's3'], true],
      [['s4', 's5'], false],
    ]);
  });

  it('a file deleted live is found in the snapshots that still hold it', () => {
    const secret = join(vol, 'secret.txt');
    expect(errorOf(['versions', secret])).toEqual({ exit: 2, code: 'PATH_NOT_FOUND' });
    const vs = json<FileVersion[]>(['versions', secret, '--deleted']);
    expect(vs).toHaveLength(1);
    expect(vs[0]).toMatchObject({ live: false, snapshotNames: ['s1', 's2', 's3'], size: 8 });
    const text = cli(['versions', secret, '--deleted']);
    expect(text.stdout).toMatch(/Still held by 3 snapshots: s1, s2, s3/);
    expect(json<FileVersion[]>(['versions', join(vol, 'never-existed.txt'), '--deleted'])).toEqual([]);
  });

  it('btrfs send diff and the tree comparison agree on a prepared tree', () => {
    const tree = join(fs.mountpoint, 'tree');
    sh('btrfs', ['subvolume', 'create', tree]);
    for (const d of ['docs', 'docs/old', 'src', 'gone']) mkdirSync(join(tree, d));
    for (let i = 0; i < 40; i++) writeFileSync(join(tree, 'src', `f${i}.c`), content(`file ${i}`, 3000 + i));
    writeFileSync(join(tree, 'docs/readme.md'), content('readme', 9000));
    writeFileSync(join(tree, 'docs/old/notes.txt'), 'notes\n');
    writeFileSync(join(tree, 'gone/a'), 'a');
    writeFileSync(join(tree, 'remove-me.txt'), 'bye');
    writeFileSync(join(tree, 'rename-me.txt'), content('rename', 5000));
    snap('treeA', tree);
    writeFileSync(join(tree, 'src/f3.c'), content('changed 3', 3003)); // same size, new content
    writeFileSync(join(tree, 'src/f7.c'), content('changed 7', 9999)); // new size
    chmodSync(join(tree, 'src/f9.c'), 0o600); // metadata only
    rmSync(join(tree, 'remove-me.txt'));
    rmSync(join(tree, 'gone'), { recursive: true });
    renameSync(join(tree, 'rename-me.txt'), join(tree, 'renamed.txt'));
    renameSync(join(tree, 'docs/old'), join(tree, 'archive')); // a folder moves, its file along
    renameSync(join(tree, 'src/f1.c'), join(tree, 'docs/f1.c')); // a file moves across folders
    mkdirSync(join(tree, 'new'));
    writeFileSync(join(tree, 'new/added.txt'), 'hello');
    writeFileSync(join(tree, 'added.bin'), Buffer.alloc(20_000, 7));
    snap('treeB', tree);
    const want = [
      'added /added.bin',
      'added /new',
      'added /new/added.txt',
      'modified /src/f3.c',
      'modified /src/f7.c',
      'modified /src/f9.c (metadata)',
      'removed /gone',
      'removed /gone/a',
      'removed /remove-me.txt',
      'renamed /docs/old -> /archive',
      'renamed /rename-me.txt -> /renamed.txt',
      'renamed /src/f1.c -> /docs/f1.c',
    ];
    const kernel = json<{ summary: DiffSummary; changes: DiffChange[] }>(['diff', join(snaps, 'treeA'), join(snaps, 'treeB')]);
    expect(kernel.summary.method).toBe('btrfs-send');
    expect(kernel.changes.map(show).sort()).toEqual(want);
    expect(kernel.summary.counts).toEqual({ added: 3, removed: 3, modified: 3, renamed: 3 });
    const walk = json<{ summary: DiffSummary; changes: DiffChange[] }>(['diff', join(snaps, 'treeA'), tree]);
    expect(walk.summary.method).toBe('tree-walk');
    expect(walk.summary.fallbackReason).toMatch(/read-only/);
    expect(walk.changes.map(show).sort()).toEqual(want);
    // Same sizes from both engines.
    const sizes = (cs: DiffChange[]) => cs.map((c) => `${show(c)} ${c.size ?? '-'} ${c.oldSize ?? '-'}`).sort();
    expect(sizes(walk.changes)).toEqual(sizes(kernel.changes));
    expect(kernel.changes.find((c) => c.path === '/src/f7.c')).toMatchObject({ size: 9999, oldSize: 3007, type: 'file' });
    // Human output streams one line per change.
    const text = cli(['diff', join(snaps, 'treeA'), join(snaps, 'treeB')]).stdout;
    expect(text).toMatch(/^R \/docs\/old\/ -> \/archive\/$/m);
    expect(text).toMatch(/3 added, 3 removed, 3 modified, 3 renamed \(btrfs send\)/);
  });

  it('space: shared / exclusive per snapshot, a file\'s shared extents, freed-together is unknown with a reason', () => {
    const r = json<SpaceReport>(['space', vol]);
    expect(r.fs).toBe('btrfs');
    expect(r.rows[0]).toMatchObject({ kind: 'volume', label: vol });
    expect(r.rows.filter((x) => x.kind === 'snapshot').map((x) => x.label)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(r.notes.join(' ')).toMatch(/double-count/);
    expect(r.notes.join(' ')).toMatch(/Quotas are off/);
    const f = json<SpaceReport>(['space', join(vol, 'doc.txt')]);
    expect(f.rows[0]).toMatchObject({ kind: 'file', referenced: 12_000 });
    expect(f.rows[0]!.shared).toBeGreaterThanOrEqual(12_000); // restored by reflink: shared with s2 and s3
    const two = json<SpaceReport>(['space', vol, '--snapshots', `${join(snaps, 's1')},${join(snaps, 's4')}`]);
    expect(two.freedTogether).toMatchObject({ bytes: null });
    expect(two.freedTogether!.reason).toMatch(/cannot tell/);
    const one = json<SpaceReport>(['space', vol, '--snapshots', join(snaps, 's1')]);
    expect(typeof one.freedTogether!.bytes).toBe('number');
  });

  it('bad input: outside any snapshot-capable volume, a snapshot of another volume, a destroyed snapshot', () => {
    writeFileSync(join(ext4.mountpoint, 'plain.txt'), 'x');
    expect(errorOf(['versions', join(ext4.mountpoint, 'plain.txt')])).toEqual({ exit: 2, code: 'OUTSIDE_MOUNTS' });
    expect(errorOf(['diff', join(ext4.mountpoint, 'plain.txt'), join(snaps, 's1')])).toMatchObject({ exit: 2, code: 'OUTSIDE_MOUNTS' });
    expect(errorOf(['diff', join(snaps, 's1'), join(snaps, 'treeA')])).toEqual({ exit: 2, code: 'USAGE' });
    expect(errorOf(['space', vol, '--snapshots', join(snaps, 'treeA')])).toEqual({ exit: 2, code: 'USAGE' });
    expect(errorOf(['diff', join(vol, 'doc.txt'), join(snaps, 's1')])).toEqual({ exit: 2, code: 'INVALID_PATH' });
    sh('btrfs', ['subvolume', 'delete', join(snaps, 's5')]);
    expect(errorOf(['diff', `btrfs:${fs.mountpoint}:snaps/s5`, join(snaps, 's4')])).toEqual({ exit: 1, code: 'NOT_FOUND' });
    expect(errorOf(['browse', join(snaps, 's5')]).code).toBe('PATH_NOT_FOUND');
    expect(errorOf(['versions', 'relative/path.txt']).exit).toBe(2);
  });
});
