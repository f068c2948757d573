import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileVersion } from '../../../shared/contract/history';
import type { Snapshot } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { volumeHandlers } from '../handlers/volumes';
import { acquireClone, releaseClone } from './browse-clones';
import { lstatLiteSync, sameBytes } from './compare';
import { readExtents, sameBlocks, type FileExtents } from './fiemap';
import { locate, type Located } from './locate';
import { zfsSnapshotDir } from './roots';
import { collapse, type Appearance } from './versions-collapse';

/**
 * `versions FILE`: the distinct versions of a file across every snapshot of its volume, oldest first, the live
 * file last; with `deleted`, the path may be gone live and the answer is where it is still held.
 */

const createdSec = (s: Snapshot): number | null => {
  const t = s.created ? Date.parse(s.created) : NaN;
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
};

/** Where each snapshot's copy of the volume can be read; zfs-fuse snapshots get temporary clones. */
async function snapshotRoots(ctx: CoreContext, loc: Located, snaps: Snapshot[]): Promise<{ snap: Snapshot; root: string; temporary: boolean }[]> {
  const out: { snap: Snapshot; root: string; temporary: boolean }[] = [];
  const openzfs = loc.fs === 'zfs' && (await ctx.probe()).toolset.zfs.flavor === 'openzfs';
  for (const snap of snaps) {
    if (snap.browsePath) out.push({ snap, root: snap.browsePath, temporary: false });
    else if (loc.fs === 'zfs' && openzfs) out.push({ snap, root: zfsSnapshotDir(loc.mount.mountpoint, snap.name), temporary: false });
    else if (loc.fs === 'zfs') out.push({ snap, root: await acquireClone(ctx, snap.fullName), temporary: true });
    // A btrfs snapshot outside every mounted subvolume has no path to read it through: it is skipped.
  }
  return out;
}

const join = (root: string, rel: string) => (rel ? (root === '/' ? `/${rel}` : `${root}/${rel}`) : root);

/** Extent identity of a file as one string, or null when FIEMAP cannot tell (inline, unallocated). */
const blocksKey = (f: FileExtents | undefined): string | null =>
  f && sameBlocks(f, f) === true ? f.extents.map((e) => `${e.logical}:${e.physical}:${e.length}`).join(';') : null;

async function sha256(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', () => resolve(null));
  });
}

/** The versions of one file (or folder), oldest first. */
export async function fileVersions(ctx: CoreContext, req: { path: string; deleted?: boolean; hash?: boolean }): Promise<FileVersion[]> {
  const loc = await locate(ctx, req.path, { allowMissing: req.deleted === true });
  if (!loc.exists && !req.deleted) throw new CowshedError('PATH_NOT_FOUND', `${req.path} does not exist (use --deleted to find it in snapshots).`);
  if (loc.rel === '') throw new CowshedError('INVALID_PATH', `${loc.path} is the root of a volume: list its snapshots instead.`);
  const snaps = await volumeHandlers.snapshots({ target: loc.volumeTarget }, ctx);
  const roots = await snapshotRoots(ctx, loc, snaps);
  const items: Appearance[] = [];
  const unused: string[] = [];
  for (const r of roots) {
    const path = join(r.root, loc.rel);
    const stat = lstatLiteSync(path);
    if (stat) items.push({ path, stat, snapshot: { id: r.snap.id, name: r.snap.name, createdSec: createdSec(r.snap) }, temporary: r.temporary });
    else if (r.temporary) unused.push(r.snap.fullName);
  }
  for (const s of unused) await releaseClone(ctx, s, { now: true }).catch(() => undefined);
  if (loc.exists) {
    const stat = lstatLiteSync(loc.path);
    if (stat) items.push({ path: loc.path, stat, snapshot: null });
  }
  const fiemap = loc.fs === 'btrfs';
  // Extents are read only for the files a decision needs, in as few filefrag runs as possible.
  const extents = new Map<string, FileExtents>();
  const asked = new Set<string>();
  const need = async (paths: string[]) => {
    const fresh = fiemap ? paths.filter((p) => !asked.has(p) && lstatLiteSync(p)?.type === 'file') : [];
    for (const p of fresh) asked.add(p);
    if (fresh.length) for (const [k, v] of await readExtents(fresh)) extents.set(k, v);
  };
  const runs = await collapse(
    items,
    async (checks) => {
      await need(checks.flatMap((c) => [c.prev.path, c.cur.path]));
      return Promise.all(
        checks.map(async ({ prev, cur, relation }) => {
          const a = extents.get(prev.path);
          const b = extents.get(cur.path);
          const blocks = a && b ? sameBlocks(a, b) : null;
          if (relation === 'check-blocks') return blocks === true;
          if (blocks !== null) return blocks;
          if (cur.stat.type !== 'file') return cur.stat.type === 'dir' || prev.stat.size === cur.stat.size;
          return sameBytes(prev.path, cur.path).catch(() => false);
        }),
      );
    },
    {
      blocks: fiemap
        ? async (paths) => {
            await need(paths);
            return paths.map((p) => blocksKey(extents.get(p)));
          }
        : undefined,
      hash: req.hash ? async (paths) => Promise.all(paths.map((p) => (lstatLiteSync(p)?.type === 'file' ? sha256(p) : null))) : undefined,
    },
  );
  // Temporary clones are kept (for previews) only for the copy each version shows; the rest go now.
  const shown = new Set(runs.map((r) => r.items.find((i) => i.snapshot !== null)?.snapshot?.id));
  for (const r of roots) if (r.temporary && !unused.includes(r.snap.fullName) && !shown.has(r.snap.id)) await releaseClone(ctx, r.snap.fullName, { now: true }).catch(() => undefined);
  return runs.map((run) => {
    const live = run.items.find((i) => i.snapshot === null);
    const rep = live ?? run.items[run.items.length - 1]!;
    const inSnaps = run.items.filter((i) => i.snapshot !== null);
    const v: FileVersion = {
      path: live ? live.path : inSnaps[0]!.path,
      live: live !== undefined,
      size: Number(rep.stat.size),
      mtime: new Date(Number(rep.stat.mtimeNs / 1_000_000n)).toISOString(),
      snapshots: inSnaps.map((i) => i.snapshot!.id),
      snapshotNames: inSnaps.map((i) => i.snapshot!.name),
      hash: run.hash,
    };
    if (!live && inSnaps[0]!.temporary) v.temporary = true;
    return v;
  });
}
