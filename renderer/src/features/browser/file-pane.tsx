import * as CM from '@radix-ui/react-context-menu';
import { FolderOpen, FolderX, SearchX, ShieldAlert } from 'lucide-react';
import { useCallback, useEffect, useMemo } from 'react';
import type { DirEntry } from '../../../../shared/domain';
import { appStore, listingPath, openFolder, navigate, setFilter } from '../../app/app-store';
import { openDialog } from '../../app/dialog-store';
import { usePlace } from '../../app/use-place';
import { toErrorInfo } from '../../lib/errors';
import { joinPath } from '../../lib/paths';
import { capabilityOf } from '../../lib/places';
import { useStore } from '../../lib/store';
import { useCall } from '../../lib/use-query';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Spinner } from '../../ui/spinner';
import { showErrorDetails } from '../errors/toast-store';
import { startCompare } from '../compare/compare-store';
import { browserStore, resetForPath, setSelection } from './browser-store';
import { FileContextMenu } from './file-context-menu';
import { FileList } from './file-list';
import { pruneSelection, selectOnly } from './selection';
import { filterEntries, sortEntries } from './sort';
import { SnapshotBanner } from './snapshot-banner';

const NO_ENTRIES: DirEntry[] = [];

/** The selected entries, in list order (no per-listing map: folders can hold 100,000 entries). */
function selectedOf(entries: readonly DirEntry[], names: ReadonlySet<string>): DirEntry[] {
  if (names.size === 0) return NO_ENTRIES;
  const out: DirEntry[] = [];
  for (const e of entries) if (names.has(e.name)) out.push(e);
  return out;
}
const fileListEl = () => document.querySelector<HTMLElement>('[data-testid="file-list"]');

/** The file pane: a live folder or the same folder inside a snapshot, with the context menu. */
export function FilePane() {
  const { location, mount } = usePlace();
  const filter = useStore(appStore, (s) => s.filter);
  const path = location ? listingPath(location) : null;
  const q = useCall('listDir', path ? { path } : null);
  const sort = useStore(browserStore, (s) => s.sort);
  const sorted = useMemo(() => (q.data ? sortEntries(q.data.entries, sort) : NO_ENTRIES), [q.data, sort]);
  const visible = useMemo(() => filterEntries(sorted, filter), [sorted, filter]);
  const selection = useStore(browserStore, (s) => s.selection);
  const pending = useStore(browserStore, (s) => s.pendingSelect);

  useEffect(() => {
    if (path) resetForPath(path);
  }, [path]);

  // Keep the selection to what is listed; select a fresh clone once it shows up.
  useEffect(() => {
    if (!q.data) return;
    const sel = browserStore.get().selection;
    if (!pending && sel.selected.size === 0 && sel.focus === null) return; // nothing to keep in step
    const present = new Set(q.data.entries.map((e) => e.name));
    if (pending && pending.every((n) => present.has(n))) {
      browserStore.set((s) => ({ ...s, pendingSelect: null }));
      setSelection(selectOnly(pending));
      fileListEl()?.focus({ preventScroll: true });
      return;
    }
    setSelection(pruneSelection(browserStore.get().selection, present));
  }, [q.data, pending]);

  const selectedEntries = useMemo(() => selectedOf(sorted, selection.selected), [selection.selected, sorted]);

  const onOpen = useCallback(
    (e: DirEntry) => {
      if (!location) return;
      if (e.type === 'dir') openFolder(joinPath(location.path, e.name));
      else openDialog({ kind: 'properties', path: joinPath(listingPath(location), e.name), entry: e, mount });
    },
    [location, mount],
  );

  if (!location || !path) {
    return (
      <div className="flex h-full items-center justify-center">
        <Spinner size={22} />
      </div>
    );
  }

  const diff = capabilityOf(mount, 'diff');
  const snap = location.snapshot;
  let body: React.ReactNode;
  if (q.status === 'loading' && !q.data) {
    body = (
      <div className="flex h-full items-center justify-center gap-2 text-fg-muted">
        <Spinner /> Reading folder…
      </div>
    );
  } else if (!q.data) {
    const err = toErrorInfo(q.error);
    body =
      err.code === 'PATH_NOT_FOUND' && snap ? (
        <EmptyState icon={<FolderX size={26} />} title="Not in this snapshot" actions={<Button onClick={() => navigate({ path: snap.volumePath, snapshot: snap })}>Go to the snapshot’s top folder</Button>}>
          This folder did not exist when <span className="font-mono">{snap.name}</span> was taken.
        </EmptyState>
      ) : (
        <EmptyState
          icon={<ShieldAlert size={26} />}
          tone="danger"
          title="This folder cannot be shown"
          actions={
            <>
              <Button onClick={q.refetch}>Try again</Button>
              {err.command && <Button onClick={() => showErrorDetails(err)}>Command and output</Button>}
            </>
          }
        >
          {err.message}
        </EmptyState>
      );
  } else if (visible.length === 0) {
    body = filter ? (
      <EmptyState icon={<SearchX size={26} />} title="No matches" actions={<Button onClick={() => setFilter('')}>Clear filter</Button>}>
        Nothing in this folder matches “{filter}”.
      </EmptyState>
    ) : (
      <EmptyState icon={<FolderOpen size={26} />} title="This folder is empty">
        {snap ? 'It was empty when the snapshot was taken.' : 'Files you add here show up at once.'}
      </EmptyState>
    );
  } else {
    body = <FileList entries={visible} selectedEntries={selectedEntries} label={`Files in ${path}`} onOpen={onOpen} />;
  }

  return (
    <div className="flex h-full min-h-0 flex-col bg-view" data-testid="file-pane" data-path={path}>
      {snap && (
        <SnapshotBanner
          snapshot={snap}
          compare={{ enabled: diff.ok, reason: diff.reason, run: () => startCompare({ a: snap.id, b: snap.volumeId, aLabel: snap.name, bLabel: 'live' }) }}
        />
      )}
      {q.data?.truncated && (
        <div className="shrink-0 border-b border-line bg-warning-soft px-4 py-1.5 text-[12px] text-fg">Only the first {q.data.entries.length.toLocaleString('en')} entries are shown.</div>
      )}
      <CM.Root>
        <CM.Trigger asChild>
          <div className="relative min-h-0 flex-1">
            {body}
            {q.fetching && q.data && (
              <div className="pointer-events-none absolute top-2 right-3">
                <Spinner size={14} />
              </div>
            )}
          </div>
        </CM.Trigger>
        <FileContextMenuHost entries={selectedEntries} />
      </CM.Root>
    </div>
  );
}

function FileContextMenuHost({ entries }: { entries: DirEntry[] }) {
  return <FileContextMenu entries={entries} returnFocusTo={fileListEl} />;
}
