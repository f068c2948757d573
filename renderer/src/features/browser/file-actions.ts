import type { Capability, DirEntry, Mount, Volume } from '../../../../shared/domain';
import { capabilityOf } from '../../lib/places';

/** Everything the file pane's context menu offers. */
export type FileActionId = 'cloneHere' | 'cloneTo' | 'versions' | 'restore' | 'snapshot' | 'copyPath' | 'properties';

/** Whether an action can run here, and if not, why (shown as the item's tooltip). */
export interface ActionState {
  enabled: boolean;
  reason?: string;
  needsAdmin?: boolean;
}

/** What the menu is about: where we are, and what is selected. */
export interface ActionContext {
  mount: Mount | null;
  volume: Volume | null;
  /** Browsing a snapshot (read-only). */
  inSnapshot: boolean;
  entries: readonly DirEntry[];
  /** Why volumes could not be listed, when they could not. */
  volumesError?: string | null;
}

const ok = (cap?: Capability): ActionState => ({ enabled: true, needsAdmin: cap?.needsAdmin || undefined });
const no = (reason: string): ActionState => ({ enabled: false, reason });
const capReason = (what: string, cap: Capability) => `${what}: ${cap.reason ?? 'not available on this filesystem'}`;

/** Which capability cloning an entry needs on this mount. */
function cloneCapability(mount: Mount | null, e: DirEntry): { label: string; cap: Capability } {
  if (e.type === 'dir' && e.volumeRoot) {
    const key = mount?.kind === 'zfs' ? 'datasetClone' : 'writableSnapshot';
    return { label: mount?.kind === 'zfs' ? 'Dataset clone' : 'Writable snapshot', cap: capabilityOf(mount, key) };
  }
  return { label: 'Reflink (block sharing)', cap: capabilityOf(mount, 'fileClone') };
}

function cloneState(ctx: ActionContext, here: boolean): ActionState {
  if (!ctx.entries.length) return no('Select a file or folder first');
  if (here && ctx.inSnapshot) return no('Snapshots are read-only: use “Clone to…” to copy out of it, or “Restore”');
  if (here && ctx.mount?.readonly) return no('The filesystem is mounted read-only');
  let admin = false;
  for (const e of ctx.entries) {
    const { label, cap } = cloneCapability(ctx.mount, e);
    if (!cap.ok) return no(capReason(label, cap));
    admin ||= !!cap.needsAdmin;
  }
  return { enabled: true, needsAdmin: admin || undefined };
}

function snapshotState(ctx: ActionContext): ActionState {
  const cap = capabilityOf(ctx.mount, 'snapshot');
  if (!cap.ok) return no(capReason('Snapshots', cap));
  if (!ctx.volume) return no(ctx.volumesError ? `Subvolumes and datasets could not be listed: ${ctx.volumesError}` : 'This folder is not inside a subvolume or dataset');
  return ok(cap);
}

/** The state of every file action for the current place and selection. */
export function fileActionStates(ctx: ActionContext): Record<FileActionId, ActionState> {
  const one = ctx.entries.length === 1;
  const snap = snapshotState(ctx);
  const history: ActionState = !one ? no('Select one file or folder') : snap.enabled ? ok() : no(snap.reason!);
  return {
    cloneHere: cloneState(ctx, true),
    cloneTo: cloneState(ctx, false),
    versions: history,
    restore: history.enabled && ctx.mount?.readonly ? no('The filesystem is mounted read-only') : history,
    snapshot: snap,
    copyPath: { enabled: true },
    properties: ctx.entries.length <= 1 ? { enabled: true } : no('Select one file or folder'),
  };
}
