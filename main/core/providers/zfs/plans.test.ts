import { describe, expect, it } from 'vitest';
import { parseGet } from './columns';
import { lineageGraph } from './lineage';
import { planDestroyDraft } from './plan-destroy';
import { planDetachDraft } from './plan-detach';
import { checkIdentities, compareItems } from './plan-exec';
import { planPromoteDraft } from './plan-promote';
import { planRollbackDraft } from './plan-rollback';
import { opCommands } from './plan-types';
import { row, sample } from './test-samples';
import { ZfsWorld, type WorldRow } from './world';

/**
 * tank/a           @s1(10) @s2(20, held "keep") @s3(30)
 * tank/a/child     @s2(20)
 * tank/c = clone of tank/a@s1, with @c1(16); tank/d = clone of tank/c@c1; tank/e = clone of tank/a@s3
 */
function scenario(extra: Partial<Record<string, Partial<WorldRow>>> = {}): ZfsWorld {
  const rows: [string, Partial<WorldRow>][] = [
    ['tank', { createtxg: 1 }],
    ['tank/a', { createtxg: 5, mounted: true, mountpoint: '/tank/a', used: 5000 }],
    ['tank/a@s1', { createtxg: 10 }],
    ['tank/a@s2', { createtxg: 20, userrefs: 1 }],
    ['tank/a@s3', { createtxg: 30 }],
    ['tank/a/child', { createtxg: 6 }],
    ['tank/a/child@s2', { createtxg: 20 }],
    ['tank/c', { createtxg: 15, origin: 'tank/a@s1', used: 300 }],
    ['tank/c@c1', { createtxg: 16 }],
    ['tank/d', { createtxg: 17, origin: 'tank/c@c1', used: 200 }],
    ['tank/e', { createtxg: 35, origin: 'tank/a@s3', used: 100 }],
  ];
  return new ZfsWorld(
    rows.map(([name, over], i) => row(name, { guid: String(1000 + i), ...over, ...extra[name] })),
    new Map([['tank/a@s2', ['keep']]]),
  );
}

describe('destroy plans walk snapshots, children and clones themselves', () => {
  it('refuses a snapshot with clones without recursiveDependents, listing them; one snapshot needs no typed name', () => {
    const p = planDestroyDraft(scenario(), { target: 'tank/a@s1', recursive: false, recursiveDependents: false });
    expect(p.blockers).toEqual([expect.objectContaining({ code: 'HAS_CLONES', ids: ['tank/c'] })]);
    expect(p.items.map((i) => i.label)).toEqual(['tank/a@s1']);
    expect(p.confirmText).toBeNull();
  });

  it('with recursiveDependents: the clone, the clone of its snapshot, dependents first, typed name', () => {
    const p = planDestroyDraft(scenario(), { target: 'tank/a@s1', recursive: false, recursiveDependents: true });
    expect(p.blockers).toEqual([]);
    expect(p.items.map((i) => `${i.action} ${i.type} ${i.label}`)).toEqual([
      'destroy clone tank/d', 'destroy snapshot tank/c@c1', 'destroy clone tank/c', 'destroy snapshot tank/a@s1',
    ]);
    expect(p.ops.flatMap(opCommands)).toEqual([['zfs', 'destroy', 'tank/d'], ['zfs', 'destroy', '-r', 'tank/c'], ['zfs', 'destroy', 'tank/a@s1']]);
    expect(p.confirmText).toBe('tank/a@s1');
    expect(p.items[0]!.identity).toEqual({ guid: '1009', createtxg: 17 });
  });

  it('a dataset: children need --recursive, clones anywhere block, holds block with their tags', () => {
    const p = planDestroyDraft(scenario(), { target: 'tank/a', recursive: false, recursiveDependents: false });
    expect(p.blockers.map((b) => b.code).sort()).toEqual(['HAS_CHILDREN', 'HAS_CLONES', 'HELD']);
    expect(p.blockers.find((b) => b.code === 'HAS_CLONES')!.ids).toEqual(['tank/c', 'tank/e']);
    expect(p.blockers.find((b) => b.code === 'HELD')!.message).toMatch(/tank\/a@s2 is held by: keep/);
    expect(p.confirmText).toBe('tank/a');
    expect(p.warnings.join(' ')).toMatch(/mounted at \/tank\/a/);
  });

  it('recursive + recursiveDependents on a dataset: everything, one command per group, space from used', () => {
    const p = planDestroyDraft(scenario({ 'tank/a@s2': { userrefs: 0 } }), { target: 'tank/a', recursive: true, recursiveDependents: true });
    expect(p.blockers).toEqual([]);
    expect(p.ops.flatMap(opCommands).map((c) => c.join(' '))).toEqual(['zfs destroy tank/d', 'zfs destroy -r tank/c', 'zfs destroy tank/e', 'zfs destroy -r tank/a']);
    expect(p.items.filter((i) => i.type === 'snapshot')).toHaveLength(5);
    expect(p.bytesFreed).toBe(5000 + 300 + 200 + 100);
  });

  it('a recursive snapshot destroy takes the same-named snapshots of children', () => {
    const p = planDestroyDraft(scenario(), { target: 'tank/a@s2', recursive: true, recursiveDependents: false });
    expect(p.items.map((i) => i.label)).toEqual(['tank/a@s2', 'tank/a/child@s2']);
    expect(p.blockers).toEqual([expect.objectContaining({ code: 'HELD', ids: ['tank/a@s2'] })]);
    expect(p.ops.flatMap(opCommands)).toEqual([['zfs', 'destroy', '-r', 'tank/a@s2']]);
  });

  it('a pool root is refused', () => {
    expect(planDestroyDraft(scenario(), { target: 'tank', recursive: true, recursiveDependents: true }).blockers[0]!.code).toBe('NOT_SUPPORTED');
  });
});

