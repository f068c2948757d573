// `cowshed snapshots` on a subvolume with 1,000 and 10,000 snapshots, against the raw `btrfs subvolume list -s`
// a user would run instead, in the same run. Target (issue 3): ≤ 1.3× the raw command plus start-up, where
// start-up is `cowshed --version` (Node plus loading the bundle); `node -e 0` is printed too. Start-up, the raw
// command and cowshed are timed in turns, round after round, so the machine's noise falls on all of them alike.
// The snapshots are made with btrfs directly, several at a time (concurrent snapshots share commits).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeLoopFs, sh } from '../fixtures/fs';
import { CLI, Report, interleavedMedians, median, timeProcess } from './lib';

const COUNTS = [1_000, 10_000];
const RUNS = 31;

/** Make snapshots `from`..`to` (inclusive) of `src` in `dir`, `parallel` btrfs processes at a time. */
async function makeSnapshots(src: string, dir: string, from: number, to: number, parallel = 4): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next <= to) {
      const n = next++;
      await new Promise<void>((resolve, reject) => {
        const p = spawn('btrfs', ['subvolume', 'snapshot', '-r', src, join(dir, `s${String(n).padStart(5, '0')}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (c: Buffer) => (err += c.toString()));
        p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`snapshot ${n} failed: ${err}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

const fs = makeLoopFs('btrfs', { sizeMB: 2048 }); // 10,000 snapshots need ~350 MiB of (DUP) metadata
try {
  const rep = new Report('btrfs-snapshots');
  const vol = join(fs.mountpoint, 'vol');
  const dir = join(fs.mountpoint, '.snapshots');
  sh('btrfs', ['subvolume', 'create', vol]);
  sh('btrfs', ['subvolume', 'create', join(fs.mountpoint, 'empty')]); // no snapshots: what a call costs before any row
  mkdirSync(dir);
  const node = median(RUNS, () => timeProcess(process.execPath, ['-e', '0']));
  rep.row({ what: 'node -e 0', medianMs: node });
  let made = 0;
  for (const count of COUNTS) {
    const t0 = Date.now();
    await makeSnapshots(vol, dir, made + 1, count);
    made = count;
    const listed = JSON.parse(spawnSync(process.execPath, [CLI, 'snapshots', vol, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout) as unknown[];
    if (listed.length !== count) throw new Error(`cowshed listed ${listed.length} snapshots, expected ${count}`);
    const setup = (Date.now() - t0) / 1000;
    const { startup, raw, ours, oursText, oursEmpty } = interleavedMedians(RUNS, {
      startup: () => timeProcess(process.execPath, [CLI, '--version']),
      raw: () => timeProcess('btrfs', ['subvolume', 'list', '-s', fs.mountpoint]),
      ours: () => timeProcess(process.execPath, [CLI, 'snapshots', vol, '--json']),
      oursText: () => timeProcess(process.execPath, [CLI, 'snapshots', vol]),
      oursEmpty: () => timeProcess(process.execPath, [CLI, 'snapshots', join(fs.mountpoint, 'empty'), '--json']),
    });
    const budget = 1.3 * raw + startup;
    rep.row({ what: `setup: ${count} snapshots`, seconds: setup });
    rep.row({ what: `cowshed --version (start-up, ${count})`, medianMs: startup });
    rep.row({ what: `btrfs subvolume list -s (${count})`, medianMs: raw });
    rep.row({ what: `cowshed snapshots --json (${count})`, medianMs: ours, ratio: ours / raw, minusStartupRatio: (ours - startup) / raw, budgetMs: budget, pass: ours <= budget ? 'yes' : 'NO' });
    // Where the time goes: the call itself (argument and request checks, the mount probe, the native walk of all
    // subvolumes) on a subvolume with no snapshots, then what the snapshots add.
    rep.row({ what: `cowshed snapshots --json, subvolume without snapshots (${count} on the fs)`, medianMs: oursEmpty, minusStartupMs: oursEmpty - startup });
    rep.row({ what: `  …the ${count} snapshots add`, ms: ours - oursEmpty, perSnapshotUs: ((ours - oursEmpty) / count) * 1000, rawPerSnapshotUs: (raw / count) * 1000 });
    rep.row({ what: `cowshed snapshots, table (${count})`, medianMs: oursText, ratio: oursText / raw, minusStartupRatio: (oursText - startup) / raw, budgetMs: budget, pass: oursText <= budget ? 'yes' : 'NO' });
  }
  rep.save();
} finally {
  fs.cleanup();
}
