import { describe, expect, it } from 'vitest';
import { callKey, forMethods, QueryCache } from './query-cache';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('query cache', () => {
  it('fetches once for every subscriber, keeps data while refetching, refetches when invalidated', async () => {
    const c = new QueryCache();
    let calls = 0;
    const fetcher = async () => ++calls;
    const k = callKey('listDir', { path: '/a' });
    const seen: number[] = [];
    const off1 = c.subscribe(k, fetcher, () => seen.push(1));
    const off2 = c.subscribe(k, fetcher, () => undefined);
    await tick();
    expect(calls).toBe(1);
    expect(c.get<number>(k)).toMatchObject({ status: 'success', data: 1, fetching: false });
    c.invalidate(forMethods('listDir'));
    expect(c.get<number>(k)).toMatchObject({ data: 1, fetching: true }); // stale data stays on screen
    await tick();
    expect(c.get<number>(k).data).toBe(2);
    c.invalidate(forMethods('snapshots'));
    await tick();
    expect(calls).toBe(2);
    off1();
    off2();
  });

  it('an error keeps the last data; a slow old answer never overwrites a newer one', async () => {
    const c = new QueryCache();
    const k = 'm {}';
    let n = 0;
    const answers: ((v: unknown) => void)[] = [];
    c.subscribe(k, () => new Promise((r) => answers.push(r)).then(() => ++n), () => undefined);
    void c.fetch(k); // a second fetch while the first is in flight
    answers[1]!(null);
    await tick();
    answers[0]!(null);
    await tick();
    expect(c.get(k).data).toBe(1); // the first to resolve came from the newer fetch; the stale one was dropped
    const c2 = new QueryCache();
    let fail = false;
    c2.subscribe(k, async () => {
      if (fail) throw new Error('boom');
      return 'ok';
    }, () => undefined);
    await tick();
    fail = true;
    await c2.fetch(k);
    expect(c2.get(k)).toMatchObject({ status: 'error', data: 'ok' });
  });

  it('unwatched entries are marked stale and fetched when next used; idle ones are evicted beyond the limit', async () => {
    const c = new QueryCache(2);
    let calls = 0;
    for (const p of ['a', 'b', 'c', 'd']) c.subscribe(p, async () => ++calls, () => undefined)();
    await tick();
    expect(c.size).toBe(2);
  });
});
