import type { Plan, PlanItem } from '../../../../shared/domain';
import { zfsId } from '../../../../shared/ids';
import type { WorldRow } from './world';

/** One step a ZFS plan runs. Steps are built from the plan's items when the plan is made, never from text. */
export type ZfsOp =
  | { op: 'destroy'; name: string; recursive: boolean }
  | { op: 'snapshot'; name: string }
  | { op: 'rollback'; snapshot: string; destroyNewer: boolean }
  | { op: 'promote'; name: string }
  /** zfs send (full of the first, then -I up to the last) | zfs receive into `to`. */
  | { op: 'copy'; snapshots: string[]; to: string; estimate: number | null }
  | { op: 'rename'; from: string; to: string }
  | { op: 'set'; name: string; prop: string; value: string };

/** A plan before the store gives it an id: the contract's Plan fields plus the steps. */
export interface ZfsDraft extends Omit<Plan, 'id' | 'createdAt' | 'commands'> {
  ops: ZfsOp[];
}

/** The argv lines an op runs, as shown in the plan (a copy is two commands joined by a pipe, no shell). */
export function opCommands(o: ZfsOp): string[][] {
  switch (o.op) {
    case 'destroy':
      return [['zfs', 'destroy', ...(o.recursive ? ['-r'] : []), o.name]];
    case 'snapshot':
      return [['zfs', 'snapshot', o.name]];
    case 'rollback':
      return [['zfs', 'rollback', ...(o.destroyNewer ? ['-r'] : []), o.snapshot]];
    case 'promote':
      return [['zfs', 'promote', o.name]];
    case 'copy': {
      const [first, ...rest] = o.snapshots;
      const last = rest[rest.length - 1];
      const lines = [['zfs', 'send', first!], ['zfs', 'receive', o.to]];
      if (last) lines.push(['zfs', 'send', '-I', first!, last], ['zfs', 'receive', o.to]);
      return lines;
    }
    case 'rename':
      return [['zfs', 'rename', o.from, o.to]];
    case 'set':
      return [['zfs', 'set', `${o.prop}=${o.value}`, o.name]];
  }
}

/** The identity an item is bound to: what revalidation re-reads. */
export const identityOf = (r: Pick<WorldRow, 'guid' | 'createtxg'>): Record<string, string | number> => ({
  guid: r.guid ?? '',
  createtxg: r.createtxg ?? 0,
});

/** The item type of a row. */
export function itemType(r: Pick<WorldRow, 'type' | 'name' | 'origin'>): PlanItem['type'] {
  if (r.type === 'snapshot') return 'snapshot';
  if (r.type === 'bookmark') return 'bookmark';
  if (r.origin) return 'clone';
  return r.type === 'volume' ? 'volume' : 'filesystem';
}

/** A plan item for an existing row. */
export function itemFor(action: PlanItem['action'], r: WorldRow, extra: { bytes?: number | null; note?: string } = {}): PlanItem {
  return { action, id: zfsId(r.name), label: r.name, type: itemType(r), identity: identityOf(r), ...extra };
}

/** A plan item for something the plan will create (bound to its absence). */
export function createItem(name: string, type: PlanItem['type'], note?: string): PlanItem {
  return { action: 'create', id: zfsId(name), label: name, type, identity: {}, ...(note ? { note } : {}) };
}

/** A compact UTC timestamp usable in ZFS names: 20261121T151448Z. */
export function nameStamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** "a, b, c and 3 more" for sentences. */
export function listNames(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
