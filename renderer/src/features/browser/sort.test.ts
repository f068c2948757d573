import { describe, expect, it } from 'vitest';
import type { DirEntry } from '../../../../shared/domain';
import { filterEntries, kindLabel, nameKey, sortEntries } from './sort';

const e = (name: string, type: DirEntry['type'] = 'file', size = 0, mtime = '2026-01-01T00:00:00Z'): DirEntry => ({ name, type, size, mtime, mode: 0, ino: 1 });

describe('sorting the file list', () => {
  it('natural, case-insensitive names; folders first', () => {
    const list = [e('file10'), e('File9'), e('zeta', 'dir'), e('alpha'), e('file1'), e('Alpha', 'dir')];
    expect(sortEntries(list, { key: 'name', dir: 'asc' }).map((x) => x.name)).toEqual(['Alpha', 'zeta', 'alpha', 'file1', 'File9', 'file10']);
    expect(sortEntries(list, { key: 'name', dir: 'desc' }).map((x) => x.name)).toEqual(['zeta', 'Alpha', 'file10', 'File9', 'file1', 'alpha']);
  });

  it('by size, by date, by kind, name breaking ties', () => {
    const list = [e('b', 'file', 10), e('a', 'file', 10), e('c', 'file', 5)];
    expect(sortEntries(list, { key: 'size', dir: 'asc' }).map((x) => x.name)).toEqual(['c', 'a', 'b']);
    expect(sortEntries(list, { key: 'size', dir: 'desc' }).map((x) => x.name)).toEqual(['a', 'b', 'c']);
    const dated = [e('old', 'file', 0, '2020-01-01T00:00:00Z'), e('new', 'file', 0, '2026-01-01T00:00:00Z')];
    expect(sortEntries(dated, { key: 'mtime', dir: 'desc' })[0]!.name).toBe('new');
    expect(sortEntries([e('x.txt'), e('y.pdf')], { key: 'kind', dir: 'asc' })[0]!.name).toBe('y.pdf');
  });

  it('keys pad digit runs; labels and filters', () => {
    expect(nameKey('IMG_2041.jpg')).toBe('img_0000000000002041.jpg');
    expect(nameKey('no digits')).toBe('no digits');
    expect(nameKey('v1.10') > nameKey('v1.9')).toBe(true);
    expect(kindLabel({ name: 'a.tar.zst', type: 'file' })).toBe('ZST file');
    expect(kindLabel({ name: 'home', type: 'dir', volumeRoot: true })).toBe('Volume');
    expect(filterEntries([e('Report.pdf'), e('notes')], 'rep').map((x) => x.name)).toEqual(['Report.pdf']);
  });

  it('sorts 100,000 names in well under the first-render budget', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => e(`file ${(i * 7919) % 100_000}.txt`));
    const t = performance.now();
    const s = sortEntries(big, { key: 'name', dir: 'asc' });
    expect(performance.now() - t).toBeLessThan(1500);
    expect(s[0]!.name).toBe('file 0.txt');
    expect(s[99_999]!.name).toBe('file 99999.txt');
  });
});
