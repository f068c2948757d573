import { run } from '../exec/run';

/**
 * FIEMAP through `filefrag -v -b1` (e2fsprogs; Node has no ioctl): per-file extent lists, to tell how much of a
 * file is shared with other files or snapshots, and whether two files are the very same blocks.
 */

export interface Extent {
  logical: number;
  physical: number;
  length: number;
  flags: string[];
}

export interface FileExtents {
  path: string;
  size: number;
  extents: Extent[];
}

const SIZE_LINE = /^File size of (.*) is (\d+) \(\d+ blocks? of \d+ bytes\)$/;
const EXTENT_LINE = /^\s*\d+:\s*(\d+)\.\.\s*\d+:\s*(\d+)\.\.\s*\d+:\s*(\d+):\s*(?:\d+:)?\s*(\S*)\s*$/;

/** Parse the output of `filefrag -v -b1 FILE…` (one block per file, in argument order). */
export function parseFilefrag(text: string): FileExtents[] {
  const out: FileExtents[] = [];
  let cur: FileExtents | null = null;
  for (const line of text.split('\n')) {
    const s = SIZE_LINE.exec(line);
    if (s) {
      cur = { path: s[1]!, size: Number(s[2]), extents: [] };
      out.push(cur);
      continue;
    }
    const e = cur ? EXTENT_LINE.exec(line) : null;
    if (e && cur) cur.extents.push({ logical: Number(e[1]), physical: Number(e[2]), length: Number(e[3]), flags: e[4] ? e[4].split(',') : [] });
  }
  return out;
}

/** Bytes in shared and in unshared extents (inline and delayed-allocation data count as unshared). */
export function sharedBytes(f: FileExtents): { shared: number; exclusive: number } {
  let shared = 0;
  let exclusive = 0;
  for (const e of f.extents) {
    if (e.flags.includes('shared')) shared += e.length;
    else exclusive += e.length;
  }
  return { shared, exclusive };
}

const UNSTABLE = ['inline', 'delalloc', 'unknown_loc', 'not_aligned', 'data_inline'];

/**
 * Whether two files are certainly made of the same blocks (so the same content). null when FIEMAP cannot
 * tell: inline or not-yet-allocated data, or no extents at all.
 */
export function sameBlocks(a: FileExtents, b: FileExtents): boolean | null {
  if (a.size !== b.size) return false;
  const unstable = (f: FileExtents) => f.extents.some((e) => e.flags.some((x) => UNSTABLE.includes(x)));
  if (unstable(a) || unstable(b) || a.extents.length === 0 || b.extents.length === 0) return null;
  if (a.extents.length !== b.extents.length) return false;
  return a.extents.every((e, i) => {
    const o = b.extents[i]!;
    return e.logical === o.logical && e.physical === o.physical && e.length === o.length;
  });
}

/**
 * Extents of many files with as few processes as possible (filefrag takes many paths). Files filefrag
 * could not map are missing from the result.
 */
export async function readExtents(paths: readonly string[], signal?: AbortSignal): Promise<Map<string, FileExtents>> {
  const out = new Map<string, FileExtents>();
  for (let i = 0; i < paths.length; i += 200) {
    const part = paths.slice(i, i + 200);
    // `--` so a file name never reads as an option.
    const r = await run('filefrag', ['-v', '-b1', '--', ...part], { okExitCodes: [0, 1], signal, timeoutMs: 120_000 }).catch(() => null);
    if (!r) continue;
    const parsed = parseFilefrag(r.stdout);
    // Match blocks to arguments in order: the printed name is the argument itself.
    for (const f of parsed) if (part.includes(f.path)) out.set(f.path, f);
  }
  return out;
}
