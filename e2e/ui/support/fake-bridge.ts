/**
 * The fake preload bridge: installs `window.cowshed` (one function per contract method, one onDid… per
 * event) over the in-memory world. Bundled to a script and injected before the app loads, so the real
 * renderer bundle runs unchanged. Answers pass through JSON like IPC does.
 */
import type { DirEntry, Job, Plan, Snapshot, Volume } from '../../../shared/domain';
import { MOUNTS, VOLUMES, generateEntries, generateSnapshots, initialTree, zfsLineage, zfsSnap, type FakeConfig } from './fake-world';

declare global {
  interface Window {
    __COWSHED_FAKE__?: FakeConfig;
  }
}

type Handler = (req: Record<string, unknown>) => unknown | Promise<unknown>;
class Refusal extends Error {
  constructor(readonly code: string, message: string, readonly command?: { argv: string[]; exitCode: number | null; stderr: string }) {
    super(message);
  }
}

const cfg: FakeConfig = window.__COWSHED_FAKE__ ?? {};
const tree = initialTree();
tree.set('/data/home/big', generateEntries(cfg.bigFolder ?? 2_000));
const snapRoot = (name: string) => `/data/.snapshots/home-${name}`;
const homeSnaps = generateSnapshots('btrfs:/data:home', cfg.snapshots ?? 48, snapRoot);
const zfsSnaps = new Map<string, Snapshot[]>([
  ['tank/vm', [zfsSnap('tank/vm', 'weekly-2026-01-01', 100), zfsSnap('tank/vm', 'before-upgrade', 30, { clones: ['tank/vm-test'] }), zfsSnap('tank/vm', 'nightly', 6)]],
  ['tank/vm-test', [zfsSnap('tank/vm-test', 'test-run-1', 1)]],
  ['tank', []],
]);
let promoted = false;
const volumes = VOLUMES.map((v) => ({ ...v }));
const listeners = new Map<string, Set<(p: unknown) => void>>();
const emit = (event: string, payload: unknown) => {
  for (const l of listeners.get(event) ?? []) l(JSON.parse(JSON.stringify(payload)));
};
const jobs = new Map<string, Job>();
const plans = new Map<string, { plan: Plan; run: () => void }>();
let seq = 1;

function listing(path: string): DirEntry[] {
  const direct = tree.get(path);
  if (direct) return direct;
  const m = /^\/data\/\.snapshots\/home-([^/]+)(\/.*)?$/.exec(path);
  if (m) {
    const i = homeSnaps.findIndex((s) => s.name === m[1]);
    if (i === -1) throw new Refusal('PATH_NOT_FOUND', `${path} does not exist.`);
    const live = listing(`/data/home${m[2] ?? ''}`);
    // Older snapshots: a file that was deleted since, and smaller notes.
    const extra: DirEntry = { name: `old-draft-${i}.txt`, type: 'file', size: 1000 + i, mtime: homeSnaps[i]!.created!, mode: 0o100644, ino: 77 + i };
    return [...live.filter((e) => e.name !== 'big'), extra].map((e) =>
      e.name === 'notes.txt' ? { ...e, size: 1_000 + i * 3 } : e,
    );
  }
  throw new Refusal('PATH_NOT_FOUND', `Folder ${path} does not exist.`);
}

function startJob(title: string, kind: string, key: string | null, steps: number, result: () => unknown, fail?: () => Refusal | null): Job {
  const id = `job-${seq++}`;
  const job: Job = { id, title, kind, key, state: 'running', progress: { done: 0, total: steps * 4_000_000, unit: 'bytes' }, secondary: { done: 0, total: steps, unit: 'files' }, cancellable: true, startedAt: new Date().toISOString(), finishedAt: null, commands: [] };
  jobs.set(id, job);
  let n = 0;
  const tick = () => {
    const j = jobs.get(id)!;
    if (j.state !== 'running') return;
    n++;
    if (n < steps) {
      jobs.set(id, { ...j, progress: { ...j.progress!, done: n * 4_000_000 }, secondary: { ...j.secondary!, done: n } });
      emit('jobUpdated', jobs.get(id));
      setTimeout(tick, 120);
      return;
    }
    const err = fail?.();
    const end: Job = err
      ? { ...j, state: 'failed', finishedAt: new Date().toISOString(), error: { code: err.code as never, message: err.message, command: err.command ? { ...err.command, signal: null } : undefined } }
      : { ...j, state: 'done', finishedAt: new Date().toISOString(), progress: { ...j.progress!, done: j.progress!.total! }, secondary: { ...j.secondary!, done: steps }, result: result() };
    jobs.set(id, end);
    emit('jobUpdated', end);
  };
  setTimeout(tick, 80);
  return job;
}

