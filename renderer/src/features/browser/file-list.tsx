import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DirEntry } from '../../../../shared/domain';
import { cn } from '../../lib/cn';
import { useStore } from '../../lib/store';
import { browserStore, userSelect as setSelection, setSort } from './browser-store';
import { COLUMNS, FileRow, ROW_HEIGHT } from './file-row';
import { clickAt, EMPTY_SELECTION, findByPrefix, moveFocus, selectAll, toggleFocused } from './selection';
import type { SortKey } from './sort';
import { useFileActions } from './use-file-actions';

/** More slots than rows can ever be rendered at once (window + overscan). */
const SLOTS = 256;

const HEADERS: { key: SortKey; label: string; align?: 'right' }[] = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size', align: 'right' },
  { key: 'mtime', label: 'Modified' },
  { key: 'kind', label: 'Kind' },
];

/** Open the context menu at a row, as a right-click there would (Shift+F10 / menu key). */
function openMenuAt(el: HTMLElement) {
  const r = el.getBoundingClientRect();
  el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + Math.min(220, r.width / 3), clientY: r.top + r.height - 4, button: 2 }));
}

/**
 * The virtualised, sortable, multi-select file list. Only the rows in view exist in the DOM, so a
 * folder of 100,000 entries scrolls like one of 100.
 */
export function FileList({
  entries,
  selectedEntries,
  label,
  onOpen,
}: {
  entries: readonly DirEntry[];
  selectedEntries: readonly DirEntry[];
  label: string;
  onOpen: (e: DirEntry) => void;
}) {
  const sel = useStore(browserStore, (s) => s.selection);
  const sort = useStore(browserStore, (s) => s.sort);
  const order = useMemo(() => entries.map((e) => e.name), [entries]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedList, setFocusedList] = useState(false);
  const typeahead = useRef({ text: '', at: 0 });

  const virt = useVirtualizer({ count: entries.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8, paddingStart: 4, paddingEnd: 4 });
  const focusIndex = useMemo(() => (sel.focus === null ? -1 : order.indexOf(sel.focus)), [order, sel.focus]);
  const actions = useFileActions(selectedEntries);

  useEffect(() => {
    if (focusIndex >= 0) virt.scrollToIndex(focusIndex, { align: 'auto' });
  }, [focusIndex, virt]);

  const rowFrom = (e: MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    return el ? Number(el.dataset.index) : -1;
  };

  const onMouseDown = (e: MouseEvent) => {
    if (e.button !== 0) return;
    const i = rowFrom(e);
    if (i === -1) {
      if (!e.ctrlKey && !e.shiftKey) setSelection(EMPTY_SELECTION);
      return;
    }
    setSelection(clickAt(sel, order, i, { shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey }));
  };

  const onContextMenu = (e: MouseEvent) => {
    const i = rowFrom(e);
    if (i === -1) {
      setSelection(EMPTY_SELECTION);
      return;
    }
    const name = order[i]!;
    if (!sel.selected.has(name)) setSelection(clickAt(sel, order, i));
    scrollRef.current?.focus({ preventScroll: true });
  };

  const onDoubleClick = (e: MouseEvent) => {
    const i = rowFrom(e);
    if (i !== -1) onOpen(entries[i]!);
  };

  const page = () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent) => {
    const mods = { shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey };
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      handled();
      let idx = focusIndex;
      if (idx === -1 && order.length) {
        idx = 0;
        setSelection(clickAt(sel, order, 0));
      }
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${idx}"]`);
      openMenuAt(row ?? scrollRef.current!);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        handled();
        return setSelection(moveFocus(sel, order, { by: 1 }, mods));
      case 'ArrowUp':
        handled();
        return setSelection(moveFocus(sel, order, { by: -1 }, mods));
      case 'PageDown':
        handled();
        return setSelection(moveFocus(sel, order, { by: page() }, mods));
      case 'PageUp':
        handled();
        return setSelection(moveFocus(sel, order, { by: -page() }, mods));
      case 'Home':
        handled();
        return setSelection(moveFocus(sel, order, 'first', mods));
      case 'End':
        handled();
        return setSelection(moveFocus(sel, order, 'last', mods));
      case 'Escape':
        if (sel.selected.size) {
          handled();
          setSelection({ ...sel, selected: new Set() });
        }
        return;
      case 'Enter': {
        handled();
        if (e.altKey) return actions.run('properties');
        const f = focusIndex >= 0 ? entries[focusIndex] : null;
        if (f) onOpen(f);
        return;
      }
      case ' ':
        if (mods.ctrl) {
          handled();
          setSelection(toggleFocused(sel));
        }
        return;
    }
    if (mods.ctrl && !e.altKey && (e.key === 'a' || e.key === 'A')) {
      handled();
      return setSelection(selectAll(sel, order));
    }
    if (mods.ctrl && !e.altKey && !e.shiftKey && (e.key === 'd' || e.key === 'D')) {
      handled();
      return actions.run('cloneHere');
    }
    if (e.ctrlKey && e.altKey && (e.key === 'c' || e.key === 'C')) {
      handled();
      return actions.run('copyPath');
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey && e.key !== ' ') {
      const now = Date.now();
      const t = typeahead.current;
      t.text = now - t.at > 800 ? e.key : t.text + e.key;
      t.at = now;
      const start = t.text.length === 1 ? focusIndex + 1 : Math.max(0, focusIndex);
      const i = findByPrefix(order, t.text, start);
      if (i !== -1) {
        handled();
        setSelection(clickAt(sel, order, i));
      }
    }
  };

  const items = virt.getVirtualItems();
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div role="row" className={cn(COLUMNS, 'shrink-0 border-b border-line bg-view px-3 text-[12px] font-medium text-fg-muted')}>
        {HEADERS.map((h) => {
          const active = sort.key === h.key;
          return (
            <div key={h.key} role="columnheader" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={cn(h.align === 'right' && 'text-right')}>
              <button
                type="button"
                data-testid={`sort-${h.key}`}
                onClick={() => setSort(h.key)}
                className={cn('inline-flex h-8 items-center gap-1 rounded px-1 hover:text-fg', h.align === 'right' ? '-mr-1 ml-auto pr-3' : '-ml-1', active && 'text-fg')}
              >
                {h.label}
                {active && (sort.dir === 'asc' ? <ArrowUp size={12} /> : <ArrowDown size={12} />)}
              </button>
            </div>
          );
        })}
      </div>
      <div
        ref={scrollRef}
        role="listbox"
        aria-label={label}
        aria-multiselectable
        aria-activedescendant={focusIndex >= 0 ? `file-row-${focusIndex}` : undefined}
        tabIndex={0}
        data-testid="file-list"
        data-region="files"
        className="relative min-h-0 flex-1 overflow-y-auto bg-view outline-none [contain:strict]"
        onMouseDown={onMouseDown}
        onContextMenu={onContextMenu}
        onDoubleClick={onDoubleClick}
        onKeyDown={onKeyDown}
        onFocus={() => setFocusedList(true)}
        onBlur={() => setFocusedList(false)}
      >
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const entry = entries[it.index]!;
            return (
              <FileRow
                // Keyed by slot, not by name: scrolling reuses the same DOM rows with new contents
                // instead of unmounting and mounting dozens of them every frame.
                key={it.index % SLOTS}
                entry={entry}
                index={it.index}
                top={it.start + 1}
                selected={sel.selected.has(entry.name)}
                focused={it.index === focusIndex}
                listFocused={focusedList}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
