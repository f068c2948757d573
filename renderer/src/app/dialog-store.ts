import type { ClonePreview } from '../../../shared/contract/index';
import type { DirEntry, Mount, Snapshot, Volume } from '../../../shared/domain';
import { createStore } from '../lib/store';

/** The one non-plan dialog open at a time. */
export type DialogRequest =
  | { kind: 'properties'; path: string; entry: DirEntry | null; mount: Mount | null }
  | { kind: 'clone-preview'; previews: ClonePreview[] }
  | { kind: 'clone-to'; sources: string[]; folder: string }
  | { kind: 'restore'; path: string; volume: Volume; snapshotId: string | null }
  | { kind: 'versions'; path: string; volume: Volume | null }
  | { kind: 'create-snapshot'; volume: Volume; mount: Mount | null }
  | { kind: 'clone-snapshot'; snapshot: Snapshot; volume: Volume; mount: Mount | null };

export const dialogStore = createStore<DialogRequest | null>(null);

export const openDialog = (d: DialogRequest): void => dialogStore.set(d);
export const closeDialog = (): void => dialogStore.set(null);
