import { describe, expect, it } from 'vitest';
import { formatArgv, formatBytes, formatMode, plural } from './format';
import { baseName, dirName, isInside, joinPath, relativeTo, segmentsBelow } from './paths';
import { sentence, toErrorInfo } from './errors';
import { canCommit } from '../features/plans/plan-store';

describe('formats, paths, errors, plan confirmation', () => {
  it('formats', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(21_474_836_480)).toBe('20.0 GB');
    expect(formatBytes(null)).toBe('—');
    expect(plural(1, 'item')).toBe('1 item');
    expect(plural(100_000, 'item')).toBe('100,000 items');
    expect(formatMode(0o100644)).toBe('-rw-r--r--');
    expect(formatMode(0o40755)).toBe('drwxr-xr-x');
    expect(formatArgv(['zfs', 'destroy', 'pool/my data@x', "it's"])).toBe(`zfs destroy 'pool/my data@x' 'it'\\''s'`);
  });

  it('paths', () => {
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a/', 'b/c')).toBe('/a/b/c');
    expect(baseName('/a/b.txt')).toBe('b.txt');
    expect(dirName('/a')).toBe('/');
    expect(isInside('/mnt/ab', '/mnt/a')).toBe(false);
    expect(relativeTo('/mnt/a/b/c', '/mnt/a')).toBe('b/c');
    expect(relativeTo('/x', '/mnt')).toBeNull();
    expect(segmentsBelow('/mnt/a/b', '/mnt', 'mnt').map((s) => s.path)).toEqual(['/mnt', '/mnt/a', '/mnt/a/b']);
  });

  it('errors read as sentences and keep their command', () => {
    expect(sentence('dataset is busy')).toBe('Dataset is busy.');
    const e = toErrorInfo({ code: 'BUSY', message: 'the dataset is busy', command: { argv: ['zfs', 'destroy', 'p/a'], exitCode: 1, stderr: 'busy' } });
    expect(e).toMatchObject({ code: 'BUSY', message: 'The dataset is busy.', command: { exitCode: 1 } });
    expect(toErrorInfo('x').code).toBe('UNKNOWN');
  });

  it('commit needs no blockers and the exact confirmation text', () => {
    const plan = { confirmText: 'pool/a', blockers: [] };
    expect(canCommit(plan, '')).toBe(false);
    expect(canCommit(plan, 'pool/')).toBe(false);
    expect(canCommit(plan, 'pool/a ')).toBe(false);
    expect(canCommit(plan, 'pool/a')).toBe(true);
    expect(canCommit({ confirmText: null, blockers: [] }, '')).toBe(true);
    expect(canCommit({ confirmText: null, blockers: [{ code: 'HELD', message: 'held' }] }, '')).toBe(false);
  });
});
