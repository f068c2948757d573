import { describe, expect, it } from 'vitest';
import { compareStats, type StatLite } from './compare';

const base: StatLite = { ino: 300n, dev: 1n, size: 10n, mtimeNs: 5n, ctimeNs: 5n, mode: 0o644, uid: 0, gid: 0, nlink: 1, type: 'file' };
const w = (p: Partial<StatLite>): StatLite => ({ ...base, ...p });

describe('comparing two stats of one entry', () => {
  it('files', () => {
    expect(compareStats(base, base, false)).toBe('same');
    expect(compareStats(base, w({ size: 11n }), false)).toBe('content');
    expect(compareStats(base, w({ mtimeNs: 6n, ctimeNs: 6n }), false)).toBe('check');
    expect(compareStats(base, w({ ctimeNs: 6n }), false)).toBe('check');
    expect(compareStats(base, w({ ctimeNs: 6n }), true)).toBe('same'); // a rename bumps ctime
    expect(compareStats(base, w({ mode: 0o600 }), false)).toBe('meta');
    expect(compareStats(base, w({ type: 'symlink' }), false)).toBe('content');
  });
  it('folders change only by mode or owner (their times follow their entries)', () => {
    const d = w({ type: 'dir' });
    expect(compareStats(d, { ...d, mtimeNs: 9n, ctimeNs: 9n, size: 99n }, false)).toBe('same');
    expect(compareStats(d, { ...d, uid: 1000 }, false)).toBe('meta');
  });
});
