import type { Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CloneMechanism, ClonePreview, ReflinkPolicy } from '../../../shared/contract/clone';
import { CowshedError } from '../../../shared/errors';
import { checkZfsComponent } from '../../../shared/validate';
import type { CoreContext } from '../context';
import { type FsMount, joinPath, locateDestination, locateSource, mountTable } from './locate';
import { cloneName, firstFree, isFree, zfsCloneName } from './naming';
import { type ReflinkVerdict, reflinkVerdict } from './reflink-verdict';
import { isBtrfsSubvolumeRoot, isZfsDatasetRoot, planZfsClone, type ZfsClonePlan, zfsSiblings } from './volume-clone';

/** Everything a clone job needs, computed (and checked) before it starts. */
export interface ClonePlan {
  preview: ClonePreview;
  source: { path: string; stat: Stats; mount: FsMount };
  destination: { path: string; mount: FsMount; existing: Stats | null };
  policy: ReflinkPolicy;
  mechanism: CloneMechanism;
  /** Data is copied from the start (policy never, or auto where blocks cannot be shared). */
  copyFromStart: boolean;
  reflink: ReflinkVerdict;
  zfs: ZfsClonePlan | null;
}

export interface CloneRequestLike {
  source: string;
  destination?: string;
  reflink?: ReflinkPolicy;
  mechanism?: CloneMechanism;
}

type Option = ClonePreview['options'][number];

const NOT_ROOT_BTRFS = 'the folder is not a btrfs subvolume root';
const NOT_ROOT_ZFS = 'the folder is not the root of a ZFS dataset';

const copyWords = (v: ReflinkVerdict, policy: ReflinkPolicy) =>
  policy === 'never' ? 'reflink turned off (--reflink never)' : v.ok ? '' : v.reason;

/**
 * Choose the cheapest correct mechanism and describe it, before anything runs. Throws for what cannot
 * run at all (policy "always" where blocks cannot be shared: CROSS_DEVICE / NOT_SUPPORTED, with the reason).
 */
export async function planClone(ctx: CoreContext, req: CloneRequestLike): Promise<ClonePlan> {
  const table = mountTable();
  const source = locateSource(req.source, 'Source', table);
  const policy = req.reflink ?? 'always';
  const isDir = source.stat.isDirectory();
  const btrfsRoot = isBtrfsSubvolumeRoot(source.mount, source.stat.ino, isDir);
  const zfsRoot = isZfsDatasetRoot(source.mount, source.path, isDir);
  const wantZfs = zfsRoot && policy !== 'never' && (req.mechanism ?? 'zfs-clone') === 'zfs-clone';
  const folder = dirname(source.path);
  const base = basename(source.path);

  let destPath = req.destination;
  if (!destPath) {
    if (wantZfs) {
      const ds = source.mount.source;
      const parentDs = ds.includes('/') ? dirname(ds) : ds;
      const taken = await zfsSiblings(parentDs);
      const safe = base.replace(/[^A-Za-z0-9_\-.: ]/g, '_');
      destPath = joinPath(folder, firstFree(folder, (n) => zfsCloneName(safe, n), (n) => taken.has(`${parentDs}/${n}`) || !isFree(joinPath(folder, n))));
    } else {
      destPath = joinPath(folder, firstFree(folder, (n) => cloneName(base, n, !isDir)));
    }
  }
  const destination = locateDestination(destPath, source, table);
  const reflink = await reflinkVerdict(ctx, source.mount, destination.mount);
  const exists = destination.existing !== null;

  const options: Option[] = [];
  let zfs: ZfsClonePlan | null = null;
  if (isDir) {
    const never = policy === 'never' ? 'a snapshot shares blocks, and --reflink never asks for an unshared copy' : undefined;
    const snapReason = !btrfsRoot ? NOT_ROOT_BTRFS : never ?? (exists ? 'the destination exists' : destination.mount.kind !== 'btrfs' || !reflink.ok ? 'the destination is on another filesystem' : undefined);
    options.push({
      mechanism: 'btrfs-snapshot', ok: !snapReason, description: 'Writable btrfs snapshot of the subvolume: instant for any size, shares every block.',
      ...(snapReason ? { reason: snapReason } : {}),
    });
    let zfsReason: string | undefined = !zfsRoot ? NOT_ROOT_ZFS : never ?? (exists ? 'the destination exists' : undefined);
    if (zfsRoot && !zfsReason) {
      const name = basename(destination.path);
      const v = checkZfsComponent(name, 'Clone name');
      if (!v.ok) zfsReason = `“${name}” cannot be a ZFS dataset name (${v.message})`;
      else zfs = planZfsClone(source.mount.source, destination.path, name);
    }
    options.push({
      mechanism: 'zfs-clone', ok: !zfsReason, description: 'ZFS snapshot + clone: instant, shares every block, and the clone depends on that snapshot (lineage).',
      ...(zfsReason ? { reason: zfsReason } : {}),
    });
    const treeOk = policy !== 'always' || reflink.ok;
    options.push({
      mechanism: 'tree-copy', ok: treeOk,
      description: reflink.ok && policy !== 'never' ? 'Copy the folder tree (cp -a semantics) with every file reflinked: shares blocks.' : `Copy the folder tree (cp -a semantics) copying all data: ${copyWords(reflink, policy)}.`,
      ...(treeOk ? {} : { reason: (reflink as { reason: string }).reason }),
    });
  } else {
    const regular = source.stat.isFile();
    const rOk = regular && reflink.ok && policy !== 'never';
    options.push({
      mechanism: 'reflink-file', ok: rOk, description: 'Reflink (FICLONE): instant, shares every block until either copy changes.',
      ...(rOk ? {} : { reason: !regular ? 'not a regular file (it is recreated as it is)' : policy === 'never' ? 'reflink turned off (--reflink never)' : (reflink as { reason: string }).reason }),
    });
    const cOk = policy !== 'always' || !regular;
    options.push({
      mechanism: 'copy-file', ok: cOk, description: regular ? 'Full copy of the data.' : 'Recreate the symlink or special file.',
      ...(cOk ? {} : { reason: 'policy “always” allows only sharing blocks (use --reflink auto to copy)' }),
    });
  }

  const mechanism = chooseMechanism(options, req.mechanism, isDir);
  const copyFromStart = policy === 'never' || !reflink.ok;
  const bytes = source.stat.isFile() ? source.stat.size : null;
  const warnings: string[] = [];
  if (exists) warnings.push(`${destination.path} exists: it is only replaced if you confirm (overwrite).`);
  if ((mechanism === 'copy-file' || mechanism === 'tree-copy') && copyFromStart && policy !== 'never' && (source.stat.isFile() || isDir))
    warnings.push(`Blocks cannot be shared (${copyWords(reflink, policy)}): the data will be copied in full, after a free-space check.`);
  if (mechanism === 'btrfs-snapshot') warnings.push('Nested subvolumes inside the folder are not part of a snapshot: they appear as empty folders.');
  if (mechanism === 'tree-copy') warnings.push('Other mounts and nested subvolumes inside the folder are not entered: they are left as empty folders.');
  if (mechanism === 'zfs-clone' && zfs) warnings.push(`The clone depends on ${zfs.snapshot}: that snapshot cannot be destroyed while the clone exists.`);
  const chosen = options.find((o) => o.mechanism === mechanism)!;
  const preview: ClonePreview = {
    source: source.path,
    destination: destination.path,
    mechanism,
    options,
    description: describe(mechanism, chosen.description, zfs, bytes),
    createsLineage: mechanism === 'zfs-clone',
    destinationExists: exists,
    warnings,
  };
  return { preview, source, destination, policy, mechanism, copyFromStart, reflink, zfs };
}

