import { FileQuestion } from 'lucide-react';
import { toErrorInfo } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { useCall } from '../../lib/use-query';
import { Callout } from '../../ui/callout';
import { Spinner } from '../../ui/spinner';

/** The start of one version of a file: text as text, anything else described. */
export function VersionPreview({ path }: { path: string }) {
  const q = useCall('previewFile', { path, maxBytes: 256 * 1024 });
  if (q.status === 'loading' && !q.data)
    return (
      <div className="flex h-full items-center justify-center gap-2 text-[13px] text-fg-muted">
        <Spinner /> Reading…
      </div>
    );
  if (q.status === 'error' && !q.data) {
    const e = toErrorInfo(q.error);
    return (
      <div className="p-3">
        <Callout tone="neutral" title="No preview">
          {e.code === 'PATH_NOT_FOUND' || e.code === 'OUTSIDE_MOUNTS' ? 'This version is no longer mounted (temporary snapshot folders are removed after a while). Reopen the versions to read it again.' : e.message}
        </Callout>
      </div>
    );
  }
  const p = q.data!;
  if (p.text === null)
    return (
      <div className="flex h-full flex-col items-center justify-center gap-2 text-[13px] text-fg-muted">
        <FileQuestion size={22} className="text-fg-subtle" />
        Not a text file ({formatBytes(p.size)}): no preview.
      </div>
    );
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="version-preview">
      <pre className="min-h-0 flex-1 overflow-auto px-3 py-2 font-mono text-[12px] leading-[1.55] whitespace-pre-wrap text-fg [overflow-wrap:anywhere]">{p.text}</pre>
      {p.truncated && <div className="border-t border-line px-3 py-1.5 text-[11.5px] text-fg-muted">Showing the first {formatBytes(p.text.length)} of {formatBytes(p.size)}.</div>}
    </div>
  );
}
