// History benchmarks on a loop-mounted btrfs (issue 8):
//  1. `cowshed versions FILE --json` across 1,000 snapshots, whole process: target ≤ 300 ms. Compared with
//     `stat` over the same 1,000 paths (what a user would run instead) and `btrfs subvolume list`.
//  2. btrfs diff of a 100,000-file tree with 1% changed: the diff job (send | receive --dump, replay, sizes,
//     events) against the raw `btrfs send --no-data -p A B | btrfs receive --dump` pipeline in the same run:
//     target ≤ 1.2×. The whole CLI process and the tree comparison of the same trees are printed too.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffSummary } from '../../shared/contract/history';
import { Service } from '../../main/core/service';
import { makeLoopFs, sh } from '../fixtures/fs';
import { CLI, Report, median, timeProcess } from './lib';

const rep = new Report('history');
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function versionsBench() {
  const fs = makeLoopFs('btrfs', { sizeMB: 1024 });
  try {
    const vol = join(fs.mountpoint, 'vol');
    const snaps = join(fs.mountpoint, 'snaps');
    sh('btrfs', ['subvolume', 'create', vol]);
    mkdirSync(snaps);
    const doc = join(vol, 'doc.txt');
    writeFileSync(doc, 'x'.repeat(8192));
    for (let i = 0; i < 20; i++) writeFileSync(join(vol, `other-${i}.txt`), `other ${i}\n`);
    const t = process.hrtime.bigint();
    for (let i = 1; i <= 1000; i++) {
      if (i % 100 === 0) appendFileSync(doc, `change ${i}\n`); // ten distinct versions
      sh('btrfs', ['subvolume', 'snapshot', '-r', vol, join(snaps, `s${String(i).padStart(4, '0')}`)]);
    }
    console.log(`(made 1,000 snapshots in ${(ms(t) / 1000).toFixed(1)} s)`);
    const out = spawnSync(process.execPath, [CLI, 'versions', doc, '--json'], { encoding: 'utf8' });
    const versions = (JSON.parse(out.stdout) as { snapshots: string[] }[]).length;
    const ours = median(7, () => timeProcess(process.execPath, [CLI, 'versions', doc, '--json']));
    const paths = Array.from({ length: 1000 }, (_, i) => join(snaps, `s${String(i + 1).padStart(4, '0')}`, 'doc.txt'));
    const stat = median(7, () => timeProcess('stat', ['-c', '%i %s %Y', ...paths]));
    const list = median(7, () => timeProcess('btrfs', ['subvolume', 'list', '-a', '-u', '-q', fs.mountpoint]));
    const node = median(7, () => timeProcess(process.execPath, ['-e', '0']));
    rep.row({ what: 'cowshed versions FILE --json (1,000 snapshots)', medianMs: ours, versions, targetMs: 300, pass: ours <= 300 ? 'yes' : 'NO' });
    rep.row({ what: 'stat over the 1,000 snapshot paths', medianMs: stat, ratio: ours / stat });
    rep.row({ what: 'btrfs subvolume list -a -u -q', medianMs: list });
    rep.row({ what: 'node -e 0 (start-up)', medianMs: node, oursMinusStartup: ours - node });
  } finally {
    fs.cleanup();
  }
}

async function diffBench() {
  const fs = makeLoopFs('btrfs', { sizeMB: 2048 });
  try {
    const tree = join(fs.mountpoint, 'tree');
    sh('btrfs', ['subvolume', 'create', tree]);
    const t = process.hrtime.bigint();
    for (let d = 0; d < 100; d++) {
      mkdirSync(join(tree, `d${d}`));
      for (let f = 0; f < 1000; f++) writeFileSync(join(tree, `d${d}`, `f${f}.txt`), `file ${d}/${f}\n`);
    }
    const A = join(fs.mountpoint, 'A');
    const B = join(fs.mountpoint, 'B');
    sh('btrfs', ['subvolume', 'snapshot', '-r', tree, A]);
    // 1% changed, spread over every folder: 600 modified, 200 added, 100 removed, 100 renamed.
    for (let d = 0; d < 100; d++) {
      const dir = join(tree, `d${d}`);
      for (let k = 0; k < 6; k++) appendFileSync(join(dir, `f${k * 150}.txt`), 'more\n');
      for (let k = 0; k < 2; k++) writeFileSync(join(dir, `new${k}.txt`), 'new\n');
      rmSync(join(dir, 'f999.txt'));
      renameSync(join(dir, 'f998.txt'), join(dir, 'renamed.txt'));
    }
    sh('btrfs', ['subvolume', 'snapshot', '-r', tree, B]);
    sh('sync', []);
    console.log(`(made the 100,000-file tree in ${(ms(t) / 1000).toFixed(1)} s)`);

    // The mount table is stable during the run: reuse one probe, so the figures are the diff's own cost.
    const service = new Service({ probeTtlMs: 3_600_000 });
    const diffJob = async (a: string, b: string): Promise<{ ms: number; summary: DiffSummary; events: number }> => {
      let events = 0;
      const off = service.on((e, p) => {
        if (e === 'diffChanges') events += (p as { changes: unknown[] }).changes.length;
      });
      const t0 = process.hrtime.bigint();
      const job = await service.call('diff', { a, b });
      const end = await service.call('job', { id: job.id, wait: true });
      const took = ms(t0);
      off();
      if (end.state !== 'done') throw new Error(`diff failed: ${JSON.stringify(end.error)}`);
      return { ms: took, summary: end.result as DiffSummary, events };
    };
    const raw = () => timeProcess('sh', ['-c', `btrfs send --no-data -q -p '${A}' '${B}' | btrfs receive --dump > /dev/null`]);
    await diffJob(A, B); // warm-up (probe, tool paths, page cache)
    raw();
    const ours: number[] = [];
    const raws: number[] = [];
    let last: Awaited<ReturnType<typeof diffJob>> | null = null;
    // Interleaved, so load from anything else on the machine hits both alike.
    for (let i = 0; i < 15; i++) {
      raws.push(raw());
      last = await diffJob(A, B);
      ours.push(last.ms);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const o = med(ours);
    const r = med(raws);
    rep.row({ what: 'diff job A B (btrfs send, in-process)', medianMs: o, changes: last!.summary.total, events: last!.events, method: last!.summary.method });
    rep.row({ what: 'raw: btrfs send --no-data -p A B | btrfs receive --dump', medianMs: r, ratio: o / r, targetRatio: 1.2, pass: o / r <= 1.2 ? 'yes' : 'NO' });
    const cliWhole = median(5, () => timeProcess(process.execPath, [CLI, 'diff', A, B, '--json']));
    rep.row({ what: 'cowshed diff A B --json (whole process)', medianMs: cliWhole, ratioToRaw: cliWhole / r });
    const walk = await diffJob(A, tree);
    rep.row({ what: 'diff job A tree (tree comparison, live side)', medianMs: walk.ms, changes: walk.summary.total, method: walk.summary.method });
  } finally {
    fs.cleanup();
  }
}

versionsBench();
await diffBench();
rep.save();
