import { describe, expect, it } from 'vitest';
import { checkAbsolutePath, checkBtrfsName, checkZfsDataset, checkZfsSnapshot } from './validate';

describe('ZFS names', () => {
  it.each(['tank', 'tank/home', 'tank/a b', 'tank/x:y.z-_1'])('accepts %s', (n) => expect(checkZfsDataset(n).ok).toBe(true));
  it.each([
    ['', /empty/],
    ['tank//a', /empty component/],
    ['tank/', /empty component/],
    ['/tank', /empty component/],
    ['tank/-a', /starts with "-"/],
    ['-tank', /starts with "-"/],
    ['tank/a%b', /%/],
    ['tank/a,b', /,/],
    ['tank/a\nb', /control/],
    ['tank/' + 'x'.repeat(260), /longer than 255/],
    ['tank/a@b', /snapshot/],
    ['1tank', /start with a letter/],
    ['mirror', /reserved/],
    ['tank/ä', /character ZFS does not allow/],
  ])('refuses %j', (n, re) => {
    const v = checkZfsDataset(n);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.code).toBe('INVALID_NAME');
      expect(v.message).toMatch(re);
    }
  });
  it('snapshots need exactly one @ and no % or ,', () => {
    expect(checkZfsSnapshot('tank/a@s1').ok).toBe(true);
    expect(checkZfsSnapshot('tank/a@s1@s2').ok).toBe(false);
    expect(checkZfsSnapshot('tank/a@').ok).toBe(false);
    expect(checkZfsSnapshot('tank/a@x%y').ok).toBe(false);
    expect(checkZfsSnapshot('tank/a@x,y').ok).toBe(false);
    expect(checkZfsSnapshot('tank/a@-x').ok).toBe(false);
  });
});

describe('btrfs names and paths', () => {
  it.each(['', '.', '..', 'a/b', '-x', 'a\nb', 'x'.repeat(256)])('refuses btrfs name %j', (n) => expect(checkBtrfsName(n).ok).toBe(false));
  it('accepts ordinary names including unicode', () => expect(checkBtrfsName('home-2026 ä').ok).toBe(true));
  it.each(['relative', '/a/../b', '/a/./b', '/a\nb', '/a\0b', '/\ud800x'])('refuses path %j', (p) => expect(checkAbsolutePath(p).ok).toBe(false));
  it('accepts absolute paths with spaces', () => expect(checkAbsolutePath('/mnt/my data/x').ok).toBe(true));
});
