// Faults around snapshots and plans on real btrfs and zfs-fuse: ENOSPC while snapshotting (a full pool), concurrent
// mutating requests on one pool (serialised: nothing lost, nothing done twice), and a plan whose target changed before
// commit (PLAN_STALE, nothing destroyed). Every case checks the data is byte-identical and the app keeps working.
// btrfs cannot be driven to ENOSPC on a snapshot: it takes the metadata from its global reserve (tried: 22,000 small
// files filling the metadata of a 128 MiB filesystem still let `btrfs subvolume snapshot` succeed).
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/domain';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { createSubvol, rawSubvolumes, snapshotSubvol } from '../fixtures/btrfs';
import { makeLoopFs, makeZfsPool, sh, type LoopFs, type ZfsPool } from '../fixtures/fs';
import { finished, treeHash } from './fault-tools';

let b: LoopFs;
let z: ZfsPool;
let service: Service;

beforeAll(async () => {
  b = makeLoopFs('btrfs');
  z = makeZfsPool({ sizeMB: 128 });
  createSubvol(b, 'vol');
  writeFileSync(join(b.mountpoint, 'vol', 'data.bin'), randomBytes(4 << 20));
  sh('zfs', ['create', `${z.pool}/ds`]);
  writeFileSync(join(z.mountpoint, 'ds', 'data.bin'), randomBytes(4 << 20));
  service = new Service({ journal: new Journal(join(b.dir, 'journal.jsonl')) });
});
afterAll(() => {
  z?.cleanup();
  b?.cleanup();
});

const zfsSnaps = () => sh('zfs', ['list', '-H', '-o', 'name', '-t', 'snapshot', '-r', z.pool]).split('\n').filter(Boolean).sort();
/** Subvolume paths, without the `.snapshots` folder the first snapshot makes (a subvolume itself). */
const btrfsPaths = () => rawSubvolumes(b).map((s) => s.path).filter((p) => p !== '.snapshots').sort();
const codeOf = async (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string }) => e.code ?? 'UNTYPED');
/** zfs-fuse reports "dataset is busy" for a moment after a mount: retry (bounded). */
async function destroyRetrying(name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    sh('zfs', ['destroy', name], { allowFail: true });
    if (!sh('zfs', ['list', '-H', '-o', 'name', name], { allowFail: true }).trim()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`could not destroy ${name}`);
}
/** True when no two jobs' run intervals overlap. */
const serialised = (jobs: Job[]) => {
  const xs = jobs.map((j) => [Date.parse(j.startedAt!), Date.parse(j.finishedAt!)] as const).sort((p, q) => p[0] - q[0]);
  return xs.every((x, i) => i === 0 || x[0] >= xs[i - 1]![1]);
};

describe('ENOSPC while snapshotting', () => {
  it('a full ZFS pool: NO_SPACE, no snapshot, the data untouched; works once space is back', async () => {
    const ds = join(z.mountpoint, 'ds');
    const before = treeHash(ds);
    const snapsBefore = zfsSnaps();
    // zfs-fuse has no fallocate: write until the pool is full
    const fillers = [join(ds, 'filler')];
    sh('dd', ['if=/dev/urandom', `of=${fillers[0]}`, 'bs=1M', 'count=1024', 'status=none'], { allowFail: true });
    try {
      expect(await codeOf(service.call('createSnapshot', { target: `zfs:${z.pool}/ds`, name: 'full' }))).toBe('NO_SPACE');
      expect(zfsSnaps()).toEqual(snapsBefore);
    } finally {
      for (const f of fillers) sh('rm', ['-f', f]);
    }
    const after = treeHash(ds);
    expect(after).toEqual(before);
    // zfs-fuse frees space lazily: retry briefly
    let code = 'NO_SPACE';
    for (let i = 0; i < 20 && code === 'NO_SPACE'; i++) {
      code = await codeOf(service.call('createSnapshot', { target: `zfs:${z.pool}/ds`, name: 'after' }));
      if (code === 'NO_SPACE') await new Promise((r) => setTimeout(r, 500));
    }
    expect(code).toBe('OK');
    expect(zfsSnaps()).toContain(`${z.pool}/ds@after`);
  }, 120_000);
});

