/**
 * Subvolumes by row number, read field by field. A listing of 10,000 snapshots then needs no object per
 * subvolume until one is converted for output: the native list answers from its columns, and rows read
 * with btrfs-progs are wrapped as they are.
 */
import type { Subvol } from './subvol-table';

export interface SubvolRows {
  readonly length: number;
  /**
   * Row `i` as a Subvol. The native list makes a new object each time, or fills `into` when given (a loop over
   * thousands of rows then allocates one; the caller must not keep it past the next call).
   */
  row(i: number, into?: Subvol): Subvol;
  /** Every row as Subvol objects (for callers that index them all). */
  all(): Subvol[];
  id(i: number): number;
  path(i: number): string;
  /** Whether row `i`'s path is `p` (without making the path string). */
  pathIs(i: number, p: string): boolean;
  cgen(i: number): number | null;
  readonly(i: number): boolean;
  hasTime(i: number): boolean;
  parentUuid(i: number): string | null;
  /** The row of the subvolume row `i` is a snapshot of (its parent uuid), or -1 when that is not listed. */
  parentRow(i: number): number;
}

/** Rows that are already objects (from the btrfs-progs route). */
export class ArrayRows implements SubvolRows {
  private parents: Int32Array | undefined;
  constructor(private readonly rows: Subvol[]) {}
  get length(): number {
    return this.rows.length;
  }
  row(i: number): Subvol {
    return this.rows[i]!;
  }
  all(): Subvol[] {
    return this.rows;
  }
  id(i: number): number {
    return this.rows[i]!.id;
  }
  path(i: number): string {
    return this.rows[i]!.path;
  }
  pathIs(i: number, p: string): boolean {
    return this.rows[i]!.path === p;
  }
  cgen(i: number): number | null {
    return this.rows[i]!.cgen;
  }
  readonly(i: number): boolean {
    return this.rows[i]!.readonly;
  }
  hasTime(i: number): boolean {
    return this.rows[i]!.otime !== null;
  }
  parentUuid(i: number): string | null {
    return this.rows[i]!.parentUuid;
  }
  parentRow(i: number): number {
    if (!this.parents) {
      const byUuid = new Map<string, number>();
      this.rows.forEach((r, j) => r.uuid && byUuid.set(r.uuid, j));
      this.parents = Int32Array.from(this.rows, (r) => (r.parentUuid ? (byUuid.get(r.parentUuid) ?? -1) : -1));
    }
    return this.parents[i]!;
  }
}
