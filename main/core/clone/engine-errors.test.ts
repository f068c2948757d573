import { describe, expect, it } from 'vitest';
import { engineError } from './engine-errors';
import type { EngineFailure } from './native';

const f = (o: Partial<EngineFailure>): EngineFailure => ({ code: 'EIO', errno: 5, op: 'create', path: 'a/b', detail: '', message: 'I/O error', ...o });
const refused = (c: string) => `refused (${c})`;

describe('engineError', () => {
  it('maps errno codes to error codes with a sentence', () => {
    expect(engineError(f({ code: 'ENOSPC' }), '/src', refused)).toMatchObject({ code: 'NO_SPACE', message: expect.stringContaining('/src/a/b') });
    expect(engineError(f({ code: 'ECANCELED', op: 'cancel' }), '/src', refused).code).toBe('CANCELLED');
    expect(engineError(f({ code: 'EACCES', op: 'open' }), '/src', refused)).toMatchObject({ code: 'NEEDS_ADMIN', message: expect.stringContaining('opening /src/a/b') });
    expect(engineError(f({ code: 'EIO' }), '/src', refused).code).toBe('INTERNAL');
  });
  it('words a refused FICLONE with the caller’s reason', () => {
    expect(engineError(f({ code: 'EOPNOTSUPP', op: 'clone' }), '/s', refused)).toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringContaining('refused (EOPNOTSUPP)') });
    expect(engineError(f({ code: 'EXDEV', op: 'clone' }), '/s', refused).code).toBe('CROSS_DEVICE');
  });
  it('types a failed data sync (fdatasync of a copied file, or the syncfs before the rename)', () => {
    expect(engineError(f({ code: 'ENOSPC', op: 'sync' }), '/src', refused)).toMatchObject({ code: 'NO_SPACE', message: expect.stringContaining('cloning /src/a/b') });
    expect(engineError(f({ code: 'EDQUOT', op: 'sync', path: '' }), '/src', refused).code).toBe('NO_SPACE');
    expect(engineError(f({ code: 'EIO', op: 'sync', path: '' }), '/src', refused)).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('(EIO)') });
  });
  it('reports the free-space check in bytes people read', () => {
    const e = engineError(f({ code: 'ENOSPC', op: 'space', path: '', detail: 'need=3221225472 free=1073741824' }), '/s', refused);
    expect(e.code).toBe('NO_SPACE');
    expect(e.message).toContain('3.0 GiB');
    expect(e.message).toContain('1.0 GiB');
  });
});
