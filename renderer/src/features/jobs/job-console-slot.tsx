import { Suspense, lazy, type ComponentType } from 'react';
import { formatArgv } from '../../lib/format';
import { useStore } from '../../lib/store';
import { jobOutputStore } from './jobs-store';

/**
 * The operations console (xterm.js) is built in `features/console/`. When that folder exports a
 * `JobConsole({ jobId })` component from its index, the jobs panel shows it; until then, a plain log.
 */
const modules = import.meta.glob<{ JobConsole?: ComponentType<{ jobId: string }> }>('../console/index.{ts,tsx}');
const loader = Object.values(modules)[0];
const ExternalConsole = loader
  ? lazy(async () => {
      const m = await loader();
      return { default: m.JobConsole ?? PlainLog };
    })
  : null;

/** The job's live output in plain text (fallback for the console). */
function PlainLog({ jobId }: { jobId: string }) {
  const lines = useStore(jobOutputStore, (m) => m.get(jobId));
  if (!lines?.length) return <div className="px-3 py-2 text-[12px] text-fg-subtle">No output.</div>;
  return (
    <pre className="selectable max-h-56 overflow-auto px-3 py-2 font-mono text-[11.5px] leading-relaxed whitespace-pre-wrap">
      {lines.map((l, i) => (
        <div key={i} className={l.stream === 'stderr' ? 'text-danger-text' : l.stream === 'info' ? 'text-fg-subtle' : 'text-fg'}>
          {l.argv ? `$ ${formatArgv(l.argv)}\n` : ''}
          {l.text}
        </div>
      ))}
    </pre>
  );
}

/** The console for one job: the xterm.js console when installed, else the plain log. */
export function JobConsoleSlot({ jobId }: { jobId: string }) {
  if (!ExternalConsole) return <PlainLog jobId={jobId} />;
  return (
    <Suspense fallback={<PlainLog jobId={jobId} />}>
      <ExternalConsole jobId={jobId} />
    </Suspense>
  );
}