function chooseMechanism(options: Option[], wanted: CloneMechanism | undefined, isDir: boolean): CloneMechanism {
  if (wanted) {
    const o = options.find((x) => x.mechanism === wanted);
    if (!o) throw new CowshedError('NOT_SUPPORTED', `“${wanted}” does not apply to a ${isDir ? 'folder' : 'file'}.`);
    if (!o.ok) throw refusal(o);
    return wanted;
  }
  const order: CloneMechanism[] = isDir ? ['btrfs-snapshot', 'zfs-clone', 'tree-copy'] : ['reflink-file', 'copy-file'];
  for (const m of order) if (options.find((o) => o.mechanism === m)?.ok) return m;
  // Nothing can run: say why for the copy, and for a volume mechanism that applied but could not be used.
  const copy = options.find((o) => o.mechanism === (isDir ? 'tree-copy' : 'reflink-file'))!;
  const volume = options.find((o) => (o.mechanism === 'btrfs-snapshot' || o.mechanism === 'zfs-clone') && o.reason !== NOT_ROOT_BTRFS && o.reason !== NOT_ROOT_ZFS);
  const err = refusal(copy);
  if (!volume) throw err;
  throw new CowshedError(err.code, `Cannot make a ${volume.mechanism}: ${volume.reason}. ${err.message}`);
}

function refusal(o: Option): CowshedError {
  const reason = o.reason ?? 'not possible here';
  const code = /different filesystems/.test(reason) ? 'CROSS_DEVICE' : 'NOT_SUPPORTED';
  return new CowshedError(code, `Cannot clone by reflink: ${reason}. Nothing was written (use --reflink auto to copy instead).`);
}

function describe(m: CloneMechanism, base: string, zfs: ZfsClonePlan | null, bytes: number | null): string {
  if (m === 'zfs-clone' && zfs) return `${base} Creates ${zfs.snapshot} and the clone ${zfs.clone}${zfs.mountpoint ? ` mounted at ${zfs.mountpoint}` : ''}.`;
  if (m === 'copy-file' && bytes !== null) return `${base} (${bytes} bytes)`;
  return base;
}
