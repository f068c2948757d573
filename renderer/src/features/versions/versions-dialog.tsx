import { ArchiveRestore, Camera, FolderOpen, History, Radio } from 'lucide-react';
import type { FileVersion } from '../../../../shared/contract/index';
import type { Volume } from '../../../../shared/domain';
import { closeDialog } from '../../app/dialog-store';
import { toErrorInfo } from '../../lib/errors';
import { formatBytes, formatDateTime } from '../../lib/format';
import { baseName } from '../../lib/paths';
import { queryCache, useCall } from '../../lib/use-query';
import { callKey } from '../../lib/query-cache';
import type { Snapshot } from '../../../../shared/domain';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Dialog } from '../../ui/dialog';
import { Spinner } from '../../ui/spinner';
import { planRestore } from '../browser/restore-dialog';
import { browseSnapshot } from '../timeline/snapshot-actions';

/** The snapshot objects of the volume, if the timeline already loaded them. */
function knownSnapshot(volume: Volume | null, id: string): Snapshot | undefined {
  if (!volume) return undefined;
  return queryCache.get<Snapshot[]>(callKey('snapshots', { target: volume.id })).data?.find((s) => s.id === id);
}

function VersionRow({ v, path, volume, n }: { v: FileVersion; path: string; volume: Volume | null; n: number }) {
  const first = v.snapshots[0];
  const firstName = v.snapshotNames[0] ?? first ?? '';
  return (
    <li data-testid="version-row" className="flex items-center gap-3 border-b border-line px-3 py-2.5 last:border-b-0">
      <div className={`flex h-8 w-8 shrink-0 items-center justify-center rounded-lg ${v.live ? 'bg-success-soft text-success' : 'bg-snapshot-soft text-snapshot'}`}>
        {v.live ? <Radio size={15} /> : <Camera size={15} />}
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2 text-[13px]">
          <span className="font-semibold">{v.live ? 'Current version' : `Version ${n}`}</span>
          <span className="text-[12px] text-fg-muted">modified {formatDateTime(v.mtime)}</span>
        </div>
        <div className="truncate text-[12px] text-fg-muted" title={v.snapshotNames.join(', ')}>
          {formatBytes(v.size)}
          {v.snapshotNames.length > 0 && ` · in ${v.snapshotNames.length === 1 ? v.snapshotNames[0] : `${v.snapshotNames[0]} … ${v.snapshotNames[v.snapshotNames.length - 1]} (${v.snapshotNames.length} snapshots)`}`}
        </div>
      </div>
      {!v.live && first && (
        <>
          <Button
            size="sm"
            variant="ghost"
            icon={<FolderOpen size={14} />}
            onClick={() => {
              const s = knownSnapshot(volume, first);
              if (s && volume) {
                closeDialog();
                void browseSnapshot(s, volume);
              }
            }}
            disabled={!knownSnapshot(volume, first)}
          >
            Show
          </Button>
          <Button size="sm" icon={<ArchiveRestore size={14} />} onClick={() => { closeDialog(); planRestore(path, { id: first, name: firstName }, 'overwrite'); }}>
            Restore
          </Button>
        </>
      )}
    </li>
  );
}

/** "Show versions": the distinct versions of a file across the snapshots of its volume. */
export function VersionsDialog({ path, volume }: { path: string; volume: Volume | null }) {
  const q = useCall('versions', { path });
  const err = q.status === 'error' && !q.data ? toErrorInfo(q.error) : null;
  const list = q.data ?? [];
  const older = list.filter((v) => !v.live);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="versions-dialog"
      tone="snapshot"
      icon={<History size={18} />}
      title={`Versions of ${baseName(path)}`}
      description={q.data ? `${older.length} earlier version${older.length === 1 ? '' : 's'} found in snapshots, oldest first.` : 'Looking through the snapshots of this volume…'}
      width={620}
      footer={<Button onClick={closeDialog}>Close</Button>}
    >
      {q.status === 'loading' && !q.data ? (
        <div className="flex items-center gap-2 py-6 text-fg-muted">
          <Spinner /> Comparing the file across snapshots…
        </div>
      ) : err ? (
        <EmptyState icon={<History size={24} />} title={err.code === 'NOT_SUPPORTED' ? 'Versions are not available yet' : 'Could not list versions'} className="py-6">
          {err.message}
        </EmptyState>
      ) : (
        <ul className="overflow-hidden rounded-lg border border-line bg-view">
          {list.map((v, i) => (
            <VersionRow key={`${v.path}:${i}`} v={v} path={path} volume={volume} n={older.indexOf(v) + 1} />
          ))}
        </ul>
      )}
    </Dialog>
  );
}
