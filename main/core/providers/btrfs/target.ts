/**
 * Which subvolume a target names. Ids (`btrfs:<mountpoint>:<path from the top level>`) name a subvolume
 * directly. A path names the subvolume whose root it is; for read-only questions (snapshots, lineage,
 * volumes) a folder inside a subvolume stands for that subvolume, but anything that changes a subvolume
 * needs the subvolume's own root, so a typo cannot snapshot, rename or delete the enclosing one.
 */
import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import type { BtrfsTarget } from '../types';
import { btrfsFs, locatePath, reachable, subvolId, type BtrfsFs, type PathLocation } from './btrfs-fs';
import type { Subvol, SubvolTable } from './subvol-table';

/** A target pinned to its filesystem, before any listing. */
export interface TargetRef {
  fs: BtrfsFs;
  target: BtrfsTarget;
  /** Full path of the subvolume, when known without listing (ids, and paths inside a subvolume root). */
  subvolPath: string | null;
  /** For path targets: where the path lies. */
  location: PathLocation | null;
}

/** Resolve a target to its filesystem and subvolume path; `mustBeRoot` refuses folders inside a subvolume. */
export async function openTarget(ctx: CoreContext, t: BtrfsTarget, mustBeRoot: boolean): Promise<TargetRef> {
  const fs = await btrfsFs(ctx, t.mount);
  if (t.subvolPath !== null) return { fs, target: t, subvolPath: t.subvolPath, location: null };
  const location = locatePath(t.mount, t.path!);
  if (mustBeRoot && !location.isRoot) {
    const where = location.subvolume === null ? 'a folder' : `a folder inside subvolume ${subvolId(fs, location.subvolume)}`;
    throw new CowshedError('INVALID_PATH', `${t.path} is ${where}, not a subvolume. Name the subvolume itself (its root folder or its btrfs: id).`);
  }
  return { fs, target: t, subvolPath: location.subvolume, location };
}

/** The error for an id or path that names no subvolume. */
export const noSuchSubvolume = (fs: BtrfsFs, fullPath: string): CowshedError =>
  new CowshedError('NOT_FOUND', `There is no subvolume ${subvolId(fs, fullPath)} (listed through ${fs.canonical.mountpoint}).`);

/** The subvolume a target names, in a table read after `openTarget`. */
export function findIn(table: SubvolTable, ref: TargetRef): Subvol {
  if (ref.subvolPath === null) return table.containing(ref.location!.location);
  const s = table.byPath.get(ref.subvolPath);
  if (!s) throw noSuchSubvolume(ref.fs, ref.subvolPath);
  return s;
}

/** The path a subvolume can be reached at: the path the user gave, or one through any mount of its filesystem. */
export function pathOf(ref: TargetRef, fullPath: string): string {
  if (ref.target.path !== null && ref.location?.isRoot && ref.subvolPath === fullPath) return ref.target.path;
  const p = reachable(ref.fs, fullPath, ref.target.mount);
  if (p === null)
    throw new CowshedError('NOT_SUPPORTED', `${subvolId(ref.fs, fullPath)} is not reachable through any mount right now; mount the filesystem's top level (or a subvolume that contains it) first.`);
  return p;
}