describe('rollback plans', () => {
  it('lists newer snapshots and their clones, blocks without force and on holds, copies the current state first', () => {
    const input = { snapshot: 'tank/a@s1', force: false, safetySnapshot: 'tank/a@cowshed-safety-X', safetyCopy: 'tank/a-before-rollback-X' };
    const p = planRollbackDraft(scenario(), input);
    expect(p.blockers.map((b) => b.code)).toEqual(['CONFIRMATION_REQUIRED', 'HAS_CLONES', 'HELD']);
    expect(p.items.map((i) => `${i.action} ${i.label}`)).toEqual([
      'create tank/a@cowshed-safety-X', 'create tank/a-before-rollback-X', 'destroy tank/e', 'destroy tank/a@s2', 'destroy tank/a@s3', 'rollback tank/a',
    ]);
    expect(p.ops.flatMap(opCommands).map((c) => c.join(' '))).toEqual([
      'zfs snapshot tank/a@cowshed-safety-X', 'zfs send tank/a@cowshed-safety-X', 'zfs receive tank/a-before-rollback-X', 'zfs destroy tank/e', 'zfs rollback -r tank/a@s1',
    ]);
    expect(p.summary.join(' ')).toMatch(/restore as a clone/);
    const forced = planRollbackDraft(scenario({ 'tank/a@s2': { userrefs: 0 } }), { ...input, force: true });
    expect(forced.blockers).toEqual([]);
    expect(forced.confirmText).toBe('tank/a@s1');
  });

  it('nothing written since the latest snapshot: no safety copy, nothing destroyed, no typed name', () => {
    const p = planRollbackDraft(scenario({ 'tank/a': { written: 0 } }), { snapshot: 'tank/a@s3', force: false, safetySnapshot: 'x@y', safetyCopy: 'x/y' });
    expect(p.ops).toEqual([{ op: 'rollback', snapshot: 'tank/a@s3', destroyNewer: false }]);
    expect(p.confirmText).toBeNull();
    expect(p.blockers).toEqual([]);
  });
});

describe('promote plans', () => {
  it('explains the reversal and which snapshots move', () => {
    const p = planPromoteDraft(scenario(), 'tank/c');
    expect(p.items.map((i) => `${i.action} ${i.label}${i.note ? ` (${i.note})` : ''}`)).toEqual([
      'promote tank/c (no longer a clone; takes over 1 snapshot)', 'move tank/a@s1 (becomes tank/c@s1)', 'keep tank/a (becomes a clone of tank/c@s1)',
    ]);
    expect(p.summary.join(' ')).toMatch(/reverses that dependency/);
    expect(p.summary.join(' ')).toMatch(/The 2 newer snapshots of tank\/a stay with it/);
    expect(p.confirmText).toBeNull();
  });
  it('blocks on a snapshot name that would exist twice', () => {
    const w = new ZfsWorld([...scenario().rows.values(), row('tank/c@s1', { createtxg: 40 })]);
    expect(planPromoteDraft(w, 'tank/c').blockers[0]).toMatchObject({ code: 'EXISTS', ids: ['tank/c@s1'] });
  });
});

