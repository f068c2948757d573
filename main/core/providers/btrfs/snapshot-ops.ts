/** Changing subvolumes: create snapshots, clone, rename, set or clear read-only. Every name is validated first. */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Snapshot, Volume } from '../../../../shared/domain';
import { CowshedError } from '../../../../shared/errors';
import { assertValid, checkAbsolutePath, checkBtrfsName } from '../../../../shared/validate';
import type { CoreContext } from '../../context';
import { run } from '../../exec/run';
import { mountForPath } from '../../probe/mountinfo';
import type { BtrfsTarget } from '../types';
import { isSubvolumeRoot, joinAbs, locatePath, pinningMounts, subvolId, subvolName, type BtrfsFs } from './btrfs-fs';
import { createSubvolCmd, renameCmd, setReadonlyCmd, snapshotCmd, type Cmd } from './commands';
import { classifyBtrfs } from './errors';
import { defaultCloneDir, defaultSnapshotDir, defaultSnapshotName } from './naming';
import { defaultSubvolId, readTable, type Subvol, type SubvolTable } from './subvol-table';
import { findIn, noSuchSubvolume, openTarget, pathOf } from './target';
import { toSnapshot, toVolume } from './to-domain';

const mutate = (ctx: CoreContext, verb: string, c: Cmd) => ctx.mutate(verb, c.tool, c.args, { classify: classifyBtrfs });

/** Refuse a destination that is not a folder on this same filesystem, or that exists already. */
function checkDestination(fs: BtrfsFs, dest: string): void {
  const dir = dirname(dest);
  // Where the folder really is: a symlink on the way must not lead the snapshot onto another filesystem.
  const real = (() => {
    try {
      return realpathSync(dir);
    } catch {
      return dir; // not there yet: the caller checks or creates it
    }
  })();
  const m = mountForPath(fs.raw, real);
  if (!m || m.fstype !== 'btrfs' || m.device !== fs.canonical.device)
    throw new CowshedError('CROSS_DEVICE', `${dir} is not on the same btrfs filesystem: snapshots stay on the filesystem they copy.`);
  if (existsSync(dest) || lstatSync(dest, { throwIfNoEntry: false })) throw new CowshedError('EXISTS', `${dest} already exists.`);
}

/** Re-read the table and find the subvolume now at the absolute path `abs` (after a change). */
async function reread(fs: BtrfsFs, abs: string): Promise<{ table: SubvolTable; s: Subvol }> {
  const full = fullPathAt(fs, abs);
  const table = await readTable(fs, { times: true });
  const s = full === null ? undefined : table.byPath.get(full);
  if (!s) throw new CowshedError('COMMAND_FAILED', `btrfs reported success, but no subvolume is listed at ${abs}.`);
  return { table, s };
}

/** Full path from the top level of a subvolume root reachable at `abs`. */
function fullPathAt(fs: BtrfsFs, abs: string): string | null {
  const mount = mountForPath(fs.mounts, abs);
  return mount ? locatePath(mount, abs).subvolume : null;
}

/**
 * A subvolume just made by a user who may not list subvolumes (btrfs lets owners snapshot their own): what
 * is known without listing, its id from `btrfs inspect-internal rootid` (no root needed), no uuid. Reporting
 * this instead of NEEDS_ADMIN keeps a retry with admin rights from making a second snapshot.
 */
async function unlisted(fs: BtrfsFs, abs: string, readonly: boolean): Promise<Subvol> {
  const id = Number((await run('btrfs', ['inspect-internal', 'rootid', abs], { classify: classifyBtrfs })).stdout.trim());
  return { id, path: fullPathAt(fs, abs) ?? basename(abs), topLevel: 0, gen: 0, cgen: null, uuid: null, parentUuid: null, receivedUuid: null, otime: new Date().toISOString(), readonly };
}

/** After a change: the listed subvolume, or (when listing needs admin) what is known without listing. */
const afterChange = (fs: BtrfsFs, abs: string, readonly: boolean): Promise<Subvol> =>
  reread(fs, abs).then(
    (r) => r.s,
    (e: unknown) => {
      if ((e as { code?: string }).code !== 'NEEDS_ADMIN') throw e;
      return unlisted(fs, abs, readonly);
    },
  );

/** The id of the subvolume a snapshot was taken of, or its own id when that one no longer exists. */
const originId = (t: SubvolTable, s: Subvol): string => subvolId(t.fs, (s.parentUuid && t.byUuid.get(s.parentUuid)?.path) ?? s.path);

