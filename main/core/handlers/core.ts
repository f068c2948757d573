import { lstat, readdir } from 'node:fs/promises';
import type { DirEntry, Volume } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import type { HandlerMap } from '../context';
import { resolvePath, resolveTarget } from '../resolve';
import { btrfsProvider } from '../providers/btrfs/provider';
import { zfsProvider } from '../providers/zfs/provider';
import { withProvider } from '../providers/registry';

const MAX_ENTRIES = 500_000;

function entryType(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): DirEntry['type'] {
  return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
}

/** Probe, volumes, listDir, jobs, journal. */
export const coreHandlers: Pick<HandlerMap, 'probe' | 'volumes' | 'listDir' | 'jobs' | 'job' | 'cancelJob' | 'journal'> = {
  async probe(req, ctx) {
    const p = await ctx.probe(req.refresh ?? true);
    return { mounts: p.mounts, tools: p.tools };
  },

  async volumes(req, ctx) {
    if (req.target) {
      const t = await resolveTarget(ctx, req.target);
      return withProvider(t, (p, tt) => p.listVolumes(ctx, [t.mount!].filter(Boolean), tt));
    }
    const p = await ctx.probe();
    const out: Volume[] = [];
    // Listing btrfs subvolumes needs root: try it where the privileged helper may answer, and leave those
    // filesystems out (the capability matrix already says "needs admin") when no one can.
    const btrfs = p.mounts.filter((m) => m.kind === 'btrfs' && (m.capabilities.listVolumes.ok || m.capabilities.listVolumes.needsAdmin));
    const zfs = p.mounts.filter((m) => m.kind === 'zfs');
    const unlessNeedsAdmin = (e: unknown): Volume[] => {
      if (e instanceof CowshedError && e.code === 'NEEDS_ADMIN') return [];
      throw e;
    };
    if (btrfs.length) out.push(...(await btrfsProvider.listVolumes(ctx, btrfs, null).catch(unlessNeedsAdmin)));
    if (zfs.length) out.push(...(await zfsProvider.listVolumes(ctx, zfs, null).catch(unlessNeedsAdmin)));
    return out;
  },

  async listDir(req, ctx) {
    const { path } = await resolvePath(ctx, req.path, 'Folder');
    const st = await lstat(path);
    if (!st.isDirectory()) throw new CowshedError('INVALID_PATH', `${path} is not a folder.`);
    const names = await readdir(path);
    const truncated = names.length > MAX_ENTRIES;
    const entries: DirEntry[] = [];
    const batch = 256;
    const list = names.slice(0, MAX_ENTRIES);
    for (let i = 0; i < list.length; i += batch) {
      const part = await Promise.all(
        list.slice(i, i + batch).map(async (name) => {
          try {
            const s = await lstat(path === '/' ? '/' + name : path + '/' + name);
            const e: DirEntry = { name, type: entryType(s), size: s.size, mtime: s.mtime.toISOString(), mode: s.mode, ino: s.ino };
            if (s.isDirectory() && s.ino === 256 && st.dev !== s.dev) e.volumeRoot = true; // btrfs subvolume root
            return e;
          } catch {
            return null; // vanished meanwhile
          }
        }),
      );
      for (const e of part) if (e) entries.push(e);
    }
    return { path, entries, truncated };
  },

  async jobs(_req, ctx) {
    return ctx.jobs.list();
  },
  async job(req, ctx) {
    return req.wait ? ctx.jobs.wait(req.id) : ctx.jobs.get(req.id);
  },
  async cancelJob(req, ctx) {
    return ctx.jobs.cancel(req.id);
  },
  async journal(req, ctx) {
    return ctx.journal.read(req.limit ?? 200);
  },
};
