import { createStore } from '../lib/store';
import { joinPath, relativeTo } from '../lib/paths';

/** A snapshot being browsed: which one, and the read-only folder its files are listed under. */
export interface SnapshotView {
  id: string;
  name: string;
  created: string | null;
  volumeId: string;
  /** Live path of the volume the snapshot belongs to. */
  volumePath: string;
  /** Read-only path holding the snapshot's files (its browsable root). */
  root: string;
  /** A temporary mount that is released when no longer browsed. */
  temporary: boolean;
}

/** Where the file pane is: a live folder, or the same folder inside a snapshot. */
export interface Location {
  /** The live folder (inside a snapshot: the live folder it corresponds to). */
  path: string;
  snapshot: SnapshotView | null;
}

export type MainView = 'files' | 'lineage' | 'compare';
export type ThemePref = 'system' | 'light' | 'dark';

export interface AppState {
  location: Location | null;
  back: Location[];
  forward: Location[];
  view: MainView;
  /** Volume id the lineage graph is centred on (defaults to the current volume). */
  lineageFocus: string | null;
  panels: { jobs: boolean; timeline: boolean; sidebar: boolean };
  theme: ThemePref;
  /** Text filter of the file pane. */
  filter: string;
}

const THEME_KEY = 'cowshed.theme';
const storedTheme = (): ThemePref => {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
};

/** The app's navigation and layout state. Data from the core lives in the query cache, not here. */
export const appStore = createStore<AppState>({
  location: null,
  back: [],
  forward: [],
  view: 'files',
  lineageFocus: null,
  panels: { jobs: false, timeline: true, sidebar: true },
  theme: storedTheme(),
  filter: '',
});

/** The folder the file pane lists: the live path, or its counterpart inside the browsed snapshot. */
export function listingPath(loc: Location): string {
  if (!loc.snapshot) return loc.path;
  const rel = relativeTo(loc.path, loc.snapshot.volumePath) ?? '';
  return joinPath(loc.snapshot.root, rel);
}

const sameLocation = (a: Location | null, b: Location | null) =>
  !!a && !!b && a.path === b.path && a.snapshot?.id === b.snapshot?.id && a.snapshot?.root === b.snapshot?.root;

/** Go somewhere, remembering where we were. */
export function navigate(next: Location): void {
  appStore.set((s) => {
    if (sameLocation(s.location, next)) return s;
    return { ...s, location: next, back: s.location ? [...s.back.slice(-99), s.location] : s.back, forward: [], filter: '' };
  });
}

/** Open a live folder, keeping the snapshot being browsed when the folder is inside its volume. */
export function openFolder(path: string): void {
  const cur = appStore.get().location;
  const snap = cur?.snapshot && relativeTo(path, cur.snapshot.volumePath) !== null ? cur.snapshot : null;
  navigate({ path, snapshot: snap });
}

/** Leave the snapshot: the same folder, live. */
export function backToLive(): void {
  const cur = appStore.get().location;
  if (cur?.snapshot) navigate({ path: cur.path, snapshot: null });
}

export function goBack(): void {
  appStore.set((s) => {
    const prev = s.back[s.back.length - 1];
    if (!prev) return s;
    return { ...s, location: prev, back: s.back.slice(0, -1), forward: s.location ? [s.location, ...s.forward] : s.forward, filter: '' };
  });
}

export function goForward(): void {
  appStore.set((s) => {
    const next = s.forward[0];
    if (!next) return s;
    return { ...s, location: next, forward: s.forward.slice(1), back: s.location ? [...s.back, s.location] : s.back, filter: '' };
  });
}

export function setView(view: MainView): void {
  appStore.set((s) => (s.view === view ? s : { ...s, view }));
}

export function showLineage(focus: string | null): void {
  appStore.set((s) => ({ ...s, view: 'lineage', lineageFocus: focus }));
}

export function togglePanel(p: keyof AppState['panels'], open?: boolean): void {
  appStore.set((s) => {
    const v = open ?? !s.panels[p];
    return s.panels[p] === v ? s : { ...s, panels: { ...s.panels, [p]: v } };
  });
}

export function setTheme(theme: ThemePref): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // storage unavailable: keep it for this session only
  }
  appStore.set((s) => ({ ...s, theme }));
}

export function setFilter(filter: string): void {
  appStore.set((s) => (s.filter === filter ? s : { ...s, filter }));
}
