/** Listing: volumes (subvolumes) and the snapshots of one subvolume. */
import type { Mount, Snapshot, Volume } from '../../../../shared/domain';
import type { CoreContext } from '../../context';
import type { BtrfsTarget } from '../types';
import { btrfsFs, reacher, subvolId, type BtrfsFs } from './btrfs-fs';
import { findIn, noSuchSubvolume, openTarget } from './target';
import {
  ALL, READONLY_SNAPSHOT_TIMES, SNAPSHOT_TIMES, TOP_LEVEL_ID, byCreation, defaultSubvolId, listView, readTable, showSubvol, toSubvol, topLevel,
  type Subvol,
} from './subvol-table';
import { toSnapshot, toVolume } from './to-domain';
import { readNative } from './native-list';
import { byCodeUnit } from '../../../../shared/order';

/** At most this many `show` runs to fill in creation times of subvolumes that are not snapshots. */
const MAX_SHOWS = 32;

/** Creation times of non-snapshot subvolumes come only from `show` (one run each, a few at a time). */
async function fillTimes(fs: BtrfsFs, subvols: Subvol[]): Promise<void> {
  const todo = subvols.filter((s) => s.otime === null && s.id !== TOP_LEVEL_ID).slice(0, MAX_SHOWS);
  for (let i = 0; i < todo.length; i += 4)
    await Promise.all(
      todo.slice(i, i + 4).map(async (s) => {
        s.otime = (await showSubvol(fs, s.id).catch(() => null))?.otime ?? null;
      }),
    );
}

/** Subvolumes of one filesystem: all of them, or the target and everything nested in it, in tree order. */
async function volumesOf(ctx: CoreContext, fs: BtrfsFs, target: BtrfsTarget | null): Promise<Volume[]> {
  const ref = target ? await openTarget(ctx, target, false) : null;
  const [table, defaultId] = await Promise.all([readTable(fs, { times: true, top: true }), defaultSubvolId(fs).catch(() => null)]);
  const root = ref ? findIn(table, ref) : table.byId.get(TOP_LEVEL_ID)!;
  const picked: Subvol[] = [];
  const visit = (s: Subvol) => {
    picked.push(s);
    for (const c of [...table.children(s.id)].sort((a, b) => byCodeUnit(a.path, b.path))) visit(c);
  };
  visit(root);
  await fillTimes(fs, picked);
  return picked.map((s) => toVolume(table, s, defaultId));
}

/** Volumes of the given btrfs mounts (each filesystem once), or around one target. */
export async function listVolumes(ctx: CoreContext, mounts: Mount[], target: BtrfsTarget | null): Promise<Volume[]> {
  if (target) return volumesOf(ctx, await btrfsFs(ctx, target.mount), target);
  const seen = new Set<string>();
  const out: Volume[] = [];
  for (const m of mounts) {
    if (m.kind !== 'btrfs' || seen.has(m.device)) continue;
    seen.add(m.device);
    out.push(...(await volumesOf(ctx, await btrfsFs(ctx, m), null)));
  }
  return out;
}

/**
 * Snapshots of a subvolume (every subvolume whose parent uuid is its uuid), oldest first by generation at
 * creation. Natively, one pass has everything. Otherwise two `list` runs in parallel: every subvolume with
 * uuids, and the read-only snapshots with their times. Every subvolume with a parent uuid is a snapshot, so
 * read-only flags are exact for snapshots; the creation times of writable snapshots need one more run, made
 * only when there are any.
 */
export async function snapshots(ctx: CoreContext, t: BtrfsTarget): Promise<Snapshot[]> {
  const ref = await openTarget(ctx, t, false);
  const { fs } = ref;
  const rows = (await readNative(fs)) ?? (await listedForSnapshots(fs));
  const wanted = ref.subvolPath ?? containingPath(rows, ref.location!.location);
  const found = rows.find((r) => r.path === wanted && (wanted !== '' || r.id === TOP_LEVEL_ID));
  if (wanted !== '' && !found) throw noSuchSubvolume(fs, wanted);
  const target = found ?? topLevel(await showSubvol(fs, TOP_LEVEL_ID));
  const byParent = new Map<string, Subvol[]>();
  for (const r of rows) {
    if (!r.parentUuid) continue;
    const list = byParent.get(r.parentUuid);
    if (list) list.push(r);
    else byParent.set(r.parentUuid, [r]);
  }
  const snaps = target.uuid ? (byParent.get(target.uuid) ?? []) : [];
  if (snaps.some((s) => !s.readonly && s.otime === null)) {
    const times = new Map((await listView(fs, SNAPSHOT_TIMES)).map((r) => [r.id, r.otime]));
    for (const s of snaps) if (s.otime === null) s.otime = times.get(s.id) ?? null;
  }
  const volumeId = subvolId(fs, target.path);
  const reach = reacher(fs);
  return snaps.sort(byCreation).map((s) => {
    const made = s.uuid ? byParent.get(s.uuid) : undefined;
    const clones = made ? made.filter((c) => !c.readonly).map((c) => subvolId(fs, c.path)) : undefined;
    return toSnapshot(fs, s, volumeId, clones, reach);
  });
}

/** Without the native list: every subvolume with uuids, and the read-only snapshots with their times. */
async function listedForSnapshots(fs: BtrfsFs): Promise<Subvol[]> {
  const [all, ros] = await Promise.all([listView(fs, ALL), listView(fs, READONLY_SNAPSHOT_TIMES)]);
  const roTime = new Map(ros.map((r) => [r.id, r.otime]));
  return all.map((r) => toSubvol(r, roTime.has(r.id), roTime.get(r.id) ?? null));
}

/** The longest subvolume path that contains `location` ("" for the top level). */
function containingPath(rows: readonly Subvol[], location: string): string {
  let best = '';
  for (const s of rows) if (s.id !== TOP_LEVEL_ID && (location === s.path || location.startsWith(s.path + '/')) && s.path.length > best.length) best = s.path;
  return best;
}
