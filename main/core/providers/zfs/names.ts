import { CowshedError } from '../../../../shared/errors';
import { parseId } from '../../../../shared/ids';
import { assertValid, checkZfsDataset, checkZfsHoldTag, checkZfsSnapshot, checkZfsSnapshotShortName } from '../../../../shared/validate';
import { parentDataset, poolOf, splitSnapshot } from './world';

/** The full name of a new snapshot of `dataset` called `short`; INVALID_NAME (exit 2) when any rule breaks. */
export function newSnapshotName(dataset: string, short: string): string {
  assertValid(checkZfsSnapshotShortName(short));
  const full = `${dataset}@${short}`;
  assertValid(checkZfsSnapshot(full));
  return full;
}

/** Full new name for renaming `snapshot`: a short name, or a full name on the same dataset. */
export function renamedSnapshotName(snapshot: string, newName: string): string {
  const { dataset } = splitSnapshot(snapshot);
  if (!newName.includes('@')) return newSnapshotName(dataset, newName);
  assertValid(checkZfsSnapshot(newName));
  if (splitSnapshot(newName).dataset !== dataset)
    throw new CowshedError('INVALID_NAME', `A snapshot keeps its dataset when renamed: ${newName} is not on ${dataset}.`);
  return newName;
}

/** Full name of a clone of `snapshot`: a full dataset name in the same pool, or a short name made a sibling of the source. */
export function cloneName(snapshot: string, name: string): string {
  const { dataset } = splitSnapshot(snapshot);
  let full = name;
  if (!name.includes('/')) {
    const parent = parentDataset(dataset) ?? dataset;
    full = `${parent}/${name}`;
  }
  assertValid(checkZfsDataset(full));
  if (poolOf(full) !== poolOf(snapshot))
    throw new CowshedError('CROSS_DEVICE', `A clone lives in the pool of its snapshot (${poolOf(snapshot)}), not in ${poolOf(full)}.`);
  return full;
}

/** A hold tag. */
export function holdTag(tag: string): string {
  assertValid(checkZfsHoldTag(tag));
  return tag;
}

/** Whether a contract target names ZFS without looking at the mount table (`zfs:` ids and bare names). */
export function isZfsTarget(target: string): boolean {
  const id = parseId(target);
  return id.kind === 'zfs' || id.kind === 'bare';
}

/**
 * Check the names in a request aimed at a ZFS target before anything runs (not even the probe): every ZFS
 * naming rule gives INVALID_NAME (CLI exit 2) with no process started. Targets given as paths are checked
 * by the provider, still before any zfs command.
 */
export function precheckZfsNames(target: string, req: { name?: string; newName?: string; tag?: string }, method: string): void {
  if (!isZfsTarget(target)) return;
  const name = parseId(target).kind === 'zfs' ? target.slice(4) : target;
  assertValid(name.includes('@') ? checkZfsSnapshot(name) : checkZfsDataset(name));
  if (method === 'createSnapshot' && req.name !== undefined) newSnapshotName(splitSnapshot(name).dataset, req.name);
  if (method === 'renameSnapshot' && req.newName !== undefined && name.includes('@')) renamedSnapshotName(name, req.newName);
  if (method === 'hold' && req.tag !== undefined) holdTag(req.tag);
  if (method === 'cloneSnapshot' && req.name !== undefined && name.includes('@')) cloneName(name, req.name);
}
