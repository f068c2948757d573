import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DumpDiff } from './dump-diff';
import { DumpParser } from './dump-parse';
import type { RawChange } from './types';

function replay(file: string): string[] {
  const p = new DumpParser();
  const d = new DumpDiff();
  for (const op of [...p.chunk(readFileSync(join(import.meta.dirname, 'fixtures', file), 'utf8')), ...p.end()]) d.apply(op);
  const show = (c: RawChange) => `${c.change} ${(c.from ?? c.oldPath) ? `${c.from ?? c.oldPath} -> ` : ''}${c.path}${c.metadataOnly ? ' (meta)' : ''}`;
  return d.finish().map(show).sort();
}

describe('replaying a send stream into changes', () => {
  it('mixed changes: folder rename carries its children, link + unlink is a rename, replaced symlink is modified', () => {
    expect(replay('btrfs-dump-mixed.txt')).toEqual([
      'added /new.txt',
      'added /newdir',
      'added /newdir/f',
      'added /sp ace.txt',
      'added /we\nird',
      'check /a.txt',
      'check /d1/ren.txt -> /d1moved/d2/renamed.txt',
      'modified /d1/mod.txt -> /d1moved/mod.txt',
      'modified /keep.txt (meta)',
      'modified /link',
      'removed /emptydir',
      'removed /gone.txt',
      'renamed /d1 -> /d1moved',
      'renamed /d1/ren.txt -> /d1moved/d2/renamed.txt',
    ]);
  });

  it('swaps through orphan names, removed trees, replaced types, reflinked copies', () => {
    expect(replay('btrfs-dump-renames.txt')).toEqual([
      'added /big-clone',
      // h2 was a hard link the stream never named: enrichment pairs it with h3 by inode.
      'added /h3',
      'check /a -> /b',
      'check /b -> /a',
      'check /big -> /new name with space',
      'check /swap1 -> /swap2',
      'check /swap2 -> /swap1',
      'modified /big2',
      'modified /h1 (meta)',
      'modified /replaced',
      'modified /todir',
      'modified /tofile',
      'modified /trunc',
      'removed /deep',
      'removed /deep/x',
      'removed /deep/x/y',
      'removed /deep/x/y/f',
      'removed /h2',
      'renamed /a -> /b',
      'renamed /b -> /a',
      'renamed /big -> /new name with space',
      'renamed /swap1 -> /swap2',
      'renamed /swap2 -> /swap1',
    ]);
  });

  it('a file created and removed within the stream leaves nothing', () => {
    const d = new DumpDiff();
    d.apply({ op: 'mkfile', path: 'o300-9-0', args: {} });
    d.apply({ op: 'rename', path: 'o300-9-0', args: { dest: 'tmp' } });
    d.apply({ op: 'unlink', path: 'tmp', args: {} });
    expect(d.finish()).toEqual([]);
  });
});
