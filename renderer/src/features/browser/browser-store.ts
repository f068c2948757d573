import { createStore } from '../../lib/store';
import { EMPTY_SELECTION, type Selection } from './selection';
import type { SortSpec } from './sort';

/** The file pane's selection (for the folder being listed) and sort order. */
export interface BrowserState {
  /** The listing path the selection belongs to. */
  path: string | null;
  selection: Selection;
  sort: SortSpec;
  /** Names to select once they appear (a clone being made). */
  pendingSelect: string[] | null;
}

export const browserStore = createStore<BrowserState>({
  path: null,
  selection: EMPTY_SELECTION,
  sort: { key: 'name', dir: 'asc' },
  pendingSelect: null,
});

export function setSelection(selection: Selection): void {
  browserStore.set((s) => (s.selection === selection ? s : { ...s, selection }));
}

/** A selection the user made: it wins over a clone waiting to be selected. */
export function userSelect(selection: Selection): void {
  browserStore.set((s) => (s.selection === selection && !s.pendingSelect ? s : { ...s, selection, pendingSelect: null }));
}

/** Start a new folder: nothing selected. */
export function resetForPath(path: string): void {
  browserStore.set((s) => (s.path === path ? s : { ...s, path, selection: EMPTY_SELECTION, pendingSelect: null }));
}

export function setSort(key: SortSpec['key']): void {
  browserStore.set((s) => ({ ...s, sort: { key, dir: s.sort.key === key && s.sort.dir === 'asc' ? 'desc' : 'asc' } }));
}

/** Select these names when the listing next shows them. */
export function selectWhenListed(names: string[]): void {
  browserStore.set((s) => ({ ...s, pendingSelect: names }));
}
