import type { ColumnKey, ZfsRow } from './columns';

/** The columns a pool-wide read asks for (OpenZFS-only ones are dropped on zfs-fuse). */
export const WORLD_KEYS = [
  'type', 'guid', 'createtxg', 'creation', 'used', 'available', 'referenced', 'usedbysnapshots', 'usedbydataset',
  'mountpoint', 'mounted', 'canmount', 'origin', 'readonly', 'userrefs', 'clones', 'written',
] as const satisfies readonly ColumnKey[];
/** A column of the pool-wide read. */
export type WorldKey = (typeof WORLD_KEYS)[number];
/** One dataset, snapshot or bookmark as read from zfs. */
export type WorldRow = ZfsRow<WorldKey>;

/** Split "pool/a@s" → { dataset: "pool/a", short: "s" }; bookmarks split at "#". */
export function splitSnapshot(name: string): { dataset: string; short: string | null } {
  const i = name.search(/[@#]/);
  return i < 0 ? { dataset: name, short: null } : { dataset: name.slice(0, i), short: name.slice(i + 1) };
}

/** Parent dataset name, or null for a pool root. */
export function parentDataset(ds: string): string | null {
  const i = ds.lastIndexOf('/');
  return i < 0 ? null : ds.slice(0, i);
}

/** The pool a name belongs to. */
export const poolOf = (name: string): string => name.split(/[/@#]/)[0]!;

/** Ascending by createtxg, then by name (a recursive snapshot shares one txg across datasets). */
export const byTxg = (a: WorldRow, b: WorldRow): number => (a.createtxg ?? 0) - (b.createtxg ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A consistent read of one pool: every dataset, snapshot (and bookmark) with its properties, and the hold
 * tags of held snapshots. Plans are pure functions of a world, so they can be recomputed at commit time
 * and compared.
 */
export class ZfsWorld {
  readonly rows = new Map<string, WorldRow>();
  private readonly snaps = new Map<string, WorldRow[]>();
  private readonly marks = new Map<string, WorldRow[]>();
  private readonly kids = new Map<string, string[]>();
  private readonly clonesBy = new Map<string, string[]>();

  constructor(
    rows: readonly WorldRow[],
    /** Known hold tags per held snapshot. */
    readonly holds: ReadonlyMap<string, string[]> = new Map(),
  ) {
    for (const r of rows) this.rows.set(r.name, r);
    for (const r of rows) {
      const { dataset, short } = splitSnapshot(r.name);
      if (short !== null) {
        const into = r.type === 'bookmark' || r.name.includes('#') ? this.marks : this.snaps;
        into.set(dataset, [...(into.get(dataset) ?? []), r]);
        continue;
      }
      const p = parentDataset(r.name);
      if (p !== null) this.kids.set(p, [...(this.kids.get(p) ?? []), r.name]);
      // Lineage comes from walking every dataset's origin, never from a dry run or the clones property.
      if (r.origin) this.clonesBy.set(r.origin, [...(this.clonesBy.get(r.origin) ?? []), r.name]);
    }
    for (const list of this.snaps.values()) list.sort(byTxg);
    for (const list of this.marks.values()) list.sort(byTxg);
  }

  get(name: string): WorldRow | undefined {
    return this.rows.get(name);
  }

  /** Snapshots of one dataset, oldest first by createtxg. */
  snapshotsOf(ds: string): WorldRow[] {
    return this.snaps.get(ds) ?? [];
  }

  /** Bookmarks of one dataset, oldest first. */
  bookmarksOf(ds: string): WorldRow[] {
    return this.marks.get(ds) ?? [];
  }

  /** Direct child datasets. */
  childrenOf(ds: string): string[] {
    return this.kids.get(ds) ?? [];
  }

  /** All descendant datasets, parents before children. */
  descendantsOf(ds: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const c of this.childrenOf(d)) {
        out.push(c);
        walk(c);
      }
    };
    walk(ds);
    return out;
  }

  /** Datasets whose origin is this snapshot. */
  clonesOf(snapshot: string): string[] {
    return this.clonesBy.get(snapshot) ?? [];
  }

  /** Hold tags of a snapshot (see describeHolds). */
  holdTags(snapshot: string): string[] {
    return describeHolds(this.get(snapshot)?.userrefs ?? null, this.holds.get(snapshot) ?? []);
  }
}

/** Hold tags for a snapshot with `count` user holds: the known tags, plus a note for holds whose tag cannot be listed. */
export function describeHolds(count: number | null, known: readonly string[]): string[] {
  if (count === null) return [...known];
  if (count === 0) return [];
  if (count <= known.length) return [...known];
  const unnamed = count - known.length;
  return [...known, `(${unnamed} hold${unnamed === 1 ? '' : 's'} whose tag this zfs cannot list)`];
}
