import type { Snapshot, Volume } from '../../../../shared/domain';
import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import { isBrowseClone, releaseClonesUnder } from '../../history/browse-clones';
import type { VolumeProvider, ZfsTarget } from '../types';
import { featuresOf, zfsChange, zfsRead } from './exec';
import type { ZfsFeatures } from './features';
import { lineageGraph } from './lineage';
import { toSnapshot, toVolume } from './model';
import { cloneName, holdTag, newSnapshotName, renamedSnapshotName } from './names';
import { planDestroy, planDetach, planPromote, planRollback } from './plans';
import { readClonesByOrigin, readDatasets, readHolds, readRows, readSnapshotsOf, readWorld, SNAPSHOT_KEYS } from './read';
import { describeHolds, poolOf, splitSnapshot, WORLD_KEYS, type WorldRow } from './world';

const datasetOf = (t: ZfsTarget) => splitSnapshot(t.name).dataset;

function needSnapshot(t: ZfsTarget, what: string): string {
  if (!t.name.includes('@')) throw new CowshedError('USAGE', `${what} needs a snapshot (dataset@name), not ${t.name}.`);
  return t.name;
}

function needDataset(t: ZfsTarget, what: string): string {
  if (t.name.includes('@')) throw new CowshedError('USAGE', `${what} needs a dataset, not the snapshot ${t.name}.`);
  return t.name;
}

/** The mounted dataset behind a path target, for snapshot browse paths. */
const mountOf = (t: ZfsTarget) => (t.mount && t.mount.source === datasetOf(t) ? { type: 'filesystem', mounted: true, mountpoint: t.mount.mountpoint } : null);

/** Snapshots by exact name, as Snapshots (with clones from the origin walk and hold tags). */
async function snapshotsNamed(ctx: CoreContext, f: ZfsFeatures, names: readonly string[], t: ZfsTarget): Promise<Snapshot[]> {
  const rows = (await readRows(f, WORLD_KEYS, names)) as WorldRow[];
  const holds = await readHolds(ctx, f, rows);
  const origins = f.clonesAndWritten ? null : await readClonesByOrigin(poolOf(names[0]!));
  return rows.map((r) =>
    toSnapshot(r, {
      clones: r.clones ?? origins?.get(r.name) ?? [],
      holds: describeHolds(r.userrefs, holds.get(r.name) ?? []),
      dataset: mountOf(t),
      features: f,
    }),
  );
}

async function volumeNamed(f: ZfsFeatures, name: string): Promise<Volume> {
  const rows = (await readRows(f, WORLD_KEYS, [name])) as WorldRow[];
  if (!rows[0]) throw new CowshedError('NOT_FOUND', `${name} does not exist.`);
  return toVolume(rows[0]);
}

/** zfs provider: datasets, snapshots, clones, promote, lineage, and plans for destroy / rollback / promote / detach. */
export const zfsProvider: VolumeProvider<ZfsTarget> = {
  kind: 'zfs',

  async listVolumes(ctx, _mounts, target) {
    const f = await featuresOf(ctx);
    // Cowshed's own temporary browse clones are not the user's datasets.
    const rows = (await readDatasets(f, target ? [datasetOf(target)] : [])).filter((r) => !isBrowseClone(r.name));
    return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(toVolume);
  },

  async snapshots(ctx, t) {
    const f = await featuresOf(ctx);
    const ds = datasetOf(t);
    const { snapshots, origins } = await readSnapshotsOf(f, ds);
    const holds = await readHolds(ctx, f, snapshots as WorldRow[]);
    return snapshots.map((r) =>
      toSnapshot(r as Pick<WorldRow, (typeof SNAPSHOT_KEYS)[number] | 'name'>, {
        clones: (r.clones ?? origins?.get(r.name) ?? []).filter((c) => !isBrowseClone(c)),
        holds: describeHolds(r.userrefs, holds.get(r.name) ?? []),
        dataset: mountOf(t),
        features: f,
      }),
    );
  },

  async createSnapshot(ctx, t, opts) {
    const ds = needDataset(t, 'A snapshot');
    const short = opts.name ?? `${ds.split('/').pop()}-${new Date().toISOString()}`;
    const full = newSnapshotName(ds, short);
    if (opts.readonly === false) throw new CowshedError('NOT_SUPPORTED', 'ZFS snapshots are always read-only; clone the snapshot for a writable copy.');
    const f = await featuresOf(ctx);
    // Recursive snapshots are one atomic `zfs snapshot -r`, never a loop.
    await zfsChange(ctx, 'snapshot', ['snapshot', ...(opts.recursive ? ['-r'] : []), full]);
    let names = [full];
    if (opts.recursive) {
      const r = await zfsRead(['list', '-H', '-o', 'name', '-t', 'filesystem,volume', '-r', ds]);
      names = r.stdout.split('\n').filter(Boolean).map((d) => `${d}@${short}`);
    }
    return snapshotsNamed(ctx, f, names, t);
  },

  async renameSnapshot(ctx, t, newName) {
    const from = needSnapshot(t, 'Rename');
    const to = renamedSnapshotName(from, newName);
    const f = await featuresOf(ctx);
    await zfsChange(ctx, 'rename', ['rename', from, to]);
    return (await snapshotsNamed(ctx, f, [to], t))[0]!;
  },

  async setReadonly(ctx, t, readonly) {
    const ds = needDataset(t, 'The read-only flag');
    const f = await featuresOf(ctx);
    await zfsChange(ctx, 'set', ['set', `readonly=${readonly ? 'on' : 'off'}`, ds]);
    return volumeNamed(f, ds);
  },

  async hold(ctx, t, tag, release) {
    const snap = needSnapshot(t, 'A hold');
    holdTag(tag);
    const f = await featuresOf(ctx);
    await zfsChange(ctx, release ? 'release' : 'hold', [release ? 'release' : 'hold', tag, snap]);
    return (await snapshotsNamed(ctx, f, [snap], t))[0]!;
  },

  async cloneSnapshot(ctx, t, name) {
    const snap = needSnapshot(t, 'A clone');
    const full = cloneName(snap, name);
    const f = await featuresOf(ctx);
    await zfsChange(ctx, 'clone', ['clone', snap, full]);
    return volumeNamed(f, full);
  },

  async lineage(ctx, t) {
    const f = await featuresOf(ctx);
    const w = await readWorld(ctx, f, t.name);
    if (!w.get(t.name)) throw new CowshedError('NOT_FOUND', `${t.name} does not exist.`);
    const g = lineageGraph(w, t.name);
    const hidden = new Set(g.nodes.filter((n) => isBrowseClone(n.id.replace(/^zfs:/, '').split('@')[0]!)).map((n) => n.id));
    return hidden.size ? { ...g, nodes: g.nodes.filter((n) => !hidden.has(n.id)), edges: g.edges.filter((e) => !hidden.has(e.from) && !hidden.has(e.to)) } : g;
  },

  async planDestroy(ctx, t, opts) {
    await releaseClonesUnder(ctx, t.name);
    return planDestroy(ctx, t, opts);
  },
  async planRollback(ctx, t, opts) {
    await releaseClonesUnder(ctx, datasetOf(t));
    return planRollback(ctx, t, opts);
  },
  planPromote,
  planDetach,
};
