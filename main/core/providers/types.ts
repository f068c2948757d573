import type { Lineage, Mount, Plan, Snapshot, Volume } from '../../../shared/domain';
import type { CoreContext } from '../context';
import type { ResolvedTarget } from '../resolve';

export type BtrfsTarget = Extract<ResolvedTarget, { kind: 'btrfs' }>;
export type ZfsTarget = Extract<ResolvedTarget, { kind: 'zfs' }>;

/** Takes results a page at a time, in order, as they are made. */
export type PageSink<T> = (page: T[]) => void;

/**
 * What a snapshot-capable filesystem offers. One implementation per filesystem (btrfs, zfs); the
 * volume handlers resolve the target and dispatch here. Optional methods a filesystem cannot do
 * are answered with NOT_SUPPORTED and a reason by the dispatcher.
 */
export interface VolumeProvider<T extends ResolvedTarget = ResolvedTarget> {
  readonly kind: 'btrfs' | 'zfs';
  /** Volumes of the given mounts (all mounts of this kind when no target), or around one target. */
  listVolumes(ctx: CoreContext, mounts: Mount[], target: T | null): Promise<Volume[]>;
  /**
   * Snapshots of a volume, oldest first. Given `page`, a provider may hand them over a page at a time as it
   * makes them, in order, and return only the ones it did not hand over: output then need not hold them all.
   */
  snapshots(ctx: CoreContext, t: T, page?: PageSink<Snapshot>): Promise<Snapshot[]>;
  createSnapshot(ctx: CoreContext, t: T, opts: { name?: string; readonly?: boolean; recursive?: boolean }): Promise<Snapshot[]>;
  renameSnapshot(ctx: CoreContext, t: T, newName: string): Promise<Snapshot>;
  setReadonly(ctx: CoreContext, t: T, readonly: boolean): Promise<Volume>;
  cloneSnapshot(ctx: CoreContext, t: T, name: string): Promise<Volume>;
  lineage(ctx: CoreContext, t: T): Promise<Lineage>;
  planDestroy(ctx: CoreContext, t: T, opts: { recursive?: boolean; recursiveDependents?: boolean }): Promise<Plan>;
  hold?(ctx: CoreContext, t: T, tag: string, release: boolean): Promise<Snapshot>;
  planRollback?(ctx: CoreContext, t: T, opts: { force?: boolean }): Promise<Plan>;
  planPromote?(ctx: CoreContext, t: T): Promise<Plan>;
  planDetach?(ctx: CoreContext, t: T, opts: { swap?: boolean }): Promise<Plan>;
}
