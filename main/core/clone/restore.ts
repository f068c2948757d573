import { lstatSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Plan, PlanItem } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import { assertValid, checkAbsolutePath } from '../../../shared/validate';
import type { CoreContext } from '../context';
import type { PlanExecutor } from '../plans/plan-store';
import { type Placement, buildAndPlace } from './build-and-place';
import { joinPath, locateDestination, locateSource, mountTable } from './locate';
import { beforeRestoreName, firstFree } from './naming';
import { refusedReason, reflinkVerdict } from './reflink-verdict';
import { copyResult } from './run-clone';
import { type BrowseSnapshot, liveVolumeRoot, snapshotDirectory } from './snapshot-dir';

export interface RestoreRequest {
  path: string;
  snapshot: string;
  to?: string;
  mode?: 'keep-both' | 'overwrite';
}

const identity = (st: Stats) => ({ ino: st.ino, size: st.size, mtimeMs: Math.round(st.mtimeMs), dev: st.dev });
const kindOf = (st: Stats): PlanItem['type'] => (st.isDirectory() ? 'folder' : 'file');
const lstatOrNull = (p: string) => {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
};

/** Where in the snapshot the live path's earlier version is, and where it goes back to. */
function restorePaths(livePath: string, snapDir: string, to: string | undefined): { source: string; dest: string } {
  const inSnapshot = livePath === snapDir || livePath.startsWith(snapDir + '/');
  if (inSnapshot) {
    if (!to) throw new CowshedError('USAGE', `${livePath} is inside the snapshot: say where to restore it to (--to DEST).`);
    return { source: livePath, dest: to };
  }
  const table = mountTable();
  const parent = locateSource(dirname(livePath), 'Folder', table);
  const live = joinPath(parent.path, basename(livePath));
  const root = liveVolumeRoot(live, parent.mount);
  const rel = live.slice(root === '/' ? 1 : root.length + 1);
  return { source: join(snapDir, rel), dest: to ?? live };
}

/**
 * Plan copying a file or folder out of a snapshot into the live volume by reflink. When something is at
 * the destination, the plan says what happens to it: kept as "name (before restore)" (default) or replaced.
 */
export async function planRestore(ctx: CoreContext, req: RestoreRequest, browse: BrowseSnapshot, release: (snapshot: string) => Promise<unknown>): Promise<Plan> {
  assertValid(checkAbsolutePath(req.path, 'File'));
  const snap = await snapshotDirectory(req.snapshot, browse);
  const { source: srcPath, dest } = restorePaths(req.path, snap.dir, req.to);
  const table = mountTable();
  let source;
  try {
    source = locateSource(srcPath, 'Source', table);
  } catch (e) {
    if (e instanceof CowshedError && e.code === 'PATH_NOT_FOUND')
      throw new CowshedError('PATH_NOT_FOUND', `${srcPath.slice(snap.dir.length + 1) || basename(srcPath)} is not in snapshot ${snap.label}.`);
    throw e;
  }
  const destination = locateDestination(dest, source, table);
  const verdict = await reflinkVerdict(ctx, source.mount, destination.mount);
  const mode = req.mode ?? 'keep-both';
  const existing = destination.existing;
  const placement: Placement = !existing ? 'new' : mode === 'overwrite' ? 'replace' : 'keep-both';
  const how = verdict.ok ? 'by reflink (shares blocks with the snapshot)' : `by copying the data (${verdict.reason})`;
  const items: PlanItem[] = [];
  const summary = [`Restore ${source.path} from ${snap.label} to ${destination.path} ${how}.`];
  const warnings: string[] = [];
  let keepAs: string | null = null;
  if (existing && placement === 'keep-both') {
    const folder = dirname(destination.path);
    keepAs = join(folder, firstFree(folder, (n) => beforeRestoreName(basename(destination.path), n, !existing.isDirectory())));
    items.push({ action: 'rename', id: destination.path, label: `${destination.path} → ${keepAs}`, type: kindOf(existing), identity: identity(existing), bytes: existing.size });
    summary.push(`The current ${kindOf(existing)} is kept as ${basename(keepAs)}.`);
  } else if (existing) {
    items.push({ action: 'replace', id: destination.path, label: destination.path, type: kindOf(existing), identity: identity(existing), bytes: existing.size, note: 'the current version is deleted' });
    warnings.push(`The current ${destination.path} is replaced and deleted; only a snapshot that holds it can bring it back.`);
  }
  items.push({ action: 'create', id: destination.path, label: `${source.path} → ${destination.path}`, type: kindOf(source.stat), identity: identity(source.stat), bytes: source.stat.size });
  const policy = verdict.ok ? 'always' : 'auto';
  const executor: PlanExecutor = {
    key: () => `fs:${destination.mount.device}`,
    async revalidate(plan) {
      const now = lstatOrNull(source.path);
      const dst = lstatOrNull(destination.path);
      const same = (a: Stats | null, b: Stats | null) => (a === null && b === null) || (a !== null && b !== null && JSON.stringify(identity(a)) === JSON.stringify(identity(b)));
      if (!same(now, source.stat) || !same(dst, existing)) throw new CowshedError('PLAN_STALE', `${plan.target} changed since the plan was made; make a new plan.`);
    },
    async execute(_plan, job) {
      try {
        const o = await buildAndPlace(ctx, job, {
          src: source.path,
          dest: destination.path,
          policy,
          copyFromStart: !verdict.ok,
          refused: (code) => refusedReason(destination.mount, code),
          placement,
          isFile: !source.stat.isDirectory(),
        });
        const mechanism = source.stat.isDirectory() ? 'tree-copy' : verdict.ok ? 'reflink-file' : 'copy-file';
        const notes = verdict.ok ? [] : [`Copied in full, not shared: ${verdict.reason}.`];
        // A temporary browse clone's path means nothing afterwards: name the snapshot instead.
        const shown = snap.browsed ? `${snap.label}:${source.path.slice(snap.dir.length) || '/'}` : source.path;
        return copyResult({ source: shown, destination: destination.path, mechanism }, o, notes);
      } finally {
        if (snap.browsed) await release(snap.browsed).catch(() => undefined);
      }
    },
  };
  return ctx.plans.put(
    {
      kind: 'restore',
      fs: destination.mount.kind,
      target: destination.path,
      title: `Restore ${basename(destination.path)} from ${snap.label}`,
      summary,
      items,
      blockers: [],
      warnings,
      commands: [['(cowshed clone engine)', `--reflink=${verdict.ok ? 'always' : 'never'}`, source.path, destination.path]],
      bytesFreed: null,
      confirmText: null,
      options: { source: source.path, destination: destination.path, mode, keepAs, reflink: verdict.ok },
    },
    executor,
  );
}
