import { describe, expect, it } from 'vitest';
import { CommandError } from '../../exec/run';
import { retryBusy } from './exec';

const busy = () => new CommandError('BUSY', 'busy', { argv: ['zfs', 'destroy', 'p/a'], exitCode: 1, stderr: "cannot destroy 'p/a': dataset is busy" });

describe('busy retry (zfs-fuse says "dataset is busy" for a moment after an unmount)', () => {
  it('retries BUSY until it succeeds', async () => {
    let n = 0;
    await expect(retryBusy(async () => (++n < 3 ? Promise.reject(busy()) : 'ok'))).resolves.toBe('ok');
    expect(n).toBe(3);
  });
  it('does not retry other errors, nor when retryIf says the busy has another cause (a hold)', async () => {
    let n = 0;
    const other = new CommandError('NOT_FOUND', 'gone', { argv: ['zfs'], exitCode: 1, stderr: '' });
    await expect(retryBusy(async () => (n++, Promise.reject(other)))).rejects.toBe(other);
    expect(n).toBe(1);
    n = 0;
    await expect(retryBusy(async () => (n++, Promise.reject(busy())), { retryIf: async () => false })).rejects.toMatchObject({ code: 'BUSY' });
    expect(n).toBe(1);
  });
  it('stops at once when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    let n = 0;
    await expect(retryBusy(async () => (n++, Promise.reject(busy())), { signal: ac.signal })).rejects.toMatchObject({ code: 'BUSY' });
    expect(n).toBe(1);
  });
});
