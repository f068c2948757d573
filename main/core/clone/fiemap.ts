import { run } from '../exec/run';
import { type ExtentSummary, nativeAddon } from './native';

/**
 * Parse `filefrag -v` output (e2fsprogs): the block size from the header, then one row per extent whose
 * last column holds flags such as "shared", "inline", "last". Lengths are in blocks.
 */
export function parseFilefrag(text: string): ExtentSummary {
  const sizeM = /File size of .* is (\d+) \((\d+) blocks? of (\d+) bytes\)/.exec(text);
  if (!sizeM) throw new Error('filefrag: no "File size of" header');
  const size = Number(sizeM[1]);
  const block = Number(sizeM[3]);
  const out: ExtentSummary = { size, extents: 0, totalBytes: 0, sharedBytes: 0, inlineBytes: 0 };
  // "   0:        0..       1:       3329..      3330:      2:             last,shared,eof"
  const row = /^\s*\d+:\s+\d+\.\.\s*\d+:\s+\d+\.\.\s*\d+:\s+(\d+):(?:\s+\d+:)?\s*([\w,]*)\s*$/;
  for (const line of text.split('\n')) {
    const m = row.exec(line);
    if (!m) continue;
    const bytes = Number(m[1]) * block;
    const flags = (m[2] ?? '').split(',');
    out.extents++;
    out.totalBytes += bytes;
    if (flags.includes('shared')) out.sharedBytes += bytes;
    if (flags.includes('inline')) out.inlineBytes += bytes;
  }
  return out;
}

/** FIEMAP of one file (after flushing its dirty data): native ioctl, or `filefrag -v -s` without the addon. */
export async function extentSummary(path: string): Promise<ExtentSummary> {
  const addon = nativeAddon();
  if (addon) return addon.fiemap(path);
  const r = await run('filefrag', ['-v', '-s', path], { timeoutMs: 30_000 });
  return parseFilefrag(r.stdout);
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
