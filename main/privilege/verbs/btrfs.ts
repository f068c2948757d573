import { CowshedError } from '../../../shared/errors';
import { requireExpect, type VerbSpec } from '../grammar';
import { checkBtrfsDelete } from '../plan-checks';
import {
  btrfsDest, btrfsGenFilter, btrfsMountpoint, btrfsNewPath, btrfsPath, btrfsSort, btrfsUuid, int, oneOf, subvolId,
} from '../value-types';

/** btrfs-progs verbs of the helper (btrfs-progs 5.x / 6.x spellings). */

const MIN = 60_000;
const DAY = 24 * 3600_000;
const short = { timeoutMs: MIN, maxTimeoutMs: 10 * MIN };
const long = { timeoutMs: DAY, maxTimeoutMs: 7 * DAY };
const b = (...names: string[]) => ({ names });
const units = { raw: b('--raw', '-b'), human: b('--human-readable', '-h'), iec: b('--iec'), si: b('--si') };

export const btrfsVerbs: VerbSpec[] = [
  {
    verb: 'btrfs.subvolume.list', doc: 'List subvolumes (needs root).', tool: 'btrfs', sub: ['subvolume', 'list'], access: 'read', asUser: 'never', ...short,
    flags: {
      below: b('-o'), all: b('-a'), parent: b('-p'), ogen: b('-c'), gen: b('-g'), uuid: b('-u'), parentUuid: b('-q'), receivedUuid: b('-R'),
      table: b('-t'), snapshots: b('-s'), readonly: b('-r'), deleted: b('-d'),
      genFilter: { names: ['-G'], value: btrfsGenFilter }, ogenFilter: { names: ['-C'], value: btrfsGenFilter },
      sort: { names: ['--sort'], value: btrfsSort, joined: true },
    },
    positionals: [{ key: 'path', type: btrfsPath }],
  },
  {
    verb: 'btrfs.subvolume.show', doc: 'Details of one subvolume (needs root).', tool: 'btrfs', sub: ['subvolume', 'show'], access: 'read', asUser: 'never', ...short,
    flags: { rootid: { names: ['-r', '--rootid'], value: subvolId }, uuid: { names: ['-u', '--uuid'], value: btrfsUuid }, ...units },
    positionals: [{ key: 'path', type: btrfsPath }],
  },
  {
    verb: 'btrfs.subvolume.get-default', doc: 'The default subvolume.', tool: 'btrfs', sub: ['subvolume', 'get-default'], access: 'read', asUser: 'never', ...short,
    flags: {}, positionals: [{ key: 'path', type: btrfsPath }],
  },
  {
    verb: 'btrfs.subvolume.create', doc: 'Create a subvolume.', tool: 'btrfs', sub: ['subvolume', 'create'], access: 'write', asUser: 'try', ...short,
    flags: {}, positionals: [{ key: 'path', type: btrfsNewPath }],
  },
  {
    verb: 'btrfs.subvolume.snapshot', doc: 'Snapshot a subvolume (-r read-only) into a folder of the same filesystem.', tool: 'btrfs',
    sub: ['subvolume', 'snapshot'], access: 'write', asUser: 'try', ...short,
    flags: { readonly: b('-r') },
    positionals: [{ key: 'source', type: btrfsPath }, { key: 'dest', type: btrfsDest }],
  },
  {
    verb: 'btrfs.subvolume.delete', doc: 'Delete subvolumes by plan: each one\'s UUID must be in the plan.', tool: 'btrfs', sub: ['subvolume', 'delete'],
    access: 'write', asUser: 'try', plan: 'required', ...long,
    flags: { commitAfter: b('-c', '--commit-after'), commitEach: b('-C', '--commit-each'), subvolid: { names: ['--subvolid', '-i'], value: subvolId } },
    positionals: [{ key: 'paths', type: btrfsPath, variadic: true, max: 1024 }],
    check: async (a) => {
      const paths = a.paths as string[];
      const expect = requireExpect(a, 'delete subvolumes');
      if (a.subvolid !== undefined) {
        if (paths.length !== 1) throw new CowshedError('USAGE', '--subvolid takes exactly one path (the filesystem).');
        if ((a.subvolid as number) < 256) throw new CowshedError('USAGE', 'The top-level subvolume cannot be deleted.');
        return checkBtrfsDelete([{ path: paths[0]!, subvolid: a.subvolid as number }], expect);
      }
      return checkBtrfsDelete(paths.map((path) => ({ path })), expect);
    },
  },
  {
    verb: 'btrfs.subvolume.sync', doc: 'Wait until deleted subvolumes are cleaned.', tool: 'btrfs', sub: ['subvolume', 'sync'], access: 'read', asUser: 'never', ...long,
    flags: { sleep: { names: ['-s'], value: int('seconds', 1, 3600) } },
    positionals: [{ key: 'path', type: btrfsPath }, { key: 'ids', type: subvolId, variadic: true, optional: true }],
  },
  {
    verb: 'btrfs.property.get', doc: 'Read a property (ro, label, compression).', tool: 'btrfs', sub: ['property', 'get'], access: 'read', asUser: 'try', ...short,
    flags: { type: { names: ['-t'], value: oneOf('object type', ['subvol', 'filesystem', 'inode', 'device']) } },
    positionals: [{ key: 'path', type: btrfsPath }, { key: 'name', type: oneOf('property', ['ro', 'label', 'compression']), optional: true }],
  },
  {
    verb: 'btrfs.property.set-ro', doc: 'Make a subvolume read-only or writable (-f for a received one).', tool: 'btrfs', sub: ['property', 'set'],
    access: 'write', asUser: 'try', ...short,
    flags: { type: { names: ['-t'], value: oneOf('object type', ['subvol']) }, force: b('-f') },
    positionals: [{ key: 'path', type: btrfsPath }, { key: 'name', type: oneOf('property', ['ro']) }, { key: 'value', type: oneOf('value', ['true', 'false']) }],
  },
  {
    verb: 'btrfs.qgroup.show', doc: 'Quota groups (space per subvolume).', tool: 'btrfs', sub: ['qgroup', 'show'], access: 'read', asUser: 'never', ...short,
    flags: { parent: b('-p'), child: b('-c'), limitRef: b('-r'), limitExcl: b('-e'), filterAll: b('-F'), filterDirect: b('-f'), sync: b('--sync'),
      sort: { names: ['--sort'], value: oneOf('sort', ['qgroupid', 'rfer', 'excl', 'max_rfer', 'max_excl', '-rfer', '-excl', '+rfer', '+excl']), joined: true }, ...units },
    positionals: [{ key: 'path', type: btrfsPath }],
  },
  {
    verb: 'btrfs.filesystem.usage', doc: 'Space usage of a filesystem.', tool: 'btrfs', sub: ['filesystem', 'usage'], access: 'read', asUser: 'try', ...short,
    flags: { tabular: b('-T'), ...units }, positionals: [{ key: 'path', type: btrfsPath }],
  },
  {
    verb: 'btrfs.filesystem.du', doc: 'Shared / exclusive bytes of files and folders.', tool: 'btrfs', sub: ['filesystem', 'du'], access: 'read', asUser: 'try', ...long,
    flags: { summarize: b('-s', '--summarize'), ...units }, positionals: [{ key: 'paths', type: btrfsPath, variadic: true, max: 256 }],
  },
  {
    verb: 'btrfs.filesystem.sync', doc: 'Commit the filesystem.', tool: 'btrfs', sub: ['filesystem', 'sync'], access: 'write', asUser: 'try', ...short,
    flags: {}, positionals: [{ key: 'path', type: btrfsPath }],
  },
  {
    verb: 'btrfs.send', doc: 'Send read-only subvolumes (only into btrfs.receive, inside the helper).', tool: 'btrfs', sub: ['send'],
    access: 'read', asUser: 'never', pipe: 'source', ...long,
    flags: { parent: { names: ['-p'], value: btrfsPath }, cloneSrc: { names: ['-c'], value: btrfsPath, multiple: true }, endCmd: b('-e'),
      quiet: b('-q', '--quiet'), verbose: b('-v', '--verbose'), noData: b('--no-data'), proto: { names: ['--proto'], value: int('protocol', 0, 3) },
      compressed: b('--compressed-data') },
    positionals: [{ key: 'subvolumes', type: btrfsPath, variadic: true, max: 64 }],
  },
  {
    verb: 'btrfs.receive', doc: 'Receive a stream into a btrfs folder.', tool: 'btrfs', sub: ['receive'], access: 'write', asUser: 'never', pipe: 'sink', ...long,
    flags: { quiet: b('-q', '--quiet'), verbose: b('-v'), endCmd: b('-e'), maxErrors: { names: ['-E', '--max-errors'], value: int('errors', 0, 1_000_000) },
      forceDecompress: b('--force-decompress') },
    positionals: [{ key: 'dest', type: btrfsPath }],
  },
  {
    verb: 'btrfs.receive.dump', doc: 'Print a stream\'s operations (kernel-assisted diff); writes nothing.', tool: 'btrfs', sub: ['receive', '--dump'],
    access: 'read', asUser: 'never', pipe: 'sink', ...long, flags: { quiet: b('-q', '--quiet') }, positionals: [],
  },
  {
    verb: 'btrfs.scrub.start', doc: 'Scrub a filesystem (-B: wait, with progress output).', tool: 'btrfs', sub: ['scrub', 'start'], access: 'write', asUser: 'never', ...long,
    flags: { foreground: b('-B'), perDevice: b('-d'), readonly: b('-r'), raw: b('-R') }, positionals: [{ key: 'path', type: btrfsMountpoint }],
  },
  {
    verb: 'btrfs.scrub.status', doc: 'Scrub progress.', tool: 'btrfs', sub: ['scrub', 'status'], access: 'read', asUser: 'never', ...short,
    flags: { perDevice: b('-d'), raw: b('-R') }, positionals: [{ key: 'path', type: btrfsMountpoint }],
  },
  {
    verb: 'btrfs.scrub.cancel', doc: 'Stop a running scrub.', tool: 'btrfs', sub: ['scrub', 'cancel'], access: 'write', asUser: 'never', ...short,
    flags: {}, positionals: [{ key: 'path', type: btrfsMountpoint }],
  },
];
