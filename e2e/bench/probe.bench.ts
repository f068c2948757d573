// `cowshed probe --json` as a whole process, with btrfs, XFS, ext4 and a zfs-fuse pool mounted.
// Target (issue 2): under 300 ms. Compared with `findmnt --json` (what a user would run instead).
import { makeLoopFs, makeZfsPool } from '../fixtures/fs';
import { CLI, Report, median, timeProcess } from './lib';

const fixtures = [makeLoopFs('btrfs'), makeLoopFs('xfs'), makeLoopFs('ext4'), makeZfsPool()];
try {
  const rep = new Report('probe');
  const node = median(15, () => timeProcess(process.execPath, ['-e', '0']));
  const ours = median(15, () => timeProcess(process.execPath, [CLI, 'probe', '--json']));
  const findmnt = median(15, () => timeProcess('findmnt', ['--json']));
  rep.row({ what: 'cowshed probe --json', medianMs: ours, targetMs: 300, pass: ours < 300 ? 'yes' : 'NO' });
  rep.row({ what: 'findmnt --json', medianMs: findmnt, ratio: ours / findmnt });
  rep.row({ what: 'node -e 0 (start-up)', medianMs: node, oursMinusStartup: ours - node });
  rep.save();
} finally {
  for (const f of fixtures) f.cleanup();
}
