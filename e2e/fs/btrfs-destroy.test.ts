import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, Plan } from '../../shared/domain';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { createSubvol, idOf, rawSubvol, rawSubvolumes, snapshotSubvol } from '../fixtures/btrfs';
import { cli, makeLoopFs, sh, unmount, type LoopFs } from '../fixtures/fs';

const plan = (args: string[]) => {
  const r = cli(['destroy', ...args, '--dry-run', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Plan;
};
const commit = (args: string[]) => {
  const r = cli(['destroy', ...args, '--yes', '--json']);
  return { code: r.code, out: r.stdout ? (JSON.parse(r.stdout) as { plan: Plan; job: Job }) : null, error: r.stderr ? (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error : null };
};
const paths = (fs: LoopFs) => rawSubvolumes(fs).map((s) => s.path).sort();

describe('btrfs destroy by plan on a real loop-mounted btrfs', () => {
  let fs: LoopFs;
  beforeAll(() => {
    fs = makeLoopFs('btrfs');
    for (const p of ['vol', 'vol/a', 'vol/a/b', 'vol/c', 'keep']) createSubvol(fs, p);
    mkdirSync(join(fs.mountpoint, '.snapshots'));
    snapshotSubvol(fs, 'vol', '.snapshots/vol-snap');
    writeFileSync(join(fs.mountpoint, 'outside.txt'), 'outside\n');
    writeFileSync(join(fs.mountpoint, 'keep/kept.txt'), 'kept\n');
    writeFileSync(join(fs.mountpoint, 'vol/a/b/inner.txt'), 'inner\n');
  });
  afterAll(() => fs?.cleanup());

  it('plans a subvolume with nested subvolumes: lists them deepest first, with the exact commands', () => {
    const p = plan([join(fs.mountpoint, 'vol')]);
    expect(p.items.map((i) => i.label)).toEqual(['vol/a/b', 'vol/a', 'vol/c', 'vol']);
    expect(p.items.map((i) => i.identity.uuid)).toEqual(['vol/a/b', 'vol/a', 'vol/c', 'vol'].map((x) => rawSubvol(fs, x).uuid));
    expect(p.blockers.map((b) => b.code)).toEqual(['HAS_CHILDREN']);
    expect(p.blockers[0]!.ids).toEqual(['vol/a/b', 'vol/a', 'vol/c'].map((x) => idOf(fs, x)));
    expect(p.commands).toEqual(['vol/a/b', 'vol/a', 'vol/c', 'vol'].map((x) => ['btrfs', 'subvolume', 'delete', '--subvolid', String(rawSubvol(fs, x).id), fs.mountpoint]));
    expect(p.warnings.join(' ')).toMatch(/reclaimed in the background/);
    expect(p.warnings.join(' ')).toMatch(/1 snapshot of vol stays/);
    expect(p.confirmText).toBe('vol');
    expect(plan([idOf(fs, 'vol'), '--recursive']).blockers).toEqual([]);
  });

  it('refuses to commit without --recursive, and touches nothing', () => {
    const before = paths(fs);
    const r = commit([join(fs.mountpoint, 'vol')]);
    expect(r.code).toBe(1);
    expect(r.error!.code).toBe('HAS_CHILDREN');
    expect(paths(fs)).toEqual(before);
  });

  it('refuses the default subvolume, mounted subvolumes and subvolumes with mounts inside', () => {
    const c = rawSubvol(fs, 'vol/c');
    sh('btrfs', ['subvolume', 'set-default', String(c.id), fs.mountpoint]);
    try {
      expect(plan([idOf(fs, 'vol'), '--recursive']).blockers.map((b) => b.code)).toEqual(['IS_DEFAULT']);
      expect(commit([idOf(fs, 'vol/c')]).error!.code).toBe('IS_DEFAULT');
    } finally {
      sh('btrfs', ['subvolume', 'set-default', '5', fs.mountpoint]);
    }
    const sub = join(fs.dir, 'a-mnt');
    mkdirSync(sub);
    sh('mount', ['-o', 'loop,subvol=vol/a', fs.image, sub]);
    try {
      const p = plan([idOf(fs, 'vol'), '--recursive']);
      expect(p.blockers.map((b) => b.code)).toEqual(['MOUNTED']);
      expect(p.blockers[0]!.message).toContain(sub);
      expect(commit([idOf(fs, 'vol/a'), '--recursive']).error!.code).toBe('MOUNTED');
    } finally {
      unmount(sub);
    }
    const inside = join(fs.mountpoint, 'vol/a/b/tmp');
    mkdirSync(inside);
    sh('mount', ['-t', 'tmpfs', 'tmpfs', inside]);
    try {
      writeFileSync(join(inside, 'other-fs.txt'), 'on tmpfs\n');
      const p = plan([idOf(fs, 'vol'), '--recursive']);
      expect(p.blockers.map((b) => b.code)).toEqual(['MOUNTED']);
      expect(p.blockers[0]!.message).toContain(inside);
      expect(commit([idOf(fs, 'vol'), '--recursive']).error!.code).toBe('MOUNTED');
      expect(readFileSync(join(inside, 'other-fs.txt'), 'utf8')).toBe('on tmpfs\n');
    } finally {
      unmount(inside);
    }
  });

  it('refuses a plan whose subvolumes changed since it was made (in-process, one Service)', async () => {
    const service = new Service({ journal: new Journal(join(fs.dir, 'journal.jsonl')) });
    const p = await service.call('planDestroy', { target: idOf(fs, 'vol/c') });
    expect(p.blockers).toEqual([]);
    createSubvol(fs, 'vol/c/new'); // appears after the plan
    const job = await service.call('commitPlan', { planId: p.id, confirm: p.confirmText ?? undefined });
    const end = await service.call('job', { id: job.id, wait: true });
    expect(end.state).toBe('failed');
    expect(end.error!.code).toBe('PLAN_STALE');
    expect(paths(fs)).toContain('vol/c/new');
    sh('btrfs', ['subvolume', 'delete', join(fs.mountpoint, 'vol/c/new')]);
  });

  it('with --recursive deletes all of them by id, and nothing outside', () => {
    const r = commit([join(fs.mountpoint, 'vol'), '--recursive']);
    expect(r.code, JSON.stringify(r.error)).toBe(0);
    expect(r.out!.job.state).toBe('done');
    expect((r.out!.job.result as { notes: string[] }).notes.join(' ')).toMatch(/reclaimed in the background/);
    expect(r.out!.job.commands!.map((c) => c.slice(1, 4))).toEqual(Array(4).fill(['subvolume', 'delete', '--subvolid']));
    expect(paths(fs)).toEqual(['.snapshots/vol-snap', 'keep']);
    expect(readFileSync(join(fs.mountpoint, 'outside.txt'), 'utf8')).toBe('outside\n');
    expect(readFileSync(join(fs.mountpoint, 'keep/kept.txt'), 'utf8')).toBe('kept\n');
  });

  it('a lone snapshot needs no typed confirmation; the top level cannot be deleted; folders are not subvolumes', () => {
    const p = plan([join(fs.mountpoint, '.snapshots/vol-snap')]);
    expect(p).toMatchObject({ confirmText: null, blockers: [] });
    expect(p.items).toEqual([expect.objectContaining({ type: 'snapshot', label: '.snapshots/vol-snap' })]);
    const top = cli(['destroy', fs.mountpoint, '--dry-run', '--json']);
    expect(top.code).toBe(1);
    expect(JSON.parse(top.stderr).error.code).toBe('NOT_SUPPORTED');
    mkdirSync(join(fs.mountpoint, 'keep/folder'));
    const folder = cli(['destroy', join(fs.mountpoint, 'keep/folder'), '--dry-run', '--json']);
    expect(folder.code).toBe(2);
    expect(JSON.parse(folder.stderr).error.code).toBe('INVALID_PATH');
    expect(commit([join(fs.mountpoint, '.snapshots/vol-snap')]).code).toBe(0);
    expect(paths(fs)).toEqual(['keep']);
  });
});
