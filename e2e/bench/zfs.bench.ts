// `cowshed snapshots` of a dataset with 1,000 snapshots vs the raw `zfs list -t snapshot` a user would run,
// in the same run on the same zfs-fuse pool. Target (issue 4): at most 1.3× the raw command.
// The runs are interleaved (ours, raw, ours, raw…) so load from other processes hits both alike.
import { spawnSync } from 'node:child_process';
import { makeZfsPool, sh } from '../fixtures/fs';
import { CLI, Report, timeProcess } from './lib';

const COUNT = 1000;
const RUNS = 9;
const pool = makeZfsPool({ sizeMB: 256 });
try {
  const ds = `${pool.pool}/bench`;
  sh('zfs', ['create', ds]);
  const t0 = Date.now();
  for (let i = 1; i <= COUNT; i++) sh('zfs', ['snapshot', `${ds}@s${i}`]);
  console.log(`made ${COUNT} snapshots in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Correctness first: all of them, oldest first.
  const out = spawnSync(process.execPath, [CLI, 'snapshots', `zfs:${ds}`, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const snaps = JSON.parse(out.stdout) as { name: string; generation: number }[];
  if (snaps.length !== COUNT || snaps.some((s, i) => s.name !== `s${i + 1}`)) throw new Error(`cowshed snapshots returned ${snaps.length} snapshots, not s1…s${COUNT} in order`);

  const cases: [string, string, string[]][] = [
    ['cowshed snapshots --json', process.execPath, [CLI, 'snapshots', `zfs:${ds}`, '--json']],
    ['cowshed snapshots (table)', process.execPath, [CLI, 'snapshots', `zfs:${ds}`]],
    ['zfs list -t snapshot', 'zfs', ['list', '-t', 'snapshot']],
    ['zfs list -t snapshot -r DS', 'zfs', ['list', '-t', 'snapshot', '-r', ds]],
    ['cowshed --version (start-up)', process.execPath, [CLI, '--version']],
  ];
  const times = new Map<string, number[]>(cases.map(([k]) => [k, []]));
  for (const [, cmd, args] of cases) timeProcess(cmd, args); // warm-up
  for (let r = 0; r < RUNS; r++) for (const [k, cmd, args] of cases) times.get(k)!.push(timeProcess(cmd, args));
  const med = (k: string) => {
    const xs = [...times.get(k)!].sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)]!;
  };

  const rep = new Report('zfs');
  const raw = med('zfs list -t snapshot');
  const ours = med('cowshed snapshots --json');
  const startup = med('cowshed --version (start-up)');
  rep.row({ what: 'cowshed snapshots --json', snapshots: COUNT, medianMs: ours, ratio: ours / raw, target: 1.3, pass: ours / raw <= 1.3 ? 'yes' : 'NO' });
  rep.row({ what: 'cowshed snapshots (table)', medianMs: med('cowshed snapshots (table)'), ratio: med('cowshed snapshots (table)') / raw });
  rep.row({ what: 'zfs list -t snapshot', medianMs: raw });
  rep.row({ what: 'zfs list -t snapshot -r DS', medianMs: med('zfs list -t snapshot -r DS') });
  rep.row({ what: 'cowshed --version (start-up)', medianMs: startup, oursMinusStartup: ours - startup, ratioWithoutStartup: (ours - startup) / raw });
  rep.save();
} finally {
  pool.cleanup();
}
