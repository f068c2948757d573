import { releaseAllClones } from '../../core/history/browse-clones';
import { defineVerb } from '../verb';
import { absoluteArg } from './versions';

/** Wait for Enter, end of input or Ctrl-C. */
function untilDone(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.stdin.pause();
      process.removeListener('SIGINT', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.stdin.once('data', done).once('end', done).resume();
  });
}

export const browseVerb = defineVerb({
  name: 'browse',
  summary: 'A read-only folder with the files of a snapshot',
  usage: 'cowshed browse SNAPSHOT [--json]',
  help:
    'btrfs snapshots and OpenZFS snapshots (.zfs/snapshot) are folders already: their path is printed. zfs-fuse has no .zfs folder: ' +
    'a temporary read-only clone is mounted and kept until you press Enter (or Ctrl-C).',
  flags: {},
  positionals: [1, 1],
  async run(args, service, io) {
    try {
      const r = await service.call('browseSnapshot', { snapshot: absoluteArg(args.positionals[0]!) });
      io.out(args.json ? JSON.stringify(r) + '\n' : `${r.path}\n`);
      if (r.temporary) {
        if (!args.json) io.err('This is a temporary clone: press Enter when done to remove it.\n');
        await untilDone();
      }
      return 0;
    } finally {
      await releaseAllClones(service.ctx);
    }
  },
});
