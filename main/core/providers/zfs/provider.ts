import { CowshedError } from '../../../../shared/errors';
import type { ZfsTarget, VolumeProvider } from '../types';

const todo = (what: string) => async (): Promise<never> => {
  throw new CowshedError('NOT_SUPPORTED', `zfs ${what} is not built yet.`);
};

/** zfs provider: datasets, snapshots, clones, promote, plans. (Filled in by the ZFS issue.) */
export const zfsProvider: VolumeProvider<ZfsTarget> = {
  kind: 'zfs',
  listVolumes: todo('volume listing'),
  snapshots: todo('snapshot listing'),
  createSnapshot: todo('snapshot'),
  renameSnapshot: todo('rename'),
  setReadonly: todo('read-only flag'),
  cloneSnapshot: todo('clone'),
  lineage: todo('lineage'),
  planDestroy: todo('destroy'),
};
