// Soak: snapshot create → plan destroy → commit, repeated through the core (Service in-process) on a real btrfs loop
// filesystem (10,000 cycles, ~30 min) and a zfs-fuse pool (2,000 by default, to keep `npm run bench` within the hour;
// 10,000 pass too, see the report). Open fds
// (/proc/self/fd) and heap (after global.gc; npm run bench passes --expose-gc) are taken after a warm-up that fills
// the job history (kept: 200) and again at the end; the run fails when either grows beyond its stated bound.
// Per-cycle time is compared with the raw tools doing the same (btrfs subvolume snapshot/delete, zfs snapshot/destroy).
// COWSHED_SOAK_CYCLES / COWSHED_SOAK_ZFS_CYCLES override the counts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { createSubvol } from '../fixtures/btrfs';
import { makeLoopFs, makeZfsPool, sh } from '../fixtures/fs';
import { Report } from './lib';

const CYCLES = Number(process.env.COWSHED_SOAK_CYCLES ?? 10_000);
const ZFS_CYCLES = Number(process.env.COWSHED_SOAK_ZFS_CYCLES ?? 2_000);
const WARMUP = 300;
/** Bounds: what may remain after the run, compared with after the warm-up. */
const FD_BOUND = 8;
const HEAP_BOUND_MB = 8;

const fds = () => readdirSync('/proc/self/fd').length;
function heapMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** One cycle through the core: snapshot, plan its destroy, commit, wait. Returns ms. */
async function cycle(service: Service, target: string, name: string): Promise<number> {
  const t = performance.now();
  const [snap] = await service.call('createSnapshot', { target, name });
  const plan = await service.call('planDestroy', { target: snap!.id });
  const job = await service.call('commitPlan', { planId: plan.id, confirm: plan.confirmText ?? undefined });
  const done = await service.call('job', { id: job.id, wait: true });
  if (done.state !== 'done') throw new Error(`destroy of ${snap!.id} ended ${done.state}: ${JSON.stringify(done.error)}`);
  return performance.now() - t;
}

async function soak(rep: Report, fsName: string, service: Service, target: string, cycles: number, raw: () => number): Promise<boolean> {
  const times: number[] = [];
  const run = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      times.push(await cycle(service, target, `soak-${i}`));
      if (i > 0 && i % 1000 === 0) console.log(`  ${fsName}: ${i}/${cycles} cycles, ${fds()} fds, ${process.memoryUsage().heapUsed >> 20} MiB heap`);
    }
  };
  await run(0, Math.min(WARMUP, cycles));
  const before = { fds: fds(), heap: heapMB() };
  await run(WARMUP, cycles);
  const after = { fds: fds(), heap: heapMB() };
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const rawMs = raw();
  const ok = after.fds - before.fds <= FD_BOUND && after.heap - before.heap <= HEAP_BOUND_MB;
  rep.row({ fs: fsName, cycles, fdsBefore: before.fds, fdsAfter: after.fds, fdBound: `+${FD_BOUND}`, heapMBBefore: before.heap, heapMBAfter: after.heap, heapBound: `+${HEAP_BOUND_MB}MiB`, pass: ok ? 'yes' : 'NO' });
  rep.row({ fs: fsName, medianCycleMs: median, p99CycleMs: sorted[Math.floor(sorted.length * 0.99)]!, rawToolCycleMs: rawMs, ratio: median / rawMs });
  return ok;
}

/** Median ms of the raw tools' own snapshot + delete (what a user would run instead). */
function rawCycle(n: number, make: (i: number) => void, drop: (i: number) => void): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    make(i);
    drop(i);
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

const btrfs = makeLoopFs('btrfs', { sizeMB: 512 });
const zfs = makeZfsPool();
let ok = true;
try {
  const rep = new Report('soak');
  const service = new Service({ journal: new Journal(join(btrfs.dir, 'journal.jsonl')) });
  const vol = createSubvol(btrfs, 'vol');
  sh('dd', ['if=/dev/urandom', `of=${join(vol, 'data')}`, 'bs=1M', 'count=8', 'status=none']);
  ok &&= await soak(rep, 'btrfs', service, `btrfs:${btrfs.mountpoint}:vol`, CYCLES, () =>
    rawCycle(
      100,
      (i) => sh('btrfs', ['subvolume', 'snapshot', '-r', vol, join(btrfs.mountpoint, `raw-${i}`)]),
      (i) => sh('btrfs', ['subvolume', 'delete', join(btrfs.mountpoint, `raw-${i}`)]),
    ),
  );
  sh('zfs', ['create', `${zfs.pool}/ds`]);
  ok &&= await soak(rep, 'zfs-fuse', service, `zfs:${zfs.pool}/ds`, ZFS_CYCLES, () =>
    rawCycle(
      30,
      (i) => sh('zfs', ['snapshot', `${zfs.pool}/ds@raw-${i}`]),
      (i) => sh('zfs', ['destroy', `${zfs.pool}/ds@raw-${i}`]),
    ),
  );
  rep.save();
} finally {
  zfs.cleanup();
  btrfs.cleanup();
}
if (!ok) {
  console.error('soak: open fds or heap grew beyond the bound');
  process.exit(1);
}
