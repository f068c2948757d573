import { describe, expect, it } from 'vitest';
import { clickAt, EMPTY_SELECTION, findByPrefix, moveFocus, pruneSelection, selectAll, toggleFocused } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const names = (s: { selected: ReadonlySet<string> }) => [...s.selected].sort();

describe('selection', () => {
  it('click selects one; Ctrl+click toggles; Shift+click selects the range from the anchor', () => {
    let s = clickAt(EMPTY_SELECTION, order, 1);
    expect(names(s)).toEqual(['b']);
    s = clickAt(s, order, 3, { ctrl: true });
    expect(names(s)).toEqual(['b', 'd']);
    s = clickAt(s, order, 3, { ctrl: true });
    expect(names(s)).toEqual(['b']);
    s = clickAt(clickAt(EMPTY_SELECTION, order, 1), order, 3, { shift: true });
    expect(names(s)).toEqual(['b', 'c', 'd']);
    expect(s.anchor).toBe('b');
    // Shift from the same anchor the other way replaces the range.
    s = clickAt(s, order, 0, { shift: true });
    expect(names(s)).toEqual(['a', 'b']);
    // Ctrl+Shift adds a range to what is selected.
    s = clickAt(clickAt(EMPTY_SELECTION, order, 0), order, 3, { ctrl: true });
    s = clickAt(s, order, 4, { ctrl: true, shift: true });
    expect(names(s)).toEqual(['a', 'd', 'e']);
  });

  it('arrows move and select; Shift extends; Ctrl moves the focus only; clamps at the ends', () => {
    let s = moveFocus(EMPTY_SELECTION, order, { by: 1 });
    expect(s.focus).toBe('a');
    s = moveFocus(s, order, { by: 1 }, { shift: true });
    s = moveFocus(s, order, { by: 1 }, { shift: true });
    expect(names(s)).toEqual(['a', 'b', 'c']);
    s = moveFocus(s, order, { by: 1 }, { ctrl: true });
    expect(s.focus).toBe('d');
    expect(names(s)).toEqual(['a', 'b', 'c']);
    expect(names(toggleFocused(s))).toEqual(['a', 'b', 'c', 'd']);
    expect(moveFocus(s, order, { by: 99 }).focus).toBe('e');
    expect(moveFocus(s, order, 'first').focus).toBe('a');
    expect(moveFocus(EMPTY_SELECTION, order, { by: -1 }).focus).toBe('e');
  });

  it('select all, prune what vanished, type-ahead wraps', () => {
    expect(names(selectAll(EMPTY_SELECTION, order))).toEqual(order);
    const s = pruneSelection(selectAll(EMPTY_SELECTION, order), new Set(['a', 'c']));
    expect(names(s)).toEqual(['a', 'c']);
    const same = pruneSelection(s, new Set(order));
    expect(same).toBe(s); // unchanged: the same object, so no re-render
    expect(findByPrefix(['alpha', 'beta', 'Bravo'], 'b', 2)).toBe(2);
    expect(findByPrefix(['alpha', 'beta', 'Bravo'], 'al', 1)).toBe(0);
    expect(findByPrefix(['alpha'], 'z', 0)).toBe(-1);
  });
});
