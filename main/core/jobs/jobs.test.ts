import { describe, expect, it } from 'vitest';
import { JobManager } from './jobs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JobManager', () => {
  it('serialises mutating jobs with the same key, in order', async () => {
    const jm = new JobManager();
    const log: string[] = [];
    const mk = (name: string, key: string) =>
      jm.start({
        title: name,
        kind: 'test',
        key,
        run: async () => {
          log.push(`start ${name}`);
          await sleep(30);
          log.push(`end ${name}`);
          return name;
        },
      });
    const a = mk('a', 'pool1');
    const b = mk('b', 'pool1');
    const c = mk('c', 'pool2');
    await Promise.all([jm.wait(a.id), jm.wait(b.id), jm.wait(c.id)]);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a')); // other key runs alongside
    expect((await jm.wait(b.id)).result).toBe('b');
  });

  it('cancels a running job through its signal', async () => {
    const jm = new JobManager();
    const j = jm.start({
      title: 'long',
      kind: 'test',
      key: null,
      run: (ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('stopped'), { code: 'CANCELLED' })));
        }),
    });
    await sleep(10);
    jm.cancel(j.id);
    const end = await jm.wait(j.id);
    expect(end.state).toBe('cancelled');
  });

  it('reports failures as error payloads and keeps going', async () => {
    const jm = new JobManager();
    const f = jm.start({ title: 'fails', kind: 'test', key: 'k', run: async () => { throw new Error('boom'); } });
    const ok = jm.start({ title: 'after', kind: 'test', key: 'k', run: async () => 42 });
    expect((await jm.wait(f.id)).state).toBe('failed');
    expect((await jm.wait(f.id)).error?.message).toBe('boom');
    expect((await jm.wait(ok.id)).result).toBe(42);
  });

  it('emits progress updates', async () => {
    const jm = new JobManager();
    const seen: number[] = [];
    jm.onUpdate((j) => j.progress && seen.push(j.progress.done));
    const j = jm.start({ title: 'p', kind: 'test', key: null, run: async (ctx) => { ctx.progress(10, 10, 'files'); return null; } });
    await jm.wait(j.id);
    expect(seen).toContain(10);
  });
});
