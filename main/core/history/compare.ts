import { lstatSync, type BigIntStats } from 'node:fs';
import { lstat, open, readlink } from 'node:fs/promises';
import { readExtents, sameBlocks } from './fiemap';
import type { EntryType } from './types';

/**
 * Deciding whether an entry changed between two trees, the same way for every diff engine: identity is the
 * inode number (kept by btrfs snapshots and ZFS snapshots and clones); content changed when the size
 * differs, or when the times moved and the blocks (FIEMAP) or, failing that, the bytes differ; metadata
 * changed when mode, owner, mtime or (not for renames, which bump it) ctime moved without a link-count change.
 */

/** The stat fields the comparisons use, at nanosecond precision. */
export interface StatLite {
  ino: bigint;
  dev: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  type: EntryType;
}

const typeOf = (s: BigIntStats): EntryType => (s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other');

/** Reduce a bigint stat to the fields compared. */
export function toLite(s: BigIntStats): StatLite {
  return {
    ino: s.ino, dev: s.dev, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
    mode: Number(s.mode & 0o7777n), uid: Number(s.uid), gid: Number(s.gid), nlink: Number(s.nlink), type: typeOf(s),
  };
}

/** lstat, or null when the entry does not exist (or cannot be read). */
export async function lstatLite(p: string): Promise<StatLite | null> {
  try {
    return toLite(await lstat(p, { bigint: true }));
  } catch {
    return null;
  }
}

/** Synchronous lstat for hot loops over many small calls (versions across many snapshots). */
export function lstatLiteSync(p: string): StatLite | null {
  try {
    const s = lstatSync(p, { bigint: true, throwIfNoEntry: false });
    return s ? toLite(s) : null;
  } catch {
    return null;
  }
}

export type Verdict = 'same' | 'content' | 'meta';

/**
 * Whole-second timestamps (zfs-fuse keeps no fractions): two changes within one second leave equal stats.
 * Nanosecond timestamps (btrfs, OpenZFS) show every change except within one clock tick, which is accepted.
 */
export const coarse = (s: StatLite): boolean => s.ctimeNs % 1_000_000_000n === 0n && s.mtimeNs % 1_000_000_000n === 0n;

const ownerOrMode = (a: StatLite, b: StatLite) => a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid;

/** The verdict once content is known to be equal (or not). */
function afterContent(a: StatLite, b: StatLite, renamed: boolean): Verdict {
  if (ownerOrMode(a, b) || a.mtimeNs !== b.mtimeNs) return 'meta';
  if (!renamed && a.ctimeNs !== b.ctimeNs && a.nlink === b.nlink && a.type !== 'dir') return 'meta';
  return 'same';
}

/**
 * Compare two stats of the same entry; 'check' means the content must be compared to decide. `since` (epoch
 * seconds) is when the older side was taken: with whole-second timestamps, equal stats prove nothing for an
 * entry whose change time is not clearly before it.
 */
export function compareStats(a: StatLite, b: StatLite, renamed: boolean, since?: number | null): Verdict | 'check' {
  if (a.type !== b.type) return 'content';
  if (a.type === 'dir') return ownerOrMode(a, b) ? 'meta' : 'same';
  if (a.size !== b.size) return 'content';
  if (a.mtimeNs !== b.mtimeNs || (!renamed && a.ctimeNs !== b.ctimeNs)) return 'check';
  if (since != null && a.type === 'file' && coarse(b) && Number(b.ctimeNs / 1_000_000_000n) >= since - 1) return 'check';
  return ownerOrMode(a, b) ? 'meta' : 'same';
}

/** Byte comparison with an early exit. */
export async function sameBytes(pa: string, pb: string, signal?: AbortSignal): Promise<boolean> {
  const [fa, fb] = await Promise.all([open(pa, 'r'), open(pb, 'r')]);
  try {
    const size = 1 << 20;
    const ba = Buffer.allocUnsafe(size);
    const bb = Buffer.allocUnsafe(size);
    for (;;) {
      if (signal?.aborted) throw new Error('cancelled');
      const [ra, rb] = await Promise.all([fa.read(ba, 0, size, null), fb.read(bb, 0, size, null)]);
      if (ra.bytesRead !== rb.bytesRead) return false;
      if (ra.bytesRead === 0) return true;
      if (!ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
    }
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

/** One pending comparison: two paths and their stats. */
export interface Pair {
  a: string;
  b: string;
  sa: StatLite;
  sb: StatLite;
  renamed: boolean;
}

/**
 * Final verdicts for many pairs: stats first, then FIEMAP in batches (when the filesystem maps extents),
 * then bytes for what FIEMAP cannot tell.
 */
export async function decide(pairs: readonly Pair[], opts: { fiemap: boolean; signal?: AbortSignal; since?: number | null }): Promise<Verdict[]> {
  const out: (Verdict | 'check')[] = pairs.map((p) => compareStats(p.sa, p.sb, p.renamed, opts.since));
  const pending = out.flatMap((v, i) => (v === 'check' ? [i] : []));
  if (!pending.length) return out as Verdict[];
  const extents = opts.fiemap
    ? await readExtents(pending.flatMap((i) => (pairs[i]!.sa.type === 'file' ? [pairs[i]!.a, pairs[i]!.b] : [])), opts.signal)
    : new Map();
  for (const i of pending) {
    const p = pairs[i]!;
    let same: boolean | null = null;
    if (p.sa.type === 'symlink') same = (await readlink(p.a).catch(() => null)) === (await readlink(p.b).catch(() => undefined));
    else if (p.sa.type === 'file') {
      const ea = extents.get(p.a);
      const eb = extents.get(p.b);
      same = ea && eb ? sameBlocks(ea, eb) : null;
      if (same === null) same = await sameBytes(p.a, p.b, opts.signal).catch(() => false);
    } else same = true;
    out[i] = same ? afterContent(p.sa, p.sb, p.renamed) : 'content';
  }
  return out as Verdict[];
}
