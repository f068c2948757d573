/**
 * Multi-selection as file managers do it: click selects one; Ctrl+click toggles; Shift+click selects the
 * range from the anchor; arrows move the focus (Shift extends, Ctrl moves without selecting).
 * Works on names (stable across sorting); `order` is the visible order.
 */
export interface Selection {
  selected: ReadonlySet<string>;
  anchor: string | null;
  focus: string | null;
}

export const EMPTY_SELECTION: Selection = { selected: new Set(), anchor: null, focus: null };

export interface Mods {
  shift?: boolean;
  ctrl?: boolean;
}

function range(order: readonly string[], from: number, to: number): string[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return order.slice(a, b + 1);
}

/** A click (or tap) on the row at `index`. */
export function clickAt(sel: Selection, order: readonly string[], index: number, mods: Mods = {}): Selection {
  const name = order[index];
  if (name === undefined) return sel;
  if (mods.shift) {
    const anchorIdx = sel.anchor === null ? -1 : order.indexOf(sel.anchor);
    const from = anchorIdx === -1 ? index : anchorIdx;
    const r = range(order, from, index);
    const selected = mods.ctrl ? new Set([...sel.selected, ...r]) : new Set(r);
    return { selected, anchor: order[from]!, focus: name };
  }
  if (mods.ctrl) {
    const selected = new Set(sel.selected);
    if (selected.has(name)) selected.delete(name);
    else selected.add(name);
    return { selected, anchor: name, focus: name };
  }
  return { selected: new Set([name]), anchor: name, focus: name };
}

/** Where a key press moves the focus. */
export type Move = { by: number } | 'first' | 'last';

/** Arrow / Home / End / Page keys. */
export function moveFocus(sel: Selection, order: readonly string[], move: Move, mods: Mods = {}): Selection {
  if (!order.length) return sel;
  const cur = sel.focus === null ? -1 : order.indexOf(sel.focus);
  let next: number;
  if (move === 'first') next = 0;
  else if (move === 'last') next = order.length - 1;
  else if (cur === -1) next = move.by > 0 ? 0 : order.length - 1;
  else next = Math.max(0, Math.min(order.length - 1, cur + move.by));
  const name = order[next]!;
  if (mods.ctrl && !mods.shift) return { ...sel, focus: name };
  if (mods.shift) {
    const anchorIdx = sel.anchor === null ? -1 : order.indexOf(sel.anchor);
    const from = anchorIdx === -1 ? (cur === -1 ? next : cur) : anchorIdx;
    return { selected: new Set(range(order, from, next)), anchor: order[from]!, focus: name };
  }
  return { selected: new Set([name]), anchor: name, focus: name };
}

/** Ctrl+Space: toggle the focused row. */
export function toggleFocused(sel: Selection): Selection {
  if (sel.focus === null) return sel;
  const selected = new Set(sel.selected);
  if (selected.has(sel.focus)) selected.delete(sel.focus);
  else selected.add(sel.focus);
  return { ...sel, selected, anchor: sel.focus };
}

/** Ctrl+A. */
export function selectAll(sel: Selection, order: readonly string[]): Selection {
  return { selected: new Set(order), anchor: sel.anchor ?? order[0] ?? null, focus: sel.focus ?? order[0] ?? null };
}

/** Select exactly these names (e.g. a new clone), focusing the first. */
export function selectOnly(names: readonly string[]): Selection {
  return { selected: new Set(names), anchor: names[0] ?? null, focus: names[0] ?? null };
}

/** Drop names that are no longer listed (after a refresh). */
export function pruneSelection(sel: Selection, present: ReadonlySet<string>): Selection {
  const selected = [...sel.selected].filter((n) => present.has(n));
  const focus = sel.focus !== null && present.has(sel.focus) ? sel.focus : null;
  const anchor = sel.anchor !== null && present.has(sel.anchor) ? sel.anchor : null;
  if (selected.length === sel.selected.size && focus === sel.focus && anchor === sel.anchor) return sel;
  return { selected: new Set(selected), anchor, focus };
}

/** Type-ahead: the next name (after the focus, wrapping) that starts with the typed prefix. */
export function findByPrefix(order: readonly string[], prefix: string, fromIndex: number): number {
  const p = prefix.toLowerCase();
  const n = order.length;
  for (let k = 0; k < n; k++) {
    const i = (fromIndex + k + n) % n;
    if (order[i]!.toLowerCase().startsWith(p)) return i;
  }
  return -1;
}
