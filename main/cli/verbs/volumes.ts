import { table } from '../io';
import { defineVerb } from '../verb';

export const volumesVerb = defineVerb({
  name: 'volumes',
  summary: 'Datasets and subvolumes, with lineage fields',
  usage: 'cowshed volumes [TARGET] [--json]',
  help: 'TARGET is a path inside a btrfs / ZFS mount, btrfs:<mountpoint>:<subvolume path>, or zfs:<dataset>.',
  flags: {},
  positionals: [0, 1],
  async run(args, service, io) {
    const vols = await service.call('volumes', { target: args.positionals[0] });
    if (args.json) {
      io.out(JSON.stringify(vols, null, 2) + '\n');
      return 0;
    }
    io.out(
      table(
        ['ID', 'KIND', 'SNAPSHOT', 'RO', 'ORIGIN', 'PATH'],
        vols.map((v) => [v.id, v.kind, v.isSnapshot ? 'yes' : 'no', v.readonly ? 'yes' : 'no', v.origin, v.path]),
      ),
    );
    return 0;
  },
});
