import { Camera, GitCompareArrows, Undo2 } from 'lucide-react';
import type { SnapshotView } from '../../app/app-store';
import { backToLive } from '../../app/app-store';
import { formatDateTime } from '../../lib/format';
import { Button } from '../../ui/button';
import { Tooltip } from '../../ui/tooltip';

/** Shown above the file list while a snapshot is browsed: which, when, read-only, and the way back. */
export function SnapshotBanner({ snapshot, compare }: { snapshot: SnapshotView; compare: { enabled: boolean; reason?: string; run: () => void } }) {
  return (
    <div data-testid="snapshot-banner" className="flex shrink-0 items-center gap-3 border-b border-snapshot/25 bg-snapshot-soft px-4 py-2">
      <div className="flex h-7 w-7 items-center justify-center rounded-md bg-snapshot text-white">
        <Camera size={15} />
      </div>
      <div className="min-w-0 flex-1 leading-tight">
        <div className="truncate text-[13px] font-semibold text-fg">
          Snapshot <span className="font-mono text-[12.5px]">{snapshot.name}</span>
        </div>
        <div className="text-[12px] text-fg-muted">
          Taken {formatDateTime(snapshot.created)} · read-only{snapshot.temporary ? ' · mounted temporarily for browsing' : ''}
        </div>
      </div>
      <Tooltip content={compare.enabled ? 'What changed between this snapshot and now' : compare.reason}>
        <span>
          <Button size="sm" icon={<GitCompareArrows size={14} />} disabled={!compare.enabled} onClick={compare.run}>
            Compare with live
          </Button>
        </span>
      </Tooltip>
      <Button size="sm" variant="primary" icon={<Undo2 size={14} />} onClick={backToLive} data-testid="back-to-live">
        Back to live
      </Button>
    </div>
  );
}
