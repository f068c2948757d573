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

const FIELDS = 10;

/** Decode the addon's records: `id gen ogen top otimeSec otimeNsec flags uuid parentUuid receivedUuid path\0`. */
export function decodeNativeList(s: string): Subvol[] {
  const out: Subvol[] = [];
  const f: string[] = new Array<string>(FIELDS);
  for (let i = 0; i < s.length; ) {
    const end = s.indexOf('\0', i);
    if (end < 0) throw new Error('native subvolume list: a record without its end');
    let p = i;
    for (let k = 0; k < FIELDS; k++) {
      const t = s.indexOf('\t', p);
      if (t < 0 || t > end) throw new Error('native subvolume list: a record with too few fields');
      f[k] = s.slice(p, t);
      p = t + 1;
    }
    const sec = Number(f[4]);
    const nsec = Number(f[5]);
    const uuid = (x: string) => (x === '-' ? null : x);
    out.push({
      id: Number(f[0]),
      gen: Number(f[1]),
      cgen: Number(f[2]),
      topLevel: Number(f[3]),
      // No time is 0 on disk (root items from before kernel 3.5): btrfs-progs prints "-" for it.
      otime: sec === 0 && nsec === 0 ? null : new Date(sec * 1000 + Math.floor(nsec / 1e6)).toISOString(),
      readonly: (Number(f[6]) & 1) === 1, // BTRFS_ROOT_SUBVOL_RDONLY
      uuid: uuid(f[7]!),
      parentUuid: uuid(f[8]!),
      receivedUuid: uuid(f[9]!),
      path: s.slice(p, end),
    });
    i = end + 1;
  }
  return out;
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
