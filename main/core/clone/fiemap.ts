import { CowshedError } from '../../../shared/errors';
import { readExtents, type FileExtents } from '../history/fiemap';
import { type ExtentSummary, nativeAddon } from './native';

/** Totals of one file's extents (the one `filefrag` parser lives in history/fiemap.ts). */
export function summarize(f: FileExtents): ExtentSummary {
  const out: ExtentSummary = { size: f.size, extents: f.extents.length, totalBytes: 0, sharedBytes: 0, inlineBytes: 0 };
  for (const e of f.extents) {
    out.totalBytes += e.length;
    if (e.flags.includes('shared')) out.sharedBytes += e.length;
    if (e.flags.includes('inline')) out.inlineBytes += e.length;
  }
  return out;
}

/** FIEMAP of one file (after flushing its dirty data): native ioctl, or `filefrag -v -b1` without the addon. */
export async function extentSummary(path: string): Promise<ExtentSummary> {
  const addon = nativeAddon();
  if (addon) return addon.fiemap(path);
  const f = (await readExtents([path])).get(path);
  if (!f) throw new CowshedError('NOT_SUPPORTED', `FIEMAP could not map ${path}.`);
  return summarize(f);
}

/**
 * Check that cloned files really share blocks (FIEMAP_EXTENT_SHARED). Files whose data is all inline
 * (tiny btrfs files live inside the metadata) or empty have nothing to share and are not counted against.
 * Returns null when no file had data to check.
 */
export async function verifyShared(paths: readonly string[]): Promise<boolean | null> {
  let checked = 0;
  for (const p of paths) {
    let s: ExtentSummary;
    try {
      s = await extentSummary(p);
    } catch {
      return null; // no FIEMAP here (ZFS): sharing cannot be checked this way
    }
    if (s.totalBytes === 0 || s.inlineBytes === s.totalBytes) continue;
    checked++;
    if (s.sharedBytes === 0) return false;
  }
  return checked === 0 ? null : true;
}
