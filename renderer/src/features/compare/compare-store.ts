import { appStore, setView } from '../../app/app-store';
import { createStore } from '../../lib/store';

/** The comparison on screen: two sides (snapshot ids, or a snapshot and a live volume) and their labels. */
export interface Comparison {
  a: string;
  b: string;
  aLabel: string;
  bLabel: string;
  /** Bumped for every new request, so comparing the same pair again starts afresh. */
  seq: number;
}

export const compareStore = createStore<Comparison | null>(null);
let seq = 0;

/** Compare two snapshots, or a snapshot and live, in the Compare view (the history panel runs the diff job). */
export function startCompare(req: { a: string; b: string; aLabel: string; bLabel: string }): void {
  compareStore.set({ ...req, seq: ++seq });
  setView('compare');
}

/** Close the comparison (its job is cancelled when the panel goes away). */
export function closeCompare(): void {
  compareStore.set(null);
  if (appStore.get().view === 'compare') setView('files');
}
