import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiffChange } from '../../../shared/contract/history';
import { enrich } from './enrich';
import { treeDiff } from './tree-diff';

// Hard links stand in for a snapshot: the same inode seen from two trees, as btrfs and ZFS snapshots keep them.
const dir = mkdtempSync(join(tmpdir(), 'cowshed-treediff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const A = join(dir, 'a');
const B = join(dir, 'b');
for (const d of [A, B, `${A}/sub`, `${B}/moved`, `${A}/gone`, `${B}/new`]) mkdirSync(d, { recursive: true });
writeFileSync(`${A}/same.txt`, 'same');
writeFileSync(`${A}/sub/inner.txt`, 'inner');
writeFileSync(`${A}/old-name.txt`, 'x');
writeFileSync(`${A}/changed.txt`, 'v1');
writeFileSync(`${A}/gone/file`, 'g');
symlinkSync('same.txt', `${A}/link`);
linkSync(`${A}/same.txt`, `${B}/same.txt`);
linkSync(`${A}/sub/inner.txt`, `${B}/moved/inner.txt`); // sub renamed to moved (its only file comes along)
linkSync(`${A}/old-name.txt`, `${B}/new-name.txt`);
writeFileSync(`${B}/changed.txt`, 'v2 longer');
writeFileSync(`${B}/new/file`, 'n');
symlinkSync('new-name.txt', `${B}/link`);

const show = (c: DiffChange) => `${c.change} ${c.from ? `${c.from} -> ` : ''}${c.path}`;

describe('tree comparison', () => {
  it('finds added, removed, modified and renamed entries by name and inode', async () => {
    const got: DiffChange[] = [];
    await treeDiff(A, B, { fiemap: false, onChanges: (c) => got.push(...c) });
    // Folders cannot be hard-linked, so `moved` is a new folder here; its file pairs with sub/inner.txt by inode.
    expect(got.map(show).sort()).toEqual([
      'added /moved',
      'added /new',
      'added /new/file',
      'modified /changed.txt',
      'modified /link',
      'removed /gone',
      'removed /gone/file',
      'removed /sub',
      'renamed /old-name.txt -> /new-name.txt',
      'renamed /sub/inner.txt -> /moved/inner.txt',
    ]);
    const changed = got.find((c) => c.path === '/changed.txt')!;
    expect([changed.size, changed.oldSize]).toEqual([9, 2]);
  });

  it('enrichment pairs a removed and an added path of one inode into a rename', async () => {
    const out = await enrich(
      [
        { change: 'removed', path: '/old-name.txt' },
        { change: 'added', path: '/new-name.txt' },
        { change: 'added', path: '/new/file' },
      ],
      { a: A, b: B },
      { fiemap: false },
    );
    expect(out.map(show).sort()).toEqual(['added /new/file', 'renamed /old-name.txt -> /new-name.txt']);
    expect(out.find((c) => c.change === 'renamed')).toMatchObject({ type: 'file', size: 1, oldSize: 1 });
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(treeDiff(A, B, { fiemap: false, signal: ac.signal, onChanges: () => undefined })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
