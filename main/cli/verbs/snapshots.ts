import { CowshedError } from '../../../shared/errors';
import { JsonArrayWriter, bytes, writeTable } from '../io';
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
    // The table keeps only its cells (widths need every row), not the snapshots: one flat list, and the widths
    // kept as rows come. Per row this is a handful of plain steps and no calls: at 1,000 rows, a call per row or
    // cell, or a second pass for the widths, was enough for V8 to optimize that code on a background thread, a
    // compile the process then waits for before it exits (measured: ~3 ms of the run).
    const cells = ['NAME', 'CREATED', 'RO', 'USED', 'CLONES', 'ID'];
    const w = cells.map((h) => h.length);
    await service.snapshotPages({ target: args.positionals[0]! }, (page) => {
      for (let k = 0; k < page.length; k++) {
        const s = page[k]!;
        const name = s.name;
        const created = s.created ?? '-';
        const ro = s.readonly ? 'yes' : 'no';
        const used = bytes(s.space?.used);
        const clones = s.clones?.length ? s.clones.join(',') : '';
        cells.push(name, created, ro, used, clones, s.id);
        if (name.length > w[0]!) w[0] = name.length;
        if (created.length > w[1]!) w[1] = created.length;
        if (ro.length > w[2]!) w[2] = ro.length;
        if (used.length > w[3]!) w[3] = used.length;
        if (clones.length > w[4]!) w[4] = clones.length;
        if (s.id.length > w[5]!) w[5] = s.id.length;
      }
    });
    writeTable(cells, w, (piece) => io.out(piece));
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
