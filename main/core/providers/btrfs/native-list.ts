/**
 * Every subvolume in one pass, without a process: the native addon walks the root tree with the ioctls
 * `btrfs subvolume list` uses (native/clone/btrfs-list.cc) and returns every field at once, including the
 * read-only flag and the creation time of every subvolume (btrfs-progs 6.2 needs a run per view for those,
 * and `show` per subvolume for times of non-snapshots). It needs CAP_SYS_ADMIN, like `subvolume list`; where
 * it cannot run (no addon, not root, COWSHED_BTRFS_LIST=progs) the `list` runs are used instead.
 */
import { nativeAddon } from '../../clone/native';
import type { BtrfsFs } from './btrfs-fs';
import type { SubvolRows } from './rows';
import type { Subvol } from './subvol-table';

/** What the addon resolves with: the rows in columns (the layout is described at the top of btrfs-list.cc). */
export interface NativeList {
  format: number;
  nums: Float64Array;
  text: string;
  /** Paths that are not ASCII, by row, decoded from UTF-8 (U+FFFD for bytes that are not UTF-8). */
  exotic?: Record<number, string>;
}

const FORMAT = 3;
/** Numbers per row in `nums`: id, generation, ogen, top level, flags, text start, path length, parent row. */
const WIDTH = 8;
/** Fixed text per row before the path: three uuids (36 each) and the creation time (24). */
const FIXED = 36 * 3 + 24;
const READONLY = 1;
const UUID = 2;
const PARENT_UUID = 4;
const RECEIVED_UUID = 8;
const OTIME = 16;
const EXOTIC = 32;

/** The addon's columns, read in place. Strings are slices of its one text, made when asked for. */
class NativeRows implements SubvolRows {
  readonly length: number;
  private readonly nums: Float64Array;
  private readonly text: string;
  private readonly exotic: Record<number, string> | undefined;

  constructor(list: NativeList) {
    this.nums = list.nums;
    this.text = list.text;
    this.exotic = list.exotic;
    this.length = this.nums.length / WIDTH;
  }

  row(i: number, into?: Subvol): Subvol {
    const { nums, text } = this;
    const o = i * WIDTH;
    const flags = nums[o + 4]!;
    const at = nums[o + 5]!;
    const id = nums[o]!;
    const path = this.path(i);
    const topLevel = nums[o + 3]!;
    const gen = nums[o + 1]!;
    const cgen = nums[o + 2]!;
    const uuid = flags & UUID ? text.slice(at, at + 36) : null;
    const parentUuid = flags & PARENT_UUID ? text.slice(at + 36, at + 72) : null;
    const receivedUuid = flags & RECEIVED_UUID ? text.slice(at + 72, at + 108) : null;
    const otime = flags & OTIME ? text.slice(at + 108, at + FIXED) : null;
    const readonly = (flags & READONLY) !== 0;
    if (!into) return { id, path, topLevel, gen, cgen, uuid, parentUuid, receivedUuid, otime, readonly };
    into.id = id;
    into.path = path;
    into.topLevel = topLevel;
    into.gen = gen;
    into.cgen = cgen;
    into.uuid = uuid;
    into.parentUuid = parentUuid;
    into.receivedUuid = receivedUuid;
    into.otime = otime;
    into.readonly = readonly;
    return into;
  }

  all(): Subvol[] {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }

  id(i: number): number {
    return this.nums[i * WIDTH]!;
  }

  path(i: number): string {
    const o = i * WIDTH;
    if (this.nums[o + 4]! & EXOTIC) {
      const p = this.exotic?.[i];
      if (typeof p !== 'string') throw new Error(`native subvolume list: row ${i} has no path`);
      return p;
    }
    const at = this.nums[o + 5]! + FIXED;
    return this.text.slice(at, at + this.nums[o + 6]!);
  }

  pathIs(i: number, p: string): boolean {
    const o = i * WIDTH;
    if (this.nums[o + 4]! & EXOTIC) return this.path(i) === p;
    return this.nums[o + 6] === p.length && this.text.startsWith(p, this.nums[o + 5]! + FIXED);
  }

  cgen(i: number): number {
    return this.nums[i * WIDTH + 2]!;
  }

  readonly(i: number): boolean {
    return (this.nums[i * WIDTH + 4]! & READONLY) !== 0;
  }

  hasTime(i: number): boolean {
    return (this.nums[i * WIDTH + 4]! & OTIME) !== 0;
  }

  parentUuid(i: number): string | null {
    const o = i * WIDTH;
    if (!(this.nums[o + 4]! & PARENT_UUID)) return null;
    const at = this.nums[o + 5]!;
    return this.text.slice(at + 36, at + 72);
  }

  parentRow(i: number): number {
    return this.nums[i * WIDTH + 7]!;
  }
}

/**
 * The addon's columns as rows, checked for layout (a wrong build must fail loudly, not show wrong data): the
 * format, the shape of the columns, and that the text holds the last row (rows are laid out in order).
 */
export function decodeNativeList(list: NativeList): SubvolRows {
  const { nums, text } = list;
  if (list.format !== FORMAT || !(nums instanceof Float64Array) || nums.length % WIDTH !== 0 || typeof text !== 'string')
    throw new Error(`native subvolume list: unknown layout (format ${String(list.format)}); rebuild the addon (npm run build)`);
  const last = nums.length - WIDTH;
  if (last >= 0 && nums[last + 5]! + FIXED + nums[last + 6]! !== text.length) throw new Error('native subvolume list: the text does not match the rows');
  return new NativeRows(list);
}

/**
 * Every subvolume (the top level included) natively, or null when that cannot be done here. `early` is the list
 * this request started before resolving its target (`takeEarly`), used instead of walking again.
 */
export async function readNative(fs: BtrfsFs, early?: Promise<unknown>): Promise<SubvolRows | null> {
  if (process.env.COWSHED_BTRFS_LIST === 'progs') return null;
  const list = nativeAddon()?.btrfsSubvolumes;
  if (!list) return null;
  let raw: NativeList;
  try {
    raw = await ((early as Promise<NativeList> | undefined) ?? list(fs.canonical.mountpoint));
  } catch {
    // EPERM (not root: the `list` runs go through the helper), or anything else: btrfs-progs then says what
    // is wrong in its own words, which the error classifier knows.
    return null;
  }
  return decodeNativeList(raw);
}