describe('concurrent mutating requests on one pool are serialised', () => {
  it('btrfs: 12 snapshots at once, then 12 destroys committed at once — each happens exactly once', async () => {
    const target = `btrfs:${b.mountpoint}:vol`;
    const before = btrfsPaths();
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => service.call('createSnapshot', { target, name: `c${i}` })));
    expect(btrfsPaths()).toEqual([...before, ...made.map(([s]) => s!.id.split(':').pop()!)].sort());
    const plans = await Promise.all(made.map(([s]) => service.call('planDestroy', { target: s!.id })));
    const jobs = await Promise.all(plans.map((p) => service.call('commitPlan', { planId: p.id, confirm: p.confirmText ?? undefined })));
    const done = await Promise.all(jobs.map((j) => finished(service, j)));
    expect(done.map((j) => j.state)).toEqual(done.map(() => 'done'));
    expect(new Set(jobs.map((j) => j.key)).size).toBe(1);
    expect(serialised(done)).toBe(true);
    expect(btrfsPaths()).toEqual(before);
    expect(treeHash(join(b.mountpoint, 'vol'))['data.bin']).toBeDefined();
    // the same plan committed twice: once only
    const [s] = await service.call('createSnapshot', { target, name: 'once' });
    const p = await service.call('planDestroy', { target: s!.id });
    const twice = await Promise.all([0, 1].map(() => codeOf(service.call('commitPlan', { planId: p.id, confirm: p.confirmText ?? undefined }))));
    expect(twice.sort()).toEqual(['OK', 'PLAN_NOT_FOUND']);
  }, 120_000);

  it('ZFS: 10 snapshots at once, then their destroys at once — each happens exactly once, one job at a time', async () => {
    const target = `zfs:${z.pool}/ds`;
    const before = zfsSnaps();
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => service.call('createSnapshot', { target, name: `c${i}` })));
    expect(zfsSnaps()).toEqual([...before, ...made.map(([s]) => s!.id.replace(/^zfs:/, ''))].sort());
    const plans = await Promise.all(made.map(([s]) => service.call('planDestroy', { target: s!.id })));
    const jobs = await Promise.all(plans.map((p) => service.call('commitPlan', { planId: p.id, confirm: p.confirmText ?? undefined })));
    const done = await Promise.all(jobs.map((j) => finished(service, j)));
    expect(done.map((j) => [j.state, j.error?.code])).toEqual(done.map(() => ['done', undefined]));
    expect(serialised(done)).toBe(true);
    expect(zfsSnaps()).toEqual(before);
  }, 180_000);
});

describe('a plan whose target changed before commit', () => {
  it('btrfs: the snapshot was replaced by another of the same name → PLAN_STALE, the new one survives', async () => {
    snapshotSubvol(b, 'vol', 'stale1');
    const plan = await service.call('planDestroy', { target: `btrfs:${b.mountpoint}:stale1` });
    sh('btrfs', ['subvolume', 'delete', join(b.mountpoint, 'stale1')]);
    snapshotSubvol(b, 'vol', 'stale1'); // same path, new uuid
    const uuid = rawSubvolumes(b).find((s) => s.path === 'stale1')!.uuid;
    const outcome = await service.call('commitPlan', { planId: plan.id, confirm: plan.confirmText ?? undefined }).then(
      (j) => finished(service, j).then((d) => d.error?.code ?? d.state),
      (e: { code?: string }) => e.code,
    );
    expect(outcome).toBe('PLAN_STALE');
    expect(rawSubvolumes(b).find((s) => s.path === 'stale1')?.uuid).toBe(uuid);
  });

  it('ZFS: a snapshot re-created under the same name, and a new clone of it → PLAN_STALE, nothing destroyed', async () => {
    sh('zfs', ['snapshot', `${z.pool}/ds@stale`]);
    const plan = await service.call('planDestroy', { target: `zfs:${z.pool}/ds@stale` });
    sh('zfs', ['destroy', `${z.pool}/ds@stale`]);
    sh('zfs', ['snapshot', `${z.pool}/ds@stale`]);
    const guid = sh('zfs', ['get', '-H', '-o', 'value', 'guid', `${z.pool}/ds@stale`]).trim();
    const run = async () =>
      service.call('commitPlan', { planId: plan.id, confirm: plan.confirmText ?? undefined }).then(
        (j) => finished(service, j).then((d) => d.error?.code ?? d.state),
        (e: { code?: string }) => e.code,
      );
    expect(await run()).toBe('PLAN_STALE');
    expect(sh('zfs', ['get', '-H', '-o', 'value', 'guid', `${z.pool}/ds@stale`]).trim()).toBe(guid);
    // a dependent appeared after planning: also stale
    const plan2 = await service.call('planDestroy', { target: `zfs:${z.pool}/ds@stale`, recursiveDependents: true });
    sh('zfs', ['clone', `${z.pool}/ds@stale`, `${z.pool}/late-clone`]);
    const outcome2 = await service.call('commitPlan', { planId: plan2.id, confirm: plan2.confirmText ?? undefined }).then(
      (j) => finished(service, j).then((d) => d.error?.code ?? d.state),
      (e: { code?: string }) => e.code,
    );
    expect(outcome2).toBe('PLAN_STALE');
    expect(zfsSnaps()).toContain(`${z.pool}/ds@stale`);
    expect(sh('zfs', ['list', '-H', '-o', 'name', `${z.pool}/late-clone`]).trim()).toBe(`${z.pool}/late-clone`);
    // and the app keeps working: a fresh plan commits
    await destroyRetrying(`${z.pool}/late-clone`);
    const fresh = await service.call('planDestroy', { target: `zfs:${z.pool}/ds@stale` });
    const d = await finished(service, await service.call('commitPlan', { planId: fresh.id, confirm: fresh.confirmText ?? undefined }));
    expect(d.state).toBe('done');
  }, 120_000);
});
