import { CowshedError } from '../../../../shared/errors';
import type { BtrfsTarget, VolumeProvider } from '../types';

const todo = (what: string) => async (): Promise<never> => {
  throw new CowshedError('NOT_SUPPORTED', `btrfs ${what} is not built yet.`);
};

/** btrfs provider: subvolumes, snapshots, lineage, delete by plan. (Filled in by the btrfs issue.) */
export const btrfsProvider: VolumeProvider<BtrfsTarget> = {
  kind: 'btrfs',
  listVolumes: todo('volume listing'),
  snapshots: todo('snapshot listing'),
  createSnapshot: todo('snapshot'),
  renameSnapshot: todo('rename'),
  setReadonly: todo('read-only flag'),
  cloneSnapshot: todo('clone'),
  lineage: todo('lineage'),
  planDestroy: todo('destroy'),
};
