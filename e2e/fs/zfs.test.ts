// The ZFS provider on a real zfs-fuse pool (image file): snapshots, clone, promote, lineage, destroy and
// rollback plans, stale plans. The CLI runs in-process against one Service (the built binary is covered by
// zfs-bad-input and the bench); every expectation is checked against what zfs itself says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, Lineage, Plan, Snapshot, Volume } from '../../shared/domain';
import { BUSY_BACKOFF_MS, featuresOf, renameDataset } from '../../main/core/providers/zfs/exec';
import { makeZfsPool, sh, type ZfsPool } from '../fixtures/fs';
import { originEdges, zfsHarness, zfsNames, zfsProp } from '../fixtures/zfs-cli';

describe('zfs provider on zfs-fuse', () => {
  let z: ZfsPool;
  let P: string;
  let h: ReturnType<typeof zfsHarness>;
  const file = (ds: string, name: string) => join(z.mountpoint, ds, name);
  const cloneEdges = (g: Lineage) => g.edges.filter((e) => e.kind === 'clone-of').map((e) => `${e.from} → ${e.to}`).sort();

  beforeAll(() => {
    z = makeZfsPool();
    P = z.pool;
    h = zfsHarness(z.dir);
    sh('zfs', ['create', `${P}/data`]);
    sh('zfs', ['create', `${P}/data/kid`]);
    writeFileSync(file('data', 'a.txt'), 'one\n');
  });
  afterAll(() => z?.cleanup());

  it('creates snapshots (recursive = one atomic zfs snapshot -r), lists them oldest first, renames, holds', async () => {
    for (const n of ['s1', 's2']) expect((await h.cowshed(['snapshot', `zfs:${P}/data`, '--name', n])).code).toBe(0);
    const rec = await h.cowshed(['snapshot', `zfs:${P}`, '--name', 'r1', '--recursive']);
    expect(rec.code, rec.error?.message).toBe(0);
    const made = rec.out as Snapshot[];
    expect(made.map((s) => s.fullName).sort()).toEqual([`${P}/data/kid@r1`, `${P}/data@r1`, `${P}@r1`]);
    expect(new Set(made.map((s) => s.generation)).size).toBe(1); // one transaction group: atomic

    expect((await h.cowshed(['rename', `zfs:${P}/data@s2`, 's2b'])).code).toBe(0);
    const list = (await h.cowshed(['snapshots', `zfs:${P}/data`])).out as Snapshot[];
    expect(list.map((s) => s.name)).toEqual(['s1', 's2b', 'r1']);
    const txgs = list.map((s) => s.generation!);
    expect([...txgs].sort((a, b) => a - b)).toEqual(txgs);
    expect(list[0]!.identity).toEqual({ kind: 'zfs', dataset: `${P}/data@s1`, guid: zfsProp(`${P}/data@s1`, 'guid') });

    const held = await h.cowshed(['hold', `zfs:${P}/data@s1`, 'keep me']);
    expect((held.out as Snapshot).holds).toEqual(['keep me']);
    expect(zfsProp(`${P}/data@s1`, 'userrefs')).toBe('1');
    const plan = (await h.cowshed(['destroy', `zfs:${P}/data@s1`])).out as Plan;
    expect(plan.blockers).toEqual([expect.objectContaining({ code: 'HELD', message: expect.stringContaining('keep me') })]);
    const refused = await h.cowshed(['destroy', `zfs:${P}/data@s1`, '--yes']);
    expect([refused.code, refused.error?.code]).toEqual([1, 'HELD']);
    expect(((await h.cowshed(['hold', `zfs:${P}/data@s1`, 'keep me', '--release'])).out as Snapshot).holds).toEqual([]);
  });

  it('clone and promote: lineage before and after matches zfs get origin', async () => {
    const made = await h.cowshed(['clone', `zfs:${P}/data@s1`, `${P}/clone`]);
    expect(made.code, made.error?.message).toBe(0);
    expect((made.out as Volume).origin).toBe(`zfs:${P}/data@s1`);
    writeFileSync(file('clone', 'b.txt'), 'two\n');
    const before = (await h.cowshed(['lineage', `zfs:${P}/clone`])).out as Lineage;
    expect(cloneEdges(before)).toEqual(originEdges(P));
    expect(cloneEdges(before)).toEqual([`zfs:${P}/data@s1 → zfs:${P}/clone`]);

    const dry = (await h.cowshed(['promote', `zfs:${P}/clone`, '--dry-run'])).out as Plan;
    expect(dry.summary.join(' ')).toMatch(/reverses that dependency/);
    expect(dry.items.filter((i) => i.action === 'move').map((i) => i.label)).toEqual([`${P}/data@s1`]);
    const done = await h.cowshed(['promote', `zfs:${P}/clone`, '--yes']);
    expect(done.code, done.error?.message).toBe(0);
    expect(zfsProp(`${P}/data`, 'origin')).toBe(`${P}/clone@s1`);
    const after = (await h.cowshed(['lineage', `zfs:${P}/clone`])).out as Lineage;
    expect(cloneEdges(after)).toEqual(originEdges(P));
    expect(cloneEdges(after)).toEqual([`zfs:${P}/clone@s1 → zfs:${P}/data`]);
  });

  it('destroy plans list the dependent clones; refused without --recursive-dependents, done with it', async () => {
    await h.service.call('cloneSnapshot', { snapshot: `zfs:${P}/clone@s1`, name: `${P}/c2` });
    const plan = (await h.cowshed(['destroy', `zfs:${P}/clone@s1`])).out as Plan;
    expect(plan.blockers).toEqual([expect.objectContaining({ code: 'HAS_CLONES', ids: expect.arrayContaining([`${P}/data`, `${P}/c2`]) })]);
    const refused = await h.cowshed(['destroy', `zfs:${P}/clone@s1`, '--yes']);
    expect([refused.code, refused.error?.code]).toEqual([1, 'HAS_CLONES']);
    expect(zfsNames(P)).toContain(`${P}/c2`);

    // Destroying the clone c2 itself: a dataset, so the plan wants its name typed (the CLI's --yes supplies it).
    sh('zfs', ['snapshot', `${P}/c2@x`]);
    const c2 = (await h.cowshed(['destroy', `zfs:${P}/c2`])).out as Plan;
    expect(c2.confirmText).toBe(`${P}/c2`);
    expect(c2.items.map((i) => i.label)).toEqual([`${P}/c2@x`, `${P}/c2`]);
    const gone = await h.cowshed(['destroy', `zfs:${P}/c2`, '--yes']);
    expect(gone.code, gone.error?.message).toBe(0);
    expect(zfsNames(P)).not.toContain(`${P}/c2`);
  });

  it('rollback plans list the snapshots (and clones) it destroys; the safety copy keeps the current files', async () => {
    sh('zfs', ['create', `${P}/rb`]);
    const f = file('rb', 'f');
    writeFileSync(f, 'v1');
    sh('zfs', ['snapshot', `${P}/rb@a`]);
    writeFileSync(f, 'v2');
    sh('zfs', ['snapshot', `${P}/rb@b`]);
    sh('zfs', ['clone', `${P}/rb@b`, `${P}/rbclone`]);
    writeFileSync(f, 'v3');
    const plan = (await h.cowshed(['rollback', `zfs:${P}/rb@a`])).out as Plan;
    expect(plan.items.filter((i) => i.action === 'destroy').map((i) => i.label)).toEqual([`${P}/rbclone`, `${P}/rb@b`]);
    expect(plan.blockers.map((b) => b.code)).toEqual(['CONFIRMATION_REQUIRED', 'HAS_CLONES']);
    expect(plan.summary.join(' ')).toMatch(/restore as a clone/);
    const refused = await h.cowshed(['rollback', `zfs:${P}/rb@a`, '--yes']);
    expect(refused.code).toBe(1);
    expect(readFileSync(f, 'utf8')).toBe('v3');

    const done = await h.cowshed(['rollback', `zfs:${P}/rb@a`, '--force', '--yes']);
    expect(done.code, done.error?.message).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('v1');
    const names = zfsNames(P);
    expect(names).not.toContain(`${P}/rb@b`);
    expect(names).not.toContain(`${P}/rbclone`);
    const copy = names.find((n) => n.startsWith(`${P}/rb-before-rollback-`) && !n.includes('@'))!;
    expect(copy).toBeTruthy();
    expect(readFileSync(join(zfsProp(copy, 'mountpoint'), 'f'), 'utf8')).toBe('v3');
  });

  it('a plan whose target changed is refused at commit (PLAN_STALE), and so is one that gained a dependent', async () => {
    sh('zfs', ['create', `${P}/st`]);
    sh('zfs', ['snapshot', `${P}/st@x`]);
    const plan = await h.service.call('planDestroy', { target: `zfs:${P}/st@x` });
    sh('zfs', ['destroy', `${P}/st@x`]);
    sh('zfs', ['snapshot', `${P}/st@x`]); // same name, new guid
    const job = await h.service.call('commitPlan', { planId: plan.id });
    const end = (await h.service.call('job', { id: job.id, wait: true })) as Job;
    expect([end.state, end.error?.code]).toEqual(['failed', 'PLAN_STALE']);
    expect(zfsNames(P)).toContain(`${P}/st@x`);

    const p2 = await h.service.call('planDestroy', { target: `zfs:${P}/st`, recursive: true, recursiveDependents: true });
    sh('zfs', ['clone', `${P}/st@x`, `${P}/stclone`]);
    const j2 = await h.service.call('commitPlan', { planId: p2.id, confirm: `${P}/st` });
    const e2 = (await h.service.call('job', { id: j2.id, wait: true })) as Job;
    expect([e2.state, e2.error?.code]).toEqual(['failed', 'PLAN_STALE']);
    expect(e2.error?.message).toMatch(/stclone/);
    expect(zfsNames(P)).toEqual(expect.arrayContaining([`${P}/st`, `${P}/stclone`]));
  });

  it('zfs-fuse "dataset is busy" right after unmount is retried (bounded), not surfaced', async () => {
    // zfs-fuse cannot rename a mounted filesystem, and says "dataset is busy" for a moment after an unmount:
    // renameDataset unmounts, renames with the busy retry, and mounts again.
    const f = await featuresOf(h.service.ctx);
    for (const i of [1, 2, 3]) {
      sh('zfs', ['create', `${P}/bz${i}`]);
      writeFileSync(file(`bz${i}`, 'f'), 'x');
      await renameDataset(h.service.ctx, f, `${P}/bz${i}`, `${P}/moved${i}`);
      expect(readFileSync(file(`moved${i}`, 'f'), 'utf8')).toBe('x');
    }
    sh('zfs', ['unmount', `${P}/moved1`]);
    const r = await h.cowshed(['destroy', `zfs:${P}/moved1`, '--yes']);
    expect(r.code, r.error?.message).toBe(0);
    // Any failed attempt in the journal was "busy", and the same command then succeeded.
    const j = h.service.ctx.journal.read(10_000);
    j.forEach((e, i) => {
      if (e.outcome !== 'failed') return;
      expect(e.stderr).toMatch(/busy/);
      expect(j.slice(i + 1).some((x) => x.outcome === 'ok' && x.argv.join(' ') === e.argv.join(' '))).toBe(true);
    });
    expect(BUSY_BACKOFF_MS.reduce((a, b) => a + b, 0)).toBeLessThan(15_000);
  });

  it('lists datasets with their lineage fields', async () => {
    const vols = (await h.cowshed(['volumes', `zfs:${P}`])).out as Volume[];
    const data = vols.find((v) => v.name === `${P}/data`)!;
    expect(data.origin).toBe(`zfs:${P}/clone@s1`);
    expect(data.identity).toEqual({ kind: 'zfs', dataset: `${P}/data`, guid: zfsProp(`${P}/data`, 'guid') });
    expect(data.path).toBe(join(z.mountpoint, 'data'));
    expect(vols.some((v) => v.isSnapshot)).toBe(false);
  });
});
