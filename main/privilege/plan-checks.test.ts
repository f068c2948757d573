import { describe, expect, it } from 'vitest';
import { expectFromPlan } from './escalating-runner';
import { destroyClosure, parseSubvolumeUuid, rollbackClosure } from './plan-checks';

const o = (guid: string, createtxg: number, origin: string | null = null) => ({ guid, createtxg, origin, type: '' });
// tank/a with a child and snapshots; tank/c is a clone of tank/a@s1 with its own snapshot.
const world = new Map([
  ['tank', o('1', 1)],
  ['tank/a', o('2', 5)],
  ['tank/a@s1', o('3', 10)],
  ['tank/a@s2', o('4', 20)],
  ['tank/a/kid', o('5', 6)],
  ['tank/a/kid@s1', o('6', 10)],
  ['tank/c', o('7', 12, 'tank/a@s1')],
  ['tank/c@x', o('8', 13)],
  ['tank/ab', o('9', 7)],
]);

describe('what a destructive zfs command reaches (the helper re-checks all of it)', () => {
  it('destroy: plain, -r on a snapshot, -r on a dataset, -R with clones', () => {
    expect([...destroyClosure(world, 'tank/a@s2', {})]).toEqual(['tank/a@s2']);
    expect([...destroyClosure(world, 'tank/a@s1', { recursive: true })].sort()).toEqual(['tank/a/kid@s1', 'tank/a@s1']);
    expect([...destroyClosure(world, 'tank/a', { recursive: true })].sort()).toEqual(['tank/a', 'tank/a/kid', 'tank/a/kid@s1', 'tank/a@s1', 'tank/a@s2']);
    expect([...destroyClosure(world, 'tank/a@s1', { dependents: true })].sort()).toEqual(['tank/a/kid@s1', 'tank/a@s1', 'tank/c', 'tank/c@x']);
  });

  it('rollback: later snapshots with -r, and their clones with -R', () => {
    expect([...rollbackClosure(world, 'tank/a@s2', { recursive: true })]).toEqual([]);
    expect([...rollbackClosure(world, 'tank/a@s1', { recursive: true })]).toEqual(['tank/a@s2']);
    expect([...rollbackClosure(world, 'tank/a@s1', {})]).toEqual([]);
  });

  it('reads the subvolume UUID, not the parent or received one', () => {
    const show = '\tName: \t\t\ts\n\tUUID: \t\t\t0a1b2c3d-0000-4000-8000-000000000001\n\tParent UUID: \t\t0a1b2c3d-0000-4000-8000-000000000002\n';
    expect(parseSubvolumeUuid(show)).toBe('0a1b2c3d-0000-4000-8000-000000000001');
  });

  it('the identities sent with a destroy come from the plan items', () => {
    const item = (id: string, label: string, identity: Record<string, string | number>) => ({ action: 'destroy' as const, id, label, type: 'snapshot' as const, identity });
    const plan = {
      id: 'p', kind: 'destroy' as const, fs: 'zfs' as const, target: 't', title: 't', summary: [], blockers: [], warnings: [], commands: [],
      bytesFreed: null, confirmText: null, createdAt: '',
      items: [item('zfs:tank/a@s1', 'tank/a@s1', { guid: '3', createtxg: 10 }), item('btrfs:/m:s', 's', { uuid: '0a1b2c3d-0000-4000-8000-000000000001' })],
    };
    expect(expectFromPlan(plan)).toEqual([{ name: 'tank/a@s1', guid: '3' }, { uuid: '0a1b2c3d-0000-4000-8000-000000000001' }]);
    expect(expectFromPlan(undefined)).toBeUndefined();
  });
});
