import type { Snapshot, Volume } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { appStore, navigate } from '../../app/app-store';
import { isNotSupported, toErrorInfo } from '../../lib/errors';
import { relativeTo } from '../../lib/paths';
import { reportError } from '../errors/toast-store';
import { openPlan } from '../plans/plan-store';

/**
 * Show a snapshot's files in the file pane, at the same folder as now where it exists.
 * Uses browseSnapshot (which mounts a temporary clone where needed) and falls back to the snapshot's own path.
 */
export async function browseSnapshot(snap: Snapshot, volume: Volume): Promise<void> {
  if (!volume.path) {
    reportError('This snapshot cannot be browsed', new Error(`${volume.name} is not mounted`));
    return;
  }
  let root = snap.browsePath;
  let temporary = false;
  try {
    const r = await getClient().call('browseSnapshot', { snapshot: snap.id });
    root = r.path;
    temporary = r.temporary;
  } catch (e) {
    if (!isNotSupported(e) || !root) {
      reportError(`Cannot open snapshot ${snap.name}`, root ? e : toErrorInfo(e));
      return;
    }
  }
  if (!root) return;
  const cur = appStore.get().location;
  const path = cur && relativeTo(cur.path, volume.path) !== null ? cur.path : volume.path;
  navigate({ path, snapshot: { id: snap.id, name: snap.name, created: snap.created, volumeId: volume.id, volumePath: volume.path, root, temporary } });
}

/** Release a temporary browse mount (quietly: nothing to tell the user if it fails). */
export function releaseSnapshot(id: string): void {
  getClient()
    .call('releaseSnapshot', { snapshot: id })
    .catch(() => undefined);
}

export function planDestroySnapshot(snap: Pick<Snapshot, 'id' | 'name'>): void {
  openPlan({ title: `Destroy ${snap.name}`, widenable: true, load: (o) => getClient().call('planDestroy', { target: snap.id, ...o }) });
}

export function planRollback(snap: Pick<Snapshot, 'id' | 'name'>): void {
  openPlan({ title: `Roll back to ${snap.name}`, load: () => getClient().call('planRollback', { snapshot: snap.id }) });
}