function cloneName(dir: string, name: string): string {
  const names = new Set(listing(dir).map((e) => e.name));
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 1; ; i++) {
    const c = `${stem} (clone${i === 1 ? '' : ` ${i}`})${ext}`;
    if (!names.has(c)) return c;
  }
}
const split = (p: string) => ({ dir: p.slice(0, p.lastIndexOf('/')) || '/', name: p.slice(p.lastIndexOf('/') + 1) });
const mountOf = (p: string) => MOUNTS.filter((m) => p === m.mountpoint || p.startsWith(m.mountpoint === '/' ? '/' : m.mountpoint + '/')).sort((a, b) => b.mountpoint.length - a.mountpoint.length)[0]!;

function snapshotsOf(target: string): Snapshot[] {
  if (target === 'btrfs:/data:home') return homeSnaps;
  if (target.startsWith('btrfs:')) return [];
  const ds = target.replace(/^zfs:/, '');
  if (!zfsSnaps.has(ds)) throw new Refusal('NOT_FOUND', `${ds} does not exist.`);
  return zfsSnaps.get(ds)!;
}

function destroyPlan(target: string, recursiveDependents: boolean): { plan: Plan; run: () => void } {
  const id = `plan-${seq++}`;
  const snap = [...homeSnaps, ...[...zfsSnaps.values()].flat()].find((s) => s.id === target);
  const isVolume = !snap;
  const clones = snap?.clones ?? [];
  const items: Plan['items'] = [{ action: 'destroy', id: target, label: snap ? snap.fullName : target.replace(/^\w+:/, ''), type: snap ? 'snapshot' : 'filesystem', identity: { guid: '1' }, bytes: snap?.space?.used ?? 2_147_483_648 }];
  if (recursiveDependents) for (const c of clones) items.push({ action: 'destroy', id: `zfs:${c}`, label: c, type: 'clone', identity: { guid: '2' }, bytes: 734_003_200, note: `cloned from ${snap!.fullName}` });
  const blockers: Plan['blockers'] = clones.length && !recursiveDependents ? [{ code: 'HAS_CLONES', message: `${snap!.fullName} has ${clones.length} dependent clone${clones.length === 1 ? '' : 's'}: ${clones.join(', ')}. Include them, or promote them first.`, ids: clones }] : [];
  const cmd = target.startsWith('zfs:') ? ['zfs', 'destroy', ...(recursiveDependents ? ['-R'] : []), target.slice(4)] : ['btrfs', 'subvolume', 'delete', target];
  const plan: Plan = {
    id, kind: 'destroy', fs: target.startsWith('zfs:') ? 'zfs' : 'btrfs', target, title: `Destroy ${items[0]!.label}`,
    summary: [isVolume ? `Destroying ${items[0]!.label} removes the dataset and all its snapshots.` : `Destroying ${items[0]!.label} removes this snapshot; the live files are not touched.`, ...(recursiveDependents ? ['The clones that depend on it are destroyed with it.'] : [])],
    items, blockers, warnings: recursiveDependents ? ['Snapshots are not backups: what is destroyed here is gone.'] : [], commands: [cmd],
    bytesFreed: items.reduce((a, i) => a + (i.bytes ?? 0), 0), confirmText: isVolume || items.length > 1 ? items[0]!.label : null, createdAt: new Date().toISOString(),
  };
  return {
    plan,
    run: () => {
      for (const [ds, list] of zfsSnaps) zfsSnaps.set(ds, list.filter((s) => s.id !== target));
      const i = homeSnaps.findIndex((s) => s.id === target);
      if (i !== -1) homeSnaps.splice(i, 1);
      if (recursiveDependents) for (const c of clones) {
        const k = volumes.findIndex((v) => v.id === `zfs:${c}`);
        if (k !== -1) volumes.splice(k, 1);
        zfsSnaps.delete(c);
      }
    },
  };
}