/** Create one snapshot (read-only unless `readonly: false`) in the default place, or under the given name there. */
export async function createSnapshot(ctx: CoreContext, t: BtrfsTarget, opts: { name?: string; readonly?: boolean; recursive?: boolean }): Promise<Snapshot[]> {
  if (opts.name !== undefined) assertValid(checkBtrfsName(opts.name));
  if (opts.recursive)
    throw new CowshedError('NOT_SUPPORTED', 'btrfs snapshots hold one subvolume (nested ones appear as empty folders) and cannot be taken of several at once: snapshot each subvolume on its own.');
  const ref = await openTarget(ctx, t, true);
  const full = ref.subvolPath!;
  const src = pathOf(ref, full);
  if (!isSubvolumeRoot(src)) throw noSuchSubvolume(ref.fs, full);
  const dir = defaultSnapshotDir(src, ref.fs.raw.some((m) => m.mountpoint === src));
  let name = opts.name;
  if (name === undefined) {
    const r = defaultSnapshotName(subvolName(full), new Date(), (n) => existsSync(joinAbs(dir, n)));
    if ('verdict' in r) {
      assertValid(r.verdict);
      throw new CowshedError('INVALID_NAME', 'No default name fits; choose one with --name.');
    }
    name = r.name;
  }
  const dest = joinAbs(dir, name);
  if (existsSync(dir)) checkDestination(ref.fs, dest);
  else {
    checkDestination(ref.fs, dir);
    // A concurrent request may make the folder first: that is fine, the snapshot still goes in it.
    await mutate(ctx, 'snapshot', createSubvolCmd(dir)).catch((e: unknown) => {
      if (!existsSync(dir)) throw e;
    });
  }
  await mutate(ctx, 'snapshot', snapshotCmd(src, dest, opts.readonly ?? true));
  if (!isSubvolumeRoot(dest)) throw new CowshedError('COMMAND_FAILED', `btrfs reported success, but ${dest} is not a subvolume (did something create it meanwhile?).`);
  return [toSnapshot(ref.fs, await afterChange(ref.fs, dest, opts.readonly ?? true), subvolId(ref.fs, full))];
}

/** A writable snapshot of a snapshot: `name` is a plain name (placed beside its `.snapshots` folder) or an absolute path. */
export async function cloneSnapshot(ctx: CoreContext, t: BtrfsTarget, name: string): Promise<Volume> {
  assertValid(name.startsWith('/') ? checkAbsolutePath(name, 'Clone path') : checkBtrfsName(name));
  if (name.startsWith('/')) assertValid(checkBtrfsName(basename(name)));
  const ref = await openTarget(ctx, t, true);
  const src = pathOf(ref, ref.subvolPath!);
  if (!isSubvolumeRoot(src)) throw noSuchSubvolume(ref.fs, ref.subvolPath!);
  const dest = name.startsWith('/') ? name : joinAbs(defaultCloneDir(src), name);
  if (!existsSync(dirname(dest))) throw new CowshedError('PATH_NOT_FOUND', `${dirname(dest)} does not exist.`);
  checkDestination(ref.fs, dest);
  await mutate(ctx, 'clone', snapshotCmd(src, dest, false));
  const { table, s } = await reread(ref.fs, dest);
  return toVolume(table, s, await defaultSubvolId(ref.fs).catch(() => null));
}

/** Rename a snapshot (or any subvolume) within its folder; refused while it, or anything inside it, is mounted. */
export async function renameSnapshot(ctx: CoreContext, t: BtrfsTarget, newName: string): Promise<Snapshot> {
  assertValid(checkBtrfsName(newName));
  const ref = await openTarget(ctx, t, true);
  const table = await readTable(ref.fs, { times: true });
  const s = findIn(table, ref);
  if (s.path === '') throw new CowshedError('NOT_SUPPORTED', 'The top level of a btrfs filesystem has no name to change.');
  const src = pathOf(ref, s.path);
  const pins = pinningMounts(ref.fs, [s], [src]);
  if (pins.length) throw new CowshedError('MOUNTED', `${pins[0]!.why}: renaming it would break that mount's subvol= path. Unmount it first.`);
  const dest = joinAbs(dirname(src), newName);
  if (dest === src) return toSnapshot(ref.fs, s, originId(table, s));
  checkDestination(ref.fs, dest);
  await mutate(ctx, 'rename', renameCmd(src, dest));
  if (!isSubvolumeRoot(dest) || existsSync(src)) throw new CowshedError('EXISTS', `${dest} appeared meanwhile; nothing was renamed.`);
  const after = await reread(ref.fs, dest);
  return toSnapshot(ref.fs, after.s, originId(after.table, after.s));
}

/** Set or clear the read-only flag. Making a received subvolume writable is refused (RECEIVED), with the reason. */
export async function setReadonly(ctx: CoreContext, t: BtrfsTarget, readonly: boolean): Promise<Volume> {
  const ref = await openTarget(ctx, t, true);
  const [table, defaultId] = await Promise.all([readTable(ref.fs, { times: true }), defaultSubvolId(ref.fs).catch(() => null)]);
  const s = findIn(table, ref);
  if (!readonly && s.readonly && s.receivedUuid)
    throw new CowshedError(
      'RECEIVED',
      `${subvolName(s.path)} was received (btrfs receive, from ${s.receivedUuid}). Making it writable would let it drift from the copy it was received from while keeping that copy's identity, which breaks incremental sends (btrfs send -p) based on it. Make a writable snapshot of it instead (cowshed clone).`,
    );
  if (s.readonly === readonly) return toVolume(table, s, defaultId);
  const path = pathOf(ref, s.path);
  await mutate(ctx, readonly ? 'set-readonly' : 'set-writable', setReadonlyCmd(path, readonly));
  const after = await readTable(ref.fs, { times: true });
  return toVolume(after, after.byId.get(s.id) ?? s, defaultId);
}
