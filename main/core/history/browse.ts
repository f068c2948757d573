import { open } from 'node:fs/promises';
import type { FilePreview } from '../../../shared/contract/history';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { resolvePath, resolveTarget } from '../resolve';
import { releaseClone } from './browse-clones';
import { openRoot } from './roots';
import { resolveSide } from './sides';

/** Browsing snapshots (a read-only folder for each) and previewing files in them. */

/** A read-only folder with the snapshot's files; on zfs-fuse a temporary clone held until released. */
export async function browseSnapshot(ctx: CoreContext, target: string): Promise<{ snapshot: string; path: string; temporary: boolean }> {
  const side = await resolveSide(ctx, target);
  if (side.fs === 'zfs' && side.snapshot === null)
    throw new CowshedError('USAGE', `${side.label} is a dataset, not a snapshot: its files are at its mountpoint.`);
  if (side.fs === 'btrfs' && !side.info.readonly && !side.info.parentUuid)
    throw new CowshedError('USAGE', `${side.label} is a subvolume, not a snapshot: its files are right there.`);
  const root = await openRoot(ctx, side);
  return { snapshot: side.id, path: root.path, temporary: root.temporary };
}

/** Stop browsing: a temporary clone is destroyed now; other snapshots need nothing. */
export async function releaseSnapshot(ctx: CoreContext, target: string): Promise<{ released: boolean }> {
  const t = await resolveTarget(ctx, target);
  if (t.kind !== 'zfs' || !t.name.includes('@')) return { released: false };
  return { released: await releaseClone(ctx, t.name, { now: true }) };
}

/** Decode as UTF-8 text, or null when the bytes are not text (a NUL, or invalid UTF-8 before the cut). */
export function asText(buf: Buffer, cut: boolean): string | null {
  if (buf.includes(0)) return null;
  // A multi-byte character split by the cut is not a sign of binary data.
  for (let trim = 0; trim <= (cut ? 3 : 0); trim++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - trim));
    } catch {
      /* try a shorter tail */
    }
  }
  return null;
}

/** The first bytes of a regular file inside a managed mount (live, or a browsed snapshot). */
export async function previewFile(ctx: CoreContext, path: string, maxBytes = 64 * 1024): Promise<FilePreview> {
  let resolved;
  try {
    resolved = await resolvePath(ctx, path, 'File');
  } catch (e) {
    // A temporary clone mounted a moment ago may be newer than the cached mount table.
    if (!(e instanceof CowshedError) || e.code !== 'OUTSIDE_MOUNTS') throw e;
    await ctx.probe(true);
    resolved = await resolvePath(ctx, path, 'File');
  }
  const fh = await open(resolved.path, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new CowshedError('INVALID_PATH', `${path} is not a regular file.`);
    const want = Math.min(maxBytes, st.size);
    const buf = Buffer.alloc(want);
    const { bytesRead } = await fh.read(buf, 0, want, 0);
    const data = buf.subarray(0, bytesRead);
    const truncated = st.size > bytesRead;
    const text = asText(data, truncated);
    return { path: resolved.path, size: st.size, text, binary: text === null, truncated };
  } finally {
    await fh.close();
  }
}
