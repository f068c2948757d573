/** Listing: volumes (subvolumes) and the snapshots of one subvolume. */
import type { Mount, Snapshot, Volume } from '../../../../shared/domain';
import type { CoreContext } from '../../context';
import type { BtrfsTarget, PageSink } from '../types';
import { btrfsFs, reacher, subvolId, type BtrfsFs } from './btrfs-fs';
import { findIn, noSuchSubvolume, openTarget } from './target';
import {
  ALL, READONLY_SNAPSHOT_TIMES, SNAPSHOT_TIMES, TOP_LEVEL_ID, defaultSubvolId, listView, readTable, showSubvol, toSubvol, topLevel,
  type Subvol,
} from './subvol-table';
import { toSnapshot, toVolume } from './to-domain';
import { readNative } from './native-list';
import { takeEarly } from './early-list';
import { ArrayRows, type SubvolRows } from './rows';
import { byCodeUnit } from '../../../../shared/order';

/** Snapshots per page handed over by `snapshots` (one JSON.stringify each in `cowshed snapshots --json`). */
const PAGE = 1000;

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
 * only when there are any. Rows are read by number, and made into objects one at a time for output.
 */
export async function snapshots(ctx: CoreContext, t: BtrfsTarget, page?: PageSink<Snapshot>): Promise<Snapshot[]> {
  const ref = await openTarget(ctx, t, false);
  const { fs } = ref;
  // The list this request started early (a read takes only that: any walk started before it could miss a change).
  const rows = (await readNative(fs, takeEarly(ctx, t.mount.device))) ?? new ArrayRows(await listedForSnapshots(fs));
  const wanted = ref.subvolPath ?? containingPath(rows, ref.location!.location);
  let at = -1;
  for (let i = 0; i < rows.length && at < 0; i++) if (rows.pathIs(i, wanted) && (wanted !== '' || rows.id(i) === TOP_LEVEL_ID)) at = i;
  if (wanted !== '' && at < 0) throw noSuchSubvolume(fs, wanted);
  const target = at >= 0 ? rows.row(at) : topLevel(await showSubvol(fs, TOP_LEVEL_ID));
  // Its snapshots (by row when it is listed; the top level may not be, with btrfs-progs), and theirs.
  const snaps: number[] = [];
  const isSnap = new Uint8Array(rows.length);
  if (target.uuid)
    for (let i = 0; i < rows.length; i++)
      if (at >= 0 ? rows.parentRow(i) === at : rows.parentUuid(i) === target.uuid) {
        snaps.push(i);
        isSnap[i] = 1;
      }
  const clonesOf = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const p = rows.parentRow(i);
    if (p >= 0 && isSnap[p] && !rows.readonly(i)) {
      const list = clonesOf.get(p);
      if (list) list.push(i);
      else clonesOf.set(p, [i]);
    }
  }
  const times = snaps.some((i) => !rows.readonly(i) && !rows.hasTime(i)) ? new Map((await listView(fs, SNAPSHOT_TIMES)).map((r) => [r.id, r.otime])) : null;
  const volumeId = subvolId(fs, target.path);
  const reach = reacher(fs);
  // Oldest first: by generation at creation (ogen), then id (ids only grow). Not by otime (one-second resolution).
  snaps.sort((a, b) => (rows.cgen(a) ?? 0) - (rows.cgen(b) ?? 0) || rows.id(a) - rows.id(b));
  // Pages for `page` (handed over as they are made, so 10,000 snapshots are never all held), the rest returned.
  let out: Snapshot[] = [];
  const into = {} as Subvol; // one Subvol, refilled per row (toSnapshot copies what it needs)
  for (let k = 0; k < snaps.length; k++) {
    const i = snaps[k]!;
    const s = rows.row(i, into);
    if (times && s.otime === null) s.otime = times.get(s.id) ?? null;
    const clones = clonesOf.get(i)?.map((c) => subvolId(fs, rows.path(c)));
    out.push(toSnapshot(fs, s, volumeId, clones, reach));
    if (page && out.length === PAGE) {
      page(out);
      out = [];
    }
  }
  return out;
}

/** Without the native list: every subvolume with uuids, and the read-only snapshots with their times. */
async function listedForSnapshots(fs: BtrfsFs): Promise<Subvol[]> {
  const [all, ros] = await Promise.all([listView(fs, ALL), listView(fs, READONLY_SNAPSHOT_TIMES)]);
  const roTime = new Map(ros.map((r) => [r.id, r.otime]));
  return all.map((r) => toSubvol(r, roTime.has(r.id), roTime.get(r.id) ?? null));
}

/** The longest subvolume path that contains `location` ("" for the top level). */
function containingPath(rows: SubvolRows, location: string): string {
  let best = '';
  for (let i = 0; i < rows.length; i++) {
    if (rows.id(i) === TOP_LEVEL_ID) continue;
    const p = rows.path(i);
    if (p.length > best.length && (location === p || location.startsWith(p + '/'))) best = p;
  }
  return best;
}
