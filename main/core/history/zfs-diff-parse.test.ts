import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseZfsDiffLine, relativeToMount, unescapeZfsDiff } from './zfs-diff-parse';

/** An OpenZFS sample without its `#` header lines. */
const sample = (f: string) =>
  readFileSync(join(import.meta.dirname, '../../../../shared/samples/openzfs', f), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'));

describe('zfs diff output', () => {
  it('reads -F lines: types, link-count changes, the rename arrow; drops the folder M lines', () => {
    const out = sample('zfs-diff-F.txt').map((l) => parseZfsDiffLine(l, '/tank/test')).filter(Boolean);
    expect(out).toEqual([
      { change: 'modified', path: '/linked', type: 'file', metadataOnly: true },
      { change: 'renamed', path: '/newname', from: '/oldname', type: 'file' },
      { change: 'removed', path: '/deleted', type: 'file' },
      { change: 'added', path: '/created', type: 'file' },
      { change: 'modified', path: '/modified', type: 'file' },
    ]);
  });

  it('reads -FHt lines (time column, TAB between the rename paths)', () => {
    const out = sample('zfs-diff-FHt-reconstructed.txt').map((l) => parseZfsDiffLine(l, '/tank/test')).filter(Boolean);
    expect(out.map((c) => c!.change)).toEqual(['modified', 'renamed', 'removed', 'added', 'modified']);
    expect(out[1]).toEqual({ change: 'renamed', path: '/newname', from: '/oldname', type: 'file' });
  });

  it('decodes \\0ooo escapes into UTF-8', () => {
    expect(unescapeZfsDiff('\\0343\\0201\\0202')).toBe('あ');
    const esc = sample('zfs-diff-escaped-test-expected.txt').map((l) => parseZfsDiffLine(l, '/var/tmp/testdir/fs')).filter(Boolean);
    const raw = sample('zfs-diff-no-mangle-test-expected.txt').map((l) => parseZfsDiffLine(l, '/var/tmp/testdir/fs')).filter(Boolean);
    expect(esc).toEqual(raw);
    expect(esc[0]).toEqual({ change: 'added', path: '/śmieszny żupan', type: undefined });
    const jp = sample('zfs-diff-escaped-2.1.2.txt').map((l) => parseZfsDiffLine(l, '/pool1')).filter(Boolean);
    expect(jp).toEqual([{ change: 'added', path: '/あああ', type: undefined }]);
  });

  it('keeps renames out of object order as they are, relative to the mountpoint', () => {
    const out = sample('zfs-diff-rename-2.2.7.txt').map((l) => parseZfsDiffLine(l, '/raid/critical'));
    expect(out[0]).toEqual({ change: 'renamed', path: '/dvdrip/testing/clips', from: '/dvdrip/testing/stddef', type: undefined });
    expect(out[4]).toMatchObject({ from: '/dvdrip/testing/stddef/outdoor/test.avi', path: '/dvdrip/testing/encoded/Nature_Documentary/test.avi' });
  });

  it('ignores lines outside the mountpoint and junk', () => {
    expect(relativeToMount('/tank/testing/x', '/tank/test')).toBeNull();
    expect(relativeToMount('/x', '/')).toBe('/x');
    expect(parseZfsDiffLine('+\t/elsewhere/x', '/tank/test')).toBeNull();
    expect(parseZfsDiffLine('hello', '/tank/test')).toBeNull();
  });
});
