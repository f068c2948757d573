import { CowshedError } from '../../../shared/errors';
import { requireExpect, type Args, type VerbSpec } from '../grammar';
import { checkZfsDestroy, checkZfsIdentity, checkZfsRollback } from '../plan-checks';
import {
  int, zfsAssignment, zfsColumns, zfsDataset, zfsDatasetOrSnapshot, zfsGetFields, zfsHoldTag, zfsIncrementalSource, zfsPool,
  zfsPropertyList, zfsSnapshot, zfsSortProp, zfsSources, zfsTypes, zpoolFields, zpoolPropertyList,
} from '../value-types';
import type { ExpectItem } from '../grammar';

/** ZFS and zpool verbs of the helper: the argv forms that work on zfs-fuse and on OpenZFS. */

const MIN = 60_000;
const DAY = 24 * 3600_000;
const short = { timeoutMs: MIN, maxTimeoutMs: 10 * MIN };
const long = { timeoutMs: DAY, maxTimeoutMs: 7 * DAY };
const b = (...names: string[]) => ({ names });
const poolOf = (n: string) => n.split(/[/@#]/)[0]!;

function samePool(names: string[], what: string): void {
  const pools = new Set(names.map(poolOf));
  if (pools.size > 1) throw new CowshedError('USAGE', `${what} must all be in one pool (got ${[...pools].join(', ')}).`);
}

const scope = { recursive: b('-r'), depth: { names: ['-d'], value: int('depth', 0, 1_000_000) } };

export const zfsVerbs: VerbSpec[] = [
  {
    verb: 'zfs.list', doc: 'List datasets and snapshots.', tool: 'zfs', sub: ['list'], access: 'read', asUser: 'try', ...short,
    flags: { H: b('-H'), p: b('-p'), json: b('-j'), ...scope, columns: { names: ['-o'], value: zfsColumns }, types: { names: ['-t'], value: zfsTypes },
      sort: { names: ['-s'], value: zfsSortProp, multiple: true }, sortDesc: { names: ['-S'], value: zfsSortProp, multiple: true } },
    positionals: [{ key: 'names', type: zfsDatasetOrSnapshot, variadic: true, optional: true }],
  },
  {
    verb: 'zfs.get', doc: 'Read properties.', tool: 'zfs', sub: ['get'], access: 'read', asUser: 'try', ...short,
    flags: { H: b('-H'), p: b('-p'), json: b('-j'), ...scope, fields: { names: ['-o'], value: zfsGetFields }, sources: { names: ['-s'], value: zfsSources },
      types: { names: ['-t'], value: zfsTypes } },
    positionals: [{ key: 'properties', type: zfsPropertyList }, { key: 'names', type: zfsDatasetOrSnapshot, variadic: true, optional: true }],
  },
  {
    verb: 'zfs.holds', doc: 'List user holds.', tool: 'zfs', sub: ['holds'], access: 'read', asUser: 'try', ...short,
    flags: { recursive: b('-r'), H: b('-H'), p: b('-p') },
    positionals: [{ key: 'snapshots', type: zfsSnapshot, variadic: true }],
  },
  {
    verb: 'zfs.snapshot', doc: 'Create snapshots (atomic, all in one pool; -r for the whole tree).', tool: 'zfs', sub: ['snapshot'],
    access: 'write', asUser: 'try', ...short,
    flags: { recursive: b('-r'), props: { names: ['-o'], value: zfsAssignment, multiple: true } },
    positionals: [{ key: 'snapshots', type: zfsSnapshot, variadic: true, max: 1024 }],
    check: (a) => samePool(a.snapshots as string[], 'Snapshots made together'),
  },
  {
    verb: 'zfs.create', doc: 'Create a filesystem.', tool: 'zfs', sub: ['create'], access: 'write', asUser: 'try', ...short,
    flags: { parents: b('-p'), props: { names: ['-o'], value: zfsAssignment, multiple: true } },
    positionals: [{ key: 'dataset', type: zfsDataset }],
  },
  {
    verb: 'zfs.clone', doc: 'Clone a snapshot into a new dataset of the same pool.', tool: 'zfs', sub: ['clone'], access: 'write', asUser: 'try', ...short,
    flags: { parents: b('-p'), props: { names: ['-o'], value: zfsAssignment, multiple: true } },
    positionals: [{ key: 'snapshot', type: zfsSnapshot }, { key: 'dataset', type: zfsDataset }],
    check: (a) => samePool([a.snapshot as string, a.dataset as string], 'A clone and its origin'),
  },
  {
    verb: 'zfs.rename', doc: 'Rename a snapshot (same dataset) or a dataset (same pool).', tool: 'zfs', sub: ['rename'], access: 'write', asUser: 'try', ...short,
    flags: { recursive: b('-r'), parents: b('-p') },
    positionals: [{ key: 'from', type: zfsDatasetOrSnapshot }, { key: 'to', type: zfsDatasetOrSnapshot }],
    check: (a) => {
      const [from, to] = [a.from as string, a.to as string];
      if (from.includes('@') !== to.includes('@')) throw new CowshedError('USAGE', 'A snapshot is renamed to a snapshot, a dataset to a dataset.');
      if (from.includes('@') && from.split('@')[0] !== to.split('@')[0]) throw new CowshedError('USAGE', 'A snapshot keeps its dataset when renamed.');
      if (a.recursive && !from.includes('@')) throw new CowshedError('USAGE', '-r renames snapshots only.');
      if (a.parents && from.includes('@')) throw new CowshedError('USAGE', '-p renames datasets only.');
      samePool([from, to], 'Rename source and target');
    },
  },
  {
    verb: 'zfs.set', doc: 'Set allowed properties (readonly, canmount, mountpoint, user properties).', tool: 'zfs', sub: ['set'],
    access: 'write', asUser: 'try', ...short, flags: {},
    positionals: [{ key: 'assignment', type: zfsAssignment }, { key: 'names', type: zfsDatasetOrSnapshot, variadic: true, max: 64 }],
  },
  {
    verb: 'zfs.hold', doc: 'Put a user hold on snapshots.', tool: 'zfs', sub: ['hold'], access: 'write', asUser: 'try', ...short,
    flags: { recursive: b('-r') }, positionals: [{ key: 'tag', type: zfsHoldTag }, { key: 'snapshots', type: zfsSnapshot, variadic: true }],
  },
  {
    verb: 'zfs.release', doc: 'Release a user hold.', tool: 'zfs', sub: ['release'], access: 'write', asUser: 'try', ...short,
    flags: { recursive: b('-r') }, positionals: [{ key: 'tag', type: zfsHoldTag }, { key: 'snapshots', type: zfsSnapshot, variadic: true }],
  },
  {
    verb: 'zfs.destroy', doc: 'Destroy by plan: every object removed must be in the plan with the same guid.', tool: 'zfs', sub: ['destroy'],
    access: 'write', asUser: 'try', plan: 'required', ...long,
    flags: { recursive: b('-r'), dependents: b('-R'), force: b('-f'), defer: b('-d') },
    positionals: [{ key: 'target', type: zfsDatasetOrSnapshot }],
    check: (a) => checkZfsDestroy(a.target as string, { recursive: !!a.recursive, dependents: !!a.dependents }, requireExpect(a, `destroy ${a.target}`)),
  },
  {
    verb: 'zfs.rollback', doc: 'Roll back by plan: the snapshot and everything it destroys must be in the plan.', tool: 'zfs', sub: ['rollback'],
    access: 'write', asUser: 'try', plan: 'required', ...long,
    flags: { recursive: b('-r'), dependents: b('-R'), force: b('-f') },
    positionals: [{ key: 'snapshot', type: zfsSnapshot }],
    check: (a) => checkZfsRollback(a.snapshot as string, { recursive: !!a.recursive, dependents: !!a.dependents }, requireExpect(a, `roll back to ${a.snapshot}`)),
  },
  {
    verb: 'zfs.promote', doc: 'Promote a clone (identity checked when the plan is given).', tool: 'zfs', sub: ['promote'],
    access: 'write', asUser: 'try', plan: 'optional', ...long, flags: {},
    positionals: [{ key: 'clone', type: zfsDataset }],
    check: async (a: Args) => {
      const e = a.expect as ExpectItem[] | undefined;
      if (e?.length) await checkZfsIdentity(a.clone as string, e);
    },
  },
  {
    verb: 'zfs.mount', doc: 'Mount a dataset at its mountpoint property.', tool: 'zfs', sub: ['mount'], access: 'write', asUser: 'try', ...short,
    flags: {}, positionals: [{ key: 'dataset', type: zfsDataset }],
  },
  {
    verb: 'zfs.unmount', doc: 'Unmount a dataset.', tool: 'zfs', sub: ['unmount'], access: 'write', asUser: 'try', ...short,
    flags: { force: b('-f') }, positionals: [{ key: 'dataset', type: zfsDataset }],
  },
  {
    verb: 'zfs.send', doc: 'Send a snapshot stream (only into zfs.receive, inside the helper).', tool: 'zfs', sub: ['send'],
    access: 'read', asUser: 'never', pipe: 'source', ...long,
    flags: { replicate: b('-R'), props: b('-p'), verbose: b('-v'), parsable: b('-P'), largeBlock: b('-L'), embed: b('-e'), compressed: b('-c'),
      raw: b('-w'), dedup: b('-D'), from: { names: ['-i'], value: zfsIncrementalSource }, fromAll: { names: ['-I'], value: zfsIncrementalSource } },
    positionals: [{ key: 'snapshot', type: zfsSnapshot }],
  },
  {
    verb: 'zfs.receive', doc: 'Receive a stream into a new dataset (never -F).', tool: 'zfs', sub: ['receive'],
    access: 'write', asUser: 'never', pipe: 'sink', ...long,
    flags: { verbose: b('-v'), noMount: b('-u'), discardFirst: b('-d'), discardAll: b('-e'), resumable: b('-s') },
    positionals: [{ key: 'target', type: zfsDatasetOrSnapshot }],
  },
  {
    verb: 'zpool.list', doc: 'List pools.', tool: 'zpool', sub: ['list'], access: 'read', asUser: 'try', ...short,
    flags: { H: b('-H'), p: b('-p'), columns: { names: ['-o'], value: zpoolPropertyList } },
    positionals: [{ key: 'pools', type: zfsPool, variadic: true, optional: true }],
  },
  {
    verb: 'zpool.get', doc: 'Read pool properties and features.', tool: 'zpool', sub: ['get'], access: 'read', asUser: 'try', ...short,
    flags: { H: b('-H'), p: b('-p'), fields: { names: ['-o'], value: zpoolFields } },
    positionals: [{ key: 'properties', type: zpoolPropertyList }, { key: 'pools', type: zfsPool, variadic: true, optional: true }],
  },
  {
    verb: 'zpool.status', doc: 'Pool health.', tool: 'zpool', sub: ['status'], access: 'read', asUser: 'try', ...short,
    flags: { verbose: b('-v'), x: b('-x'), p: b('-p') }, positionals: [{ key: 'pools', type: zfsPool, variadic: true, optional: true }],
  },
  {
    verb: 'zpool.upgrade-versions', doc: 'The pool versions / features this zfs supports.', tool: 'zpool', sub: ['upgrade', '-v'],
    access: 'read', asUser: 'try', ...short, flags: {}, positionals: [],
  },
  {
    verb: 'zpool.scrub', doc: 'Start (or -s stop) a scrub.', tool: 'zpool', sub: ['scrub'], access: 'write', asUser: 'try', ...short,
    flags: { stop: b('-s') }, positionals: [{ key: 'pool', type: zfsPool }],
  },
];
