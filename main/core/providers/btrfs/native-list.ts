/**
 * Every subvolume in one pass, without a process: the native addon walks the root tree with the ioctls
 * `btrfs subvolume list` uses (native/clone/btrfs-list.cc) and returns every field at once, including the
 * read-only flag and the creation time of every subvolume (btrfs-progs 6.2 needs a run per view for those,
 * and `show` per subvolume for times of non-snapshots). It needs CAP_SYS_ADMIN, like `subvolume list`; where
 * it cannot run (no addon, not root, COWSHED_BTRFS_LIST=progs) the `list` runs are used instead.
 */
import { nativeAddon } from '../../clone/native';
import type { BtrfsFs } from './btrfs-fs';
import type { Subvol } from './subvol-table';

const KEYS = ['id', 'gen', 'cgen', 'topLevel', 'otime', 'readonly', 'uuid', 'parentUuid', 'receivedUuid', 'path'] as const;

/** The addon's JSON rows, checked for shape (a wrong build must fail loudly, not show wrong data). */
export function decodeNativeList(text: string): Subvol[] {
  const rows = JSON.parse(text) as Subvol[];
  if (!Array.isArray(rows)) throw new Error('native subvolume list: not an array');
  const first = rows[0];
  if (first && KEYS.some((k) => !(k in first))) throw new Error('native subvolume list: rows of an unknown shape');
  return rows;
}

/** Every subvolume (the top level included) natively, or null when that cannot be done here. */
export async function readNative(fs: BtrfsFs): Promise<Subvol[] | null> {
  if (process.env.COWSHED_BTRFS_LIST === 'progs') return null;
  const list = nativeAddon()?.btrfsSubvolumes;
  if (!list) return null;
  let text: string;
  try {
    text = await list(fs.canonical.mountpoint);
  } catch {
    // EPERM (not root: the `list` runs go through the helper), or anything else: btrfs-progs then says what
    // is wrong in its own words, which the error classifier knows.
    return null;
  }
  return decodeNativeList(text);
}
