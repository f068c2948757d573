import { CowshedError } from '../../../shared/errors';
import { JsonArrayWriter, TableWriter, bytes } from '../io';
import { defineVerb } from '../verb';

export const snapshotsVerb = defineVerb({
  name: 'snapshots',
  summary: 'Snapshots of a volume, oldest first',
  usage: 'cowshed snapshots TARGET [--json]',
  help: 'Ordered by creation transaction (ZFS createtxg / btrfs generation), not by second-resolution time.',
  flags: {},
  positionals: [1, 1],
  async run(args, service, io) {
    if (args.json) {
      // Written a page at a time as they are made: 10,000 snapshots are 4 MB of JSON.
      const w = new JsonArrayWriter(io);
      await service.snapshotPages({ target: args.positionals[0]! }, (page) => w.page(page));
      w.end();
      return 0;
    }
    // The table keeps only its cells (widths need every row), not the snapshots.
    const t = new TableWriter(['NAME', 'CREATED', 'RO', 'USED', 'CLONES', 'ID']);
    const row = ['', '', '', '', '', ''];
    await service.snapshotPages({ target: args.positionals[0]! }, (page) => {
      for (let i = 0; i < page.length; i++) {
        const s = page[i]!;
        row[0] = s.name;
        row[1] = s.created ?? '-';
        row[2] = s.readonly ? 'yes' : 'no';
        row[3] = bytes(s.space?.used);
        row[4] = s.clones?.length ? s.clones.join(',') : '';
        row[5] = s.id;
        t.add(row);
      }
    });
    t.end((piece) => io.out(piece));
    return 0;
  },
});

export const snapshotVerb = defineVerb({
  name: 'snapshot',
  summary: 'Create a snapshot',
  usage: 'cowshed snapshot TARGET [--name N] [--readonly|--writable] [--recursive] [--json]',
  help: 'The default name is <volume>-<ISO timestamp>. btrfs snapshots are read-only unless --writable; --recursive is atomic on ZFS (zfs snapshot -r).',
  flags: {
    name: { type: 'string', description: 'snapshot name (validated against the filesystem\'s naming rules)' },
    readonly: { type: 'boolean', description: 'read-only snapshot (the default)' },
    writable: { type: 'boolean', description: 'writable snapshot (btrfs)' },
    recursive: { type: 'boolean', short: 'r', description: 'also snapshot child datasets, atomically (ZFS)' },
  },
  positionals: [1, 1],
  async run(args, service, io) {
    const readonly = args.flags.writable ? false : true;
    const snaps = await service.call('createSnapshot', {
      target: args.positionals[0]!,
      name: args.flags.name as string | undefined,
      readonly,
      recursive: Boolean(args.flags.recursive),
    });
    if (args.json) io.out(JSON.stringify(snaps) + '\n');
    else for (const s of snaps) io.out(`Created ${s.fullName}${s.browsePath ? `  (${s.browsePath})` : ''}\n`);
    return 0;
  },
});

export const renameVerb = defineVerb({
  name: 'rename',
  summary: 'Rename a snapshot',
  usage: 'cowshed rename SNAPSHOT NEW_NAME [--json]',
  flags: {},
  positionals: [2, 2],
  async run(args, service, io) {
    const s = await service.call('renameSnapshot', { target: args.positionals[0]!, newName: args.positionals[1]! });
    io.out(args.json ? JSON.stringify(s) + '\n' : `Renamed to ${s.fullName}\n`);
    return 0;
  },
});

export const readonlyVerb = defineVerb({
  name: 'readonly',
  summary: 'Set or clear the read-only flag of a subvolume / dataset',
  usage: 'cowshed readonly TARGET on|off [--json]',
  flags: {},
  positionals: [2, 2],
  async run(args, service, io) {
    const v = args.positionals[1];
    if (v !== 'on' && v !== 'off') {
      throw new CowshedError('USAGE', 'The second argument must be "on" or "off".');
    }
    const vol = await service.call('setReadonly', { target: args.positionals[0]!, readonly: v === 'on' });
    io.out(args.json ? JSON.stringify(vol) + '\n' : `${vol.name} is now ${vol.readonly ? 'read-only' : 'writable'}\n`);
    return 0;
  },
});

export const holdVerb = defineVerb({
  name: 'hold',
  summary: 'Place or release a hold on a ZFS snapshot',
  usage: 'cowshed hold SNAPSHOT TAG [--release] [--json]',
  flags: { release: { type: 'boolean', description: 'release the hold instead' } },
  positionals: [2, 2],
  async run(args, service, io) {
    const s = await service.call('hold', { target: args.positionals[0]!, tag: args.positionals[1]!, release: Boolean(args.flags.release) });
    io.out(args.json ? JSON.stringify(s) + '\n' : `${s.fullName} holds: ${(s.holds ?? []).join(', ') || 'none'}\n`);
    return 0;
  },
});