const handlers: Record<string, Handler> = {
  probe: () => ({ mounts: MOUNTS, tools: [{ name: 'btrfs', path: '/usr/bin/btrfs', version: '6.14' }, { name: 'zfs', path: '/usr/sbin/zfs', version: '2.3.4', flavor: 'openzfs' }] }),
  volumes: () => volumes,
  listDir: (r) => ({ path: r.path, entries: listing(String(r.path)), truncated: false }),
  jobs: () => [...jobs.values()].reverse(),
  job: async (r) => {
    const id = String(r.id);
    if (!r.wait) return jobs.get(id);
    while (jobs.get(id)?.state === 'running') await new Promise((res) => setTimeout(res, 50));
    return jobs.get(id);
  },
  cancelJob: (r) => {
    const j = jobs.get(String(r.id))!;
    const c: Job = { ...j, state: 'cancelled', finishedAt: new Date().toISOString() };
    jobs.set(j.id, c);
    emit('jobUpdated', c);
    return c;
  },
  snapshots: (r) => snapshotsOf(String(r.target)),
  createSnapshot: (r) => {
    const target = String(r.target);
    const name = String(r.name);
    if (target.startsWith('zfs:')) {
      const ds = target.slice(4);
      const s = zfsSnap(ds, name, 0);
      zfsSnaps.set(ds, [...(zfsSnaps.get(ds) ?? []), s]);
      return [s];
    }
    const [s] = generateSnapshots(target, 1, snapRoot);
    const made = { ...s!, name, fullName: name, id: `btrfs:/data:.snapshots/${name}`, created: new Date().toISOString(), browsePath: snapRoot(name) };
    homeSnaps.push(made);
    return [made];
  },
  lineage: (r) => {
    const t = String(r.target);
    if (!t.startsWith('zfs:')) throw new Refusal('NOT_SUPPORTED', 'btrfs lineage is not in the fake world.');
    return zfsLineage(t, promoted, [...(zfsSnaps.get('tank/vm') ?? []), ...(zfsSnaps.get('tank/vm-test') ?? [])]);
  },
  planDestroy: (r) => {
    const p = destroyPlan(String(r.target), !!r.recursiveDependents);
    plans.set(p.plan.id, p);
    return p.plan;
  },
  planPromote: (r) => {
    const target = String(r.target);
    const clone = target.slice(4);
    const origin = promoted ? 'tank/vm-test' : 'tank/vm';
    const id = `plan-${seq++}`;
    const moving = (zfsSnaps.get(origin) ?? []).filter((s) => (s.generation ?? 0) <= 970);
    const plan: Plan = {
      id, kind: 'promote', fs: 'zfs', target, title: `Promote ${clone}`, options: { origin: `zfs:${origin}` },
      summary: [`${clone} stops depending on ${origin}@before-upgrade: ${origin} becomes a clone of ${clone} instead.`],
      items: [{ action: 'promote', id: target, label: clone, type: 'clone', identity: { guid: '3' } }, ...moving.map((s) => ({ action: 'move' as const, id: s.id, label: s.fullName, type: 'snapshot' as const, identity: { guid: '4' }, note: `becomes ${clone}@${s.name}` }))],
      blockers: [], warnings: [], commands: [['zfs', 'promote', clone]], bytesFreed: null, confirmText: null, createdAt: new Date().toISOString(),
    };
    plans.set(id, {
      plan,
      run: () => {
        const keep = (zfsSnaps.get(origin) ?? []).filter((s) => !moving.includes(s));
        zfsSnaps.set(origin, keep);
        zfsSnaps.set(clone, [...moving.map((s) => ({ ...s, id: `zfs:${clone}@${s.name}`, volumeId: `zfs:${clone}`, fullName: `${clone}@${s.name}`, clones: s.clones ? [origin] : undefined })), ...(zfsSnaps.get(clone) ?? [])]);
        promoted = !promoted;
        for (const v of volumes) if (v.kind === 'zfs') v.origin = v.name === origin ? `zfs:${clone}@before-upgrade` : v.name === clone ? null : v.origin;
      },
    });
    return plan;
  },
  planRollback: (r) => {
    const target = String(r.snapshot);
    const id = `plan-${seq++}`;
    const plan: Plan = { id, kind: 'rollback', fs: 'zfs', target, title: `Roll back to ${target.slice(4)}`, summary: ['The dataset returns to this snapshot; newer snapshots are destroyed.'], items: [{ action: 'rollback', id: target, label: target.slice(4), type: 'snapshot', identity: {} }], blockers: [], warnings: ['A safety snapshot is taken first.'], commands: [['zfs', 'snapshot', 'tank/vm@cowshed-safety'], ['zfs', 'rollback', '-r', target.slice(4)]], bytesFreed: null, confirmText: target.slice(4).split('@')[0]!, createdAt: new Date().toISOString() };
    plans.set(id, { plan, run: () => undefined });
    return plan;
  },
  commitPlan: (r) => {
    const p = plans.get(String(r.planId));
    if (!p) throw new Refusal('PLAN_NOT_FOUND', 'This plan expired: make a new one.');
    if (p.plan.confirmText !== null && r.confirm !== p.plan.confirmText) throw new Refusal('CONFIRMATION_REQUIRED', `Type ${p.plan.confirmText} to confirm.`);
    plans.delete(p.plan.id);
    return startJob(p.plan.title, p.plan.kind, p.plan.fs, 3, () => (p.run(), { message: `${p.plan.title}: done` }));
  },
  getPlan: (r) => plans.get(String(r.planId))?.plan,
  planClone: (r) => {
    const source = String(r.source);
    const m = mountOf(source);
    const { dir, name } = split(source);
    const destination = r.destination ? String(r.destination) : `${dir === '/' ? '' : dir}/${cloneName(dir, name)}`;
    const entry = listing(dir).find((e) => e.name === name);
    if (!m.capabilities.fileClone.ok && !entry?.volumeRoot) throw new Refusal('NOT_SUPPORTED', `${m.fstype} cannot share blocks here: ${m.capabilities.fileClone.reason}.`);
    const mechanism = entry?.volumeRoot ? (m.kind === 'zfs' ? 'zfs-clone' : 'btrfs-snapshot') : entry?.type === 'dir' ? 'tree-copy' : 'reflink-file';
    const exists = listing(split(destination).dir).some((e) => e.name === split(destination).name);
    return {
      source, destination, mechanism, destinationExists: exists, createsLineage: mechanism === 'zfs-clone', warnings: [],
      description: mechanism === 'tree-copy' ? 'Every folder is recreated and every file reflinked, in a hidden folder renamed into place when complete.' : 'One ioctl; no data is copied.',
      options: [
        { mechanism: 'reflink-file', ok: mechanism === 'reflink-file', description: 'Reflink the file', reason: mechanism === 'reflink-file' ? undefined : 'not a single file' },
        { mechanism: 'tree-copy', ok: entry?.type === 'dir', description: 'Recreate the folder with reflinked files' },
        { mechanism: 'btrfs-snapshot', ok: mechanism === 'btrfs-snapshot', description: 'Writable snapshot of the subvolume', reason: mechanism === 'btrfs-snapshot' ? undefined : 'not a subvolume root' },
      ],
    };
  },
  clone: (r) => {
    const source = String(r.source);
    const { dir, name } = split(source);
    const destination = r.destination ? String(r.destination) : `${dir === '/' ? '' : dir}/${cloneName(dir, name)}`;
    const entry = listing(dir).find((e) => e.name === name)!;
    const d = split(destination);
    return startJob(`Clone ${name}`, 'clone', mountOf(source).mountpoint, entry.type === 'dir' ? 8 : 2, () => {
      tree.set(d.dir, [...listing(d.dir), { ...entry, name: d.name, ino: entry.ino + 100_000, mtime: new Date().toISOString() }]);
      return { source, destination, mechanism: entry.type === 'dir' ? 'tree-copy' : 'reflink-file', method: 'reflink', sharingVerified: true, files: entry.type === 'dir' ? 12 : 1, bytes: entry.size, notes: [] };
    }, () => (name.startsWith('passport') ? new Refusal('NO_SPACE', 'The filesystem ran out of space while cloning passport-scan.png.', { argv: ['cp', '--reflink=always', source, destination], exitCode: 1, stderr: `cp: failed to clone '${destination}' from '${source}': No space left on device` }) : null));
  },
  fileInfo: (r) => {
    const p = String(r.path);
    const { dir, name } = split(p);
    const e = listing(dir).find((x) => x.name === name);
    if (!e) throw new Refusal('PATH_NOT_FOUND', `${p} does not exist.`);
    const m = mountOf(p);
    const shared = m.kind === 'btrfs' ? Math.floor(e.size * 0.72) : 0;
    return { path: p, type: e.type, size: e.size, allocated: Math.ceil(e.size / 4096) * 4096, sharedBytes: m.capabilities.spaceAccounting.ok ? shared : null, exclusiveBytes: m.capabilities.spaceAccounting.ok ? e.size - shared : null, mtime: e.mtime, mode: e.mode, uid: 1000, gid: 1000, ino: e.ino, nlink: 1, mountpoint: m.mountpoint, fstype: m.fstype, volumeId: volumes.find((v) => v.path && p.startsWith(v.path + '/'))?.id ?? null };
  },
  browseSnapshot: (r) => {
    const s = [...homeSnaps].find((x) => x.id === r.snapshot);
    if (s?.browsePath) return { snapshot: s.id, path: s.browsePath, temporary: false };
    throw new Refusal('NOT_SUPPORTED', 'This snapshot has no browsable path in the fake world.');
  },
  releaseSnapshot: () => ({ released: true }),
  space: (r) => {
    const target = String(r.target);
    const snaps = snapshotsOf(target).slice(-24);
    if (target.startsWith('zfs:'))
      return { target, fs: 'zfs', freedTogether: null, notes: ['Figures from zfs get used,usedbysnapshots,usedbydataset.'], rows: [{ id: target, label: target.slice(4), kind: 'volume', used: 92e9, referenced: 80e9, usedByDataset: 78e9, usedBySnapshots: 13.5e9 }, ...snaps.map((s) => ({ id: s.id, label: s.name, kind: 'snapshot', used: s.space?.used ?? 0, referenced: null }))] };
    return { target, fs: 'btrfs', freedTogether: null, notes: ['Per-file sizes double-count reflinked data.'], rows: [{ id: target, label: target, kind: 'volume', used: null, referenced: 48e9, exclusive: 9e9 }, ...snaps.map((s, i) => ({ id: s.id, label: s.name, kind: 'snapshot', used: null, referenced: null, exclusive: ((i * 7919) % 13 + 1) * 120e6 }))] };
  },
  privilegeStatus: () => ({ uid: 1000, isRoot: false, helperRunning: true, active: 'pkexec', methods: [{ method: 'pkexec', available: true }] }),
};

