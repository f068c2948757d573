import { useEffect } from 'react';
import { editPathEvent } from '../features/browser/breadcrumbs';
import { dirName } from '../lib/paths';
import { invalidateMethods } from '../lib/use-query';
import { goBack, goForward, openFolder, setView, togglePanel } from './app-store';
import { dialogStore, openDialog } from './dialog-store';
import { currentPlace } from './use-place';

const REGIONS = ['sidebar', 'files', 'timeline', 'lineage'];

/** F6: move focus to the next region (sidebar → files → timeline). */
function cycleRegion(back: boolean) {
  const els = REGIONS.map((r) => document.querySelector<HTMLElement>(`[data-region="${r}"]`)).filter((e): e is HTMLElement => !!e);
  if (!els.length) return;
  const cur = els.findIndex((e) => e.contains(document.activeElement));
  const next = els[(cur + (back ? -1 : 1) + els.length) % els.length]!;
  const target = next.matches('[tabindex]') ? next : (next.querySelector<HTMLElement>('[tabindex="0"]') ?? next.querySelector<HTMLElement>('button:not([tabindex="-1"]), [href]') ?? next);
  target.focus();
}

const inText = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);

/** App-wide keyboard shortcuts (list-specific ones live in the file list). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const ctrl = e.ctrlKey || e.metaKey;
      const dialogOpen = !!document.querySelector('[role="dialog"]');
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const stop = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      const run = (f: () => void) => {
        stop();
        f();
      };
      if (ctrl && !e.shiftKey && key === 'j') return run(() => togglePanel('jobs'));
      if (dialogOpen || dialogStore.get()) return;
      if (key === 'F5') return run(() => invalidateMethods('probe', 'volumes', 'listDir', 'snapshots', 'lineage', 'privilegeStatus'));
      if (key === 'F6') return run(() => cycleRegion(e.shiftKey));
      if (key === 'F8') return run(() => togglePanel('timeline'));
      if (key === 'F9') return run(() => togglePanel('sidebar'));
      if (ctrl && key === 'l') return run(() => window.dispatchEvent(new Event(editPathEvent)));
      if (ctrl && key === 'f') return run(() => document.querySelector<HTMLInputElement>('[data-filter-input]')?.focus());
      if (ctrl && key === '1') return run(() => setView('files'));
      if (ctrl && key === '2') return run(() => setView('lineage'));
      if (ctrl && key === '3') return run(() => setView('compare'));
      if (ctrl && e.shiftKey && key === 's') {
        stop();
        const { volume, mount } = currentPlace();
        if (volume && mount?.capabilities.snapshot.ok) openDialog({ kind: 'create-snapshot', volume, mount });
        return;
      }
      if (e.altKey && key === 'ArrowLeft') return run(() => goBack());
      if (e.altKey && key === 'ArrowRight') return run(() => goForward());
      const up = (e.altKey && key === 'ArrowUp') || (key === 'Backspace' && !inText(e.target));
      if (up) {
        const { location, mount } = currentPlace();
        if (location && mount && location.path !== mount.mountpoint) {
          stop();
          openFolder(dirName(location.path));
        }
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
}

