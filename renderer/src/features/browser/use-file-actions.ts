import { useMemo } from 'react';
import type { DirEntry } from '../../../../shared/domain';
import { listingPath } from '../../app/app-store';
import { openDialog } from '../../app/dialog-store';
import { usePlace, useVolumes } from '../../app/use-place';
import { toErrorInfo } from '../../lib/errors';
import { joinPath } from '../../lib/paths';
import { cloneHere, copyPaths } from './file-commands';
import { fileActionStates, type ActionState, type FileActionId } from './file-actions';

/** The file actions for a selection in the folder on screen: their states, and a way to run one. */
export function useFileActions(entries: readonly DirEntry[]): { states: Record<FileActionId, ActionState>; run: (id: FileActionId) => void; inSnapshot: boolean } {
  const { location, mount, volume } = usePlace();
  const vols = useVolumes();
  const volumesError = vols.status === 'error' && !vols.data ? toErrorInfo(vols.error).message : null;
  const inSnapshot = !!location?.snapshot;
  const states = useMemo(
    () => fileActionStates({ mount, volume, inSnapshot, entries, volumesError }),
    [mount, volume, inSnapshot, entries, volumesError],
  );
  const run = (id: FileActionId) => {
    if (!location || !states[id].enabled) return;
    const folder = listingPath(location);
    const real = entries.map((e) => joinPath(folder, e.name));
    const live = entries.map((e) => joinPath(location.path, e.name));
    switch (id) {
      case 'cloneHere':
        void cloneHere(real);
        return;
      case 'cloneTo':
        openDialog({ kind: 'clone-to', sources: real, folder: location.path });
        return;
      case 'versions':
        openDialog({ kind: 'versions', path: live[0]!, volume });
        return;
      case 'restore':
        if (volume) openDialog({ kind: 'restore', path: live[0]!, volume, snapshotId: location.snapshot?.id ?? null });
        return;
      case 'snapshot':
        if (volume) openDialog({ kind: 'create-snapshot', volume, mount });
        return;
      case 'copyPath':
        void copyPaths(real.length ? real : [folder]);
        return;
      case 'properties':
        openDialog({ kind: 'properties', path: real[0] ?? folder, entry: entries[0] ?? null, mount });
        return;
    }
  };
  return { states, run, inSnapshot };
}