function reply(method: string, request: unknown): Promise<unknown> {
  return (async () => {
    try {
      if (cfg.unsupported?.includes(method) || !handlers[method]) throw new Refusal('NOT_SUPPORTED', `${method} is not built yet.`);
      const result = await handlers[method]!((request ?? {}) as Record<string, unknown>);
      return { ok: true, result: JSON.parse(JSON.stringify(result ?? null)) };
    } catch (e) {
      const r = e instanceof Refusal ? e : new Refusal('INTERNAL', String(e));
      return { ok: false, error: { code: r.code, message: r.message, command: r.command ? { ...r.command, signal: null } : undefined } };
    }
  })();
}

const METHODS = [
  'probe', 'volumes', 'listDir', 'jobs', 'job', 'cancelJob', 'journal', 'snapshots', 'createSnapshot', 'renameSnapshot', 'setReadonly', 'hold', 'cloneSnapshot', 'lineage',
  'planDestroy', 'planRollback', 'planPromote', 'planDetach', 'commitPlan', 'getPlan', 'planClone', 'clone', 'planRestore', 'fileInfo', 'browseSnapshot', 'releaseSnapshot',
  'versions', 'diff', 'space', 'privilegeStatus', 'preflight', 'authenticate',
];
const bridge: Record<string, unknown> = {};
for (const m of METHODS) bridge[m] = (req: unknown) => reply(m, req);
for (const e of ['jobUpdated', 'jobOutput', 'diffChanges', 'mountsChanged']) {
  bridge[`onDid${e[0]!.toUpperCase()}${e.slice(1)}`] = (l: (p: unknown) => void) => {
    const set = listeners.get(e) ?? new Set();
    set.add(l);
    listeners.set(e, set);
    return () => set.delete(l);
  };
}
(window as unknown as { cowshed: unknown }).cowshed = bridge;
export type { Volume };
