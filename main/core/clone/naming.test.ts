import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteLength } from '../../../shared/validate';
import { beforeRestoreName, cloneName, firstFree, parsePartialName, partialName, splitExtension, zfsCloneName } from './naming';

describe('clone naming', () => {
  it('puts the suffix before the extension of files', () => {
    expect(cloneName('report.pdf', 1, true)).toBe('report (clone).pdf');
    expect(cloneName('report.pdf', 2, true)).toBe('report (clone 2).pdf');
    expect(cloneName('archive.tar.gz', 1, true)).toBe('archive (clone).tar.gz');
    expect(cloneName('.bashrc', 1, true)).toBe('.bashrc (clone)');
    expect(cloneName('Makefile', 3, true)).toBe('Makefile (clone 3)');
    expect(cloneName('trailing.', 1, true)).toBe('trailing. (clone)');
  });

  it('appends to folder names, dots and all', () => {
    expect(cloneName('photos', 1, false)).toBe('photos (clone)');
    expect(cloneName('my.project', 2, false)).toBe('my.project (clone 2)');
  });

  it('counts on from an existing clone suffix instead of nesting', () => {
    expect(cloneName('report (clone).pdf', 2, true)).toBe('report (clone 2).pdf');
    expect(cloneName('photos (clone 4)', 5, false)).toBe('photos (clone 5)');
  });

  it('stays within 255 bytes without splitting characters', () => {
    const long = 'ü'.repeat(127) + '.txt'; // 254 + 4 bytes
    const n = cloneName(long, 12, true);
    expect(byteLength(n)).toBeLessThanOrEqual(255);
    expect(n.endsWith(' (clone 12).txt')).toBe(true);
    expect(n).not.toContain('\ufffd');
  });

  it('splits extensions', () => {
    expect(splitExtension('a.b.c')).toEqual(['a.b', '.c']);
    expect(splitExtension('.hidden')).toEqual(['.hidden', '']);
  });

  it('names the version a restore replaces and ZFS clones', () => {
    expect(beforeRestoreName('notes.txt', 1, true)).toBe('notes (before restore).txt');
    expect(beforeRestoreName('docs', 2, false)).toBe('docs (before restore 2)');
    expect(zfsCloneName('data', 1)).toBe('data-clone');
    expect(zfsCloneName('data-clone', 2)).toBe('data-clone-2');
  });

  it('picks the first free name in a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cowshed-naming-'));
    try {
      writeFileSync(join(dir, 'r (clone).pdf'), '');
      writeFileSync(join(dir, 'r (clone 2).pdf'), '');
      expect(firstFree(dir, (n) => cloneName('r.pdf', n, true))).toBe('r (clone 3).pdf');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips partial names, which carry the owning pid', () => {
    const p = partialName('photos (clone)', 4242);
    expect(p).toMatch(/^\.photos \(clone\)\.cowshed-partial-4242-[0-9a-f]{8}$/);
    expect(parsePartialName(p)).toEqual({ name: 'photos (clone)', pid: 4242 });
    expect(parsePartialName('.photos.cowshed-partial-x-1')).toBeNull();
    expect(parsePartialName('photos')).toBeNull();
    expect(byteLength(partialName('x'.repeat(255)))).toBeLessThanOrEqual(255);
  });
});
