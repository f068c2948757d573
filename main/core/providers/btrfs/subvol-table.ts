/**
 * Reading subvolumes: the `btrfs subvolume list` runs (in parallel, one per view btrfs offers), joined into one
 * table with lookups by id, path and uuid. `show` fills in only what `list` cannot print.
 */
import { run } from '../../exec/run';
import type { BtrfsFs } from './btrfs-fs';
import { reacher } from './btrfs-fs';
import { classifyBtrfs } from './errors';
import { listArgs, parseList, type ListQuery, type ListRow } from './list-format';
import { readNative } from './native-list';
import { getDefaultArgs, parseGetDefault, parseShow, showArgs, type ShowInfo } from './show-format';

/** One subvolume with everything Cowshed shows about it. */
export interface Subvol {
  id: number;
  /** Full path from the top level ("" for the top level). */
  path: string;
  /** Id of the subvolume it is nested in (0 for the top level). */
  topLevel: number;
  gen: number;
  /** Generation at creation (ogen): the order snapshots were made in. */
  cgen: number | null;
  uuid: string | null;
  /** Uuid of the subvolume it is a snapshot of. */
  parentUuid: string | null;
  /** Uuid of the subvolume it was received from (btrfs send/receive). */
  receivedUuid: string | null;
  otime: string | null;
  readonly: boolean;
}

/** The top level (id 5): `list` never prints it. */
export const TOP_LEVEL_ID = 5;

const RUN = { classify: classifyBtrfs, env: { TZ: 'UTC' }, timeoutMs: 120_000 } as const;

/** Every subvolume with its uuids and ogen (no creation time: `list` prints that only with -s). */
export const ALL: ListQuery = { scope: 'all', fields: ['cgen', 'parentUuid', 'receivedUuid', 'uuid'] };
/** Ids of the read-only subvolumes. */
export const READONLY: ListQuery = { scope: 'all', fields: [], readonlyOnly: true };
/** Creation times of the snapshots. */
export const SNAPSHOT_TIMES: ListQuery = { scope: 'all', fields: [], snapshotsOnly: true };
/** Read-only snapshots with their creation times. */
export const READONLY_SNAPSHOT_TIMES: ListQuery = { scope: 'all', fields: [], snapshotsOnly: true, readonlyOnly: true };

/** The id of the subvolume the canonical mountpoint is in (what `-a` paths are relative to). */
async function baseId(fs: BtrfsFs): Promise<number> {
  if (fs.canonical.subvolId !== undefined) return fs.canonical.subvolId;
  const r = await run('btrfs', ['inspect-internal', 'rootid', fs.canonical.mountpoint], RUN);
  return Number(r.stdout.trim());
}

/** Run one `btrfs subvolume list` view through the canonical mount. */
export async function listView(fs: BtrfsFs, q: ListQuery): Promise<ListRow[]> {
  const [base, r] = await Promise.all([baseId(fs), run('btrfs', listArgs(q, fs.canonical.mountpoint), RUN)]);
  return parseList(r.stdout, q, base);
}

/** `btrfs subvolume show` of one subvolume by id (slow on filesystems with many snapshots). */
export async function showSubvol(fs: BtrfsFs, id: number): Promise<ShowInfo> {
  return parseShow((await run('btrfs', showArgs(fs.canonical.mountpoint, id), RUN)).stdout);
}

/** The default subvolume's id (`btrfs subvolume get-default`). */
export async function defaultSubvolId(fs: BtrfsFs): Promise<number> {
  return parseGetDefault((await run('btrfs', getDefaultArgs(fs.canonical.mountpoint), RUN)).stdout).id;
}

/** A list row plus the flags from the other views. */
export function toSubvol(r: ListRow, readonly: boolean, otime: string | null): Subvol {
  return { id: r.id, path: r.path, topLevel: r.topLevel, gen: r.gen, cgen: r.cgen, uuid: r.uuid, parentUuid: r.parentUuid, receivedUuid: r.receivedUuid, otime: otime ?? r.otime, readonly };
}

/** The top level, from `show` when asked (its uuid and time), else with what is always true of it. */
export function topLevel(info?: ShowInfo): Subvol {
  return {
    id: TOP_LEVEL_ID, path: '', topLevel: 0, gen: info?.gen ?? 0, cgen: info?.cgen ?? 0, uuid: info?.uuid ?? null,
    parentUuid: null, receivedUuid: info?.receivedUuid ?? null, otime: info?.otime ?? null, readonly: info?.readonly ?? false,
  };
}


/** All subvolumes of a filesystem, indexed. */
export class SubvolTable {
  readonly byId = new Map<number, Subvol>();
  readonly byPath = new Map<string, Subvol>();
  readonly byUuid = new Map<string, Subvol>();
  private readonly kids = new Map<number, Subvol[]>();
  private readonly reach = new Map<string, string | null>();
  private reachOf: ((fullPath: string) => string | null) | undefined;

  constructor(readonly fs: BtrfsFs, readonly rows: readonly Subvol[]) {
    for (const s of rows) {
      this.byId.set(s.id, s);
      this.byPath.set(s.path, s);
      if (s.uuid) this.byUuid.set(s.uuid, s);
      const k = this.kids.get(s.topLevel);
      if (k) k.push(s);
      else this.kids.set(s.topLevel, [s]);
    }
  }

  /** Subvolumes nested directly in `id`. */
  children(id: number): readonly Subvol[] {
    return this.kids.get(id) ?? [];
  }

  /** Every subvolume nested in `id`, deepest first (the order they can be deleted in). */
  nestedDeepestFirst(id: number): Subvol[] {
    const out: Subvol[] = [];
    const visit = (s: Subvol) => {
      for (const c of this.children(s.id)) visit(c);
      out.push(s);
    };
    for (const c of this.children(id)) visit(c);
    return out;
  }

  /** The subvolume containing a full path (longest path prefix), the top level at worst. */
  containing(fullPath: string): Subvol {
    for (let p = fullPath; ; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
      const s = this.byPath.get(p);
      if (s) return s;
      if (p === '') return this.byId.get(TOP_LEVEL_ID)!;
    }
  }

  /** Where a subvolume can be reached now (memoised). */
  reachable(s: Subvol): string | null {
    let r = this.reach.get(s.path);
    if (r === undefined) this.reach.set(s.path, (r = (this.reachOf ??= reacher(this.fs))(s.path)));
    return r;
  }
}

/**
 * Read every subvolume: natively in one pass where that can be done (everything, the top level included), else
 * uuids and ogen, read-only flags, and (with `times`) the creation times of snapshots, as parallel `list` runs;
 * with `top`, `show` then adds the top level's uuid and time.
 */
export async function readTable(fs: BtrfsFs, opts: { times?: boolean; top?: boolean } = {}): Promise<SubvolTable> {
  const native = await readNative(fs);
  if (native) return new SubvolTable(fs, native.all());
  const [all, ro, times, top] = await Promise.all([
    listView(fs, ALL),
    listView(fs, READONLY),
    opts.times ? listView(fs, SNAPSHOT_TIMES) : Promise.resolve([] as ListRow[]),
    opts.top ? showSubvol(fs, TOP_LEVEL_ID) : Promise.resolve(undefined),
  ]);
  const roIds = new Set(ro.map((r) => r.id));
  const otime = new Map(times.map((r) => [r.id, r.otime]));
  return new SubvolTable(fs, [topLevel(top), ...all.map((r) => toSubvol(r, roIds.has(r.id), otime.get(r.id) ?? null))]);
}