describe('detach plans', () => {
  const input = { target: 'tank/c', swap: true, detachSnapshot: 'tank/c@cowshed-detach-X', newName: 'tank/c-detached', oldName: 'tank/c-old-X', localProps: { compression: 'on', mountpoint: '/srv/c' } };
  it('swap is blocked while clones depend on the clone\'s own snapshots', () => {
    expect(planDetachDraft(scenario(), input).blockers).toEqual([expect.objectContaining({ code: 'HAS_CLONES', ids: ['tank/d'] })]);
  });
  it('the steps: snapshot, full + incremental send | receive, properties, then rename, rename, destroy, mountpoint', () => {
    const p = planDetachDraft(scenario({ 'tank/d': { origin: null } }), input);
    expect(p.blockers).toEqual([]);
    expect(p.ops.flatMap(opCommands).map((c) => c.join(' '))).toEqual([
      'zfs snapshot tank/c@cowshed-detach-X',
      'zfs send tank/c@c1', 'zfs receive tank/c-detached', 'zfs send -I tank/c@c1 tank/c@cowshed-detach-X', 'zfs receive tank/c-detached',
      'zfs set compression=on tank/c-detached',
      'zfs rename tank/c tank/c-old-X', 'zfs rename tank/c-detached tank/c', 'zfs destroy -r tank/c-old-X', 'zfs set mountpoint=/srv/c tank/c',
    ]);
    expect(p.confirmText).toBe('tank/c');
    const plain = planDetachDraft(scenario(), { ...input, swap: false });
    expect(plain.confirmText).toBeNull();
    expect(plain.ops[plain.ops.length - 1]).toEqual({ op: 'destroy', name: 'tank/c@cowshed-detach-X', recursive: false });
  });
});

describe('commit-time checks', () => {
  it('PLAN_STALE when a guid or createtxg changed, a planned object vanished, or something to create exists', () => {
    const p = planDestroyDraft(scenario(), { target: 'tank/a@s1', recursive: false, recursiveDependents: true });
    expect(() => checkIdentities(p.items, scenario())).not.toThrow();
    expect(() => checkIdentities(p.items, scenario({ 'tank/c@c1': { guid: '999' } }))).toThrow(/tank\/c@c1 changed/);
    const gone = new ZfsWorld([...scenario().rows.values()].filter((r) => r.name !== 'tank/d'));
    expect(() => checkIdentities(p.items, gone)).toThrow(/tank\/d no longer exists/);
    const r = planRollbackDraft(scenario(), { snapshot: 'tank/a@s1', force: true, safetySnapshot: 'tank/a@s3', safetyCopy: 'tank/x' });
    expect(() => checkIdentities(r.items, scenario())).toThrow(/exists now/);
  });
  it('PLAN_STALE when planning again on today\'s state touches other objects', () => {
    const before = planDestroyDraft(scenario(), { target: 'tank/a@s1', recursive: false, recursiveDependents: true });
    const w = new ZfsWorld([...scenario().rows.values(), row('tank/f', { origin: 'tank/c@c1', createtxg: 50 })]);
    const after = planDestroyDraft(w, { target: 'tank/a@s1', recursive: false, recursiveDependents: true });
    expect(() => compareItems(before.items, after.items)).toThrow(expect.objectContaining({ code: 'PLAN_STALE', message: expect.stringMatching(/destroy tank\/f” was added/) }));
  });
});

describe('lineage: walked from every dataset\'s origin', () => {
  it('the family of a clone: origins up, clones down, clones of clones', () => {
    const g = lineageGraph(scenario(), 'tank/c');
    expect(g.focus).toBe('zfs:tank/c');
    expect(g.edges.filter((e) => e.kind === 'clone-of').map((e) => `${e.from} → ${e.to}`)).toEqual([
      'zfs:tank/a@s1 → zfs:tank/c', 'zfs:tank/a@s3 → zfs:tank/e', 'zfs:tank/c@c1 → zfs:tank/d',
    ]);
    expect(g.nodes.find((n) => n.id === 'zfs:tank/c')!.kind).toBe('clone');
    expect(g.nodes.some((n) => n.id === 'zfs:tank/a/child')).toBe(false);
  });

  it('matches the origin property before and after promote (OpenZFS test expectations)', () => {
    for (const [file, edge] of [
      ['zfs-promote-before-test-expected.txt', 'zfs:testpool/testfs@testsnap → zfs:testpool/testclone'],
      ['zfs-promote-after-test-expected.txt', 'zfs:testpool/testclone@testsnap → zfs:testpool/testfs'],
    ] as const) {
      const rows = parseGet(sample(file), ['origin', 'clones']).map((r, i) => row(r.name, { origin: r.origin, createtxg: i + 1 }));
      const g = lineageGraph(new ZfsWorld(rows), 'testpool/testclone');
      expect(g.edges.filter((e) => e.kind === 'clone-of').map((e) => `${e.from} → ${e.to}`)).toEqual([edge]);
    }
  });
});
