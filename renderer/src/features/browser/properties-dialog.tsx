import { Info } from 'lucide-react';
import type { DirEntry, Mount } from '../../../../shared/domain';
import { closeDialog } from '../../app/dialog-store';
import { toErrorInfo } from '../../lib/errors';
import { formatBytes, formatDateTime, formatMode } from '../../lib/format';
import { baseName } from '../../lib/paths';
import { useCall } from '../../lib/use-query';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { Dialog } from '../../ui/dialog';
import { Spinner } from '../../ui/spinner';
import { FileIcon } from './file-icon';
import { kindLabel } from './sort';

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-fg-muted">{label}</dt>
      <dd className="selectable min-w-0 break-words text-fg" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

/** How much of a file's data is shared with other files (reflinks, snapshots) and how much is its own. */
function SharingBar({ shared, exclusive }: { shared: number; exclusive: number }) {
  const total = shared + exclusive || 1;
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex h-2.5 overflow-hidden rounded-full bg-pressed">
        <div className="h-full bg-clone" style={{ width: `${(shared / total) * 100}%` }} />
        <div className="h-full bg-accent" style={{ width: `${(exclusive / total) * 100}%` }} />
      </div>
      <div className="flex gap-4 text-[12px]">
        <span className="flex items-center gap-1.5">
          <span className="h-2 w-2 rounded-full bg-clone" /> Shared {formatBytes(shared)}
        </span>
        <span className="flex items-center gap-1.5">
          <span className="h-2 w-2 rounded-full bg-accent" /> Exclusive {formatBytes(exclusive)}
        </span>
      </div>
    </div>
  );
}

/** Properties of a file or folder: size, allocation, shared / exclusive bytes where the filesystem knows. */
export function PropertiesDialog({ path, entry, mount }: { path: string; entry: DirEntry | null; mount: Mount | null }) {
  const q = useCall('fileInfo', { path });
  const info = q.data;
  const err = q.status === 'error' ? toErrorInfo(q.error) : null;
  const name = baseName(path);
  const type = info?.type ?? entry?.type ?? 'file';
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="properties-dialog"
      icon={<FileIcon entry={{ type, name, volumeRoot: entry?.volumeRoot }} size={20} />}
      title={name}
      description={<span className="font-mono text-[12px] break-all">{path}</span>}
      footer={<Button onClick={closeDialog}>Close</Button>}
    >
      <div className="flex flex-col gap-4">
        {q.status === 'loading' && !info && (
          <div className="flex items-center gap-2 text-[12.5px] text-fg-muted">
            <Spinner size={14} /> Measuring shared extents…
          </div>
        )}
        {info && info.sharedBytes !== null && info.exclusiveBytes !== null && (
          <section className="rounded-lg border border-line bg-panel p-3">
            <div className="mb-2 text-[12px] font-semibold text-fg-muted">Block sharing</div>
            <SharingBar shared={info.sharedBytes} exclusive={info.exclusiveBytes} />
          </section>
        )}
        {err && (
          <Callout tone="neutral" title="Shared and exclusive sizes are not available">
            {err.message}
          </Callout>
        )}
        <dl className="grid grid-cols-[120px_1fr] gap-x-4 gap-y-2 text-[12.5px]">
          <Row label="Kind">{entry ? kindLabel(entry) : type}</Row>
          <Row label="Size" testId="prop-size">
            {formatBytes(info?.size ?? entry?.size)} <span className="text-fg-subtle">({(info?.size ?? entry?.size ?? 0).toLocaleString('en')} bytes)</span>
          </Row>
          {info && <Row label="On disk">{formatBytes(info.allocated)}</Row>}
          {info && (
            <Row label="Shared" testId="prop-shared">
              {info.sharedBytes === null ? 'Unknown' : formatBytes(info.sharedBytes)}
            </Row>
          )}
          {info && (
            <Row label="Exclusive" testId="prop-exclusive">
              {info.exclusiveBytes === null ? 'Unknown' : formatBytes(info.exclusiveBytes)}
            </Row>
          )}
          <Row label="Modified">{formatDateTime(info?.mtime ?? entry?.mtime)}</Row>
          <Row label="Permissions">
            <span className="font-mono">{formatMode(info?.mode ?? entry?.mode ?? 0)}</span>
            {info && <span className="text-fg-subtle"> · owner {info.uid}:{info.gid}</span>}
          </Row>
          <Row label="Inode">
            {info?.ino ?? entry?.ino}
            {info && info.nlink > 1 && <span className="text-fg-subtle"> · {info.nlink} hard links</span>}
          </Row>
          <Row label="Filesystem">
            {info?.fstype ?? mount?.fstype ?? '—'} <span className="text-fg-subtle">on {info?.mountpoint ?? mount?.mountpoint ?? '—'}</span>
          </Row>
          {info?.volumeId && <Row label="Volume"><span className="font-mono text-[12px]">{info.volumeId}</span></Row>}
        </dl>
        <div className="flex items-start gap-2 text-[11.5px] leading-snug text-fg-subtle">
          <Info size={13} className="mt-px shrink-0" />
          Per-file sizes count reflinked and snapshotted data once in every file that shares it, so they add up to more than the disk holds.
        </div>
      </div>
    </Dialog>
  );
}
