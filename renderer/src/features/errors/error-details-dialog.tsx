import { OctagonAlert } from 'lucide-react';
import { useStore } from '../../lib/store';
import { errorTitle } from '../../lib/errors';
import { Button } from '../../ui/button';
import { CommandBlock } from '../../ui/command-block';
import { Dialog } from '../../ui/dialog';
import { errorDetailsStore } from './toast-store';

/** The failed command behind an error: argv, exit code and stderr. */
export function ErrorDetailsDialog() {
  const e = useStore(errorDetailsStore);
  const close = () => errorDetailsStore.set(null);
  return (
    <Dialog
      open={!!e}
      onOpenChange={(o) => !o && close()}
      icon={<OctagonAlert size={18} />}
      tone="danger"
      title={e ? errorTitle(e.code) : ''}
      description={e?.message}
      width={640}
      testId="error-details"
      footer={<Button onClick={close}>Close</Button>}
    >
      {e && (
        <div className="flex flex-col gap-3">
          <dl className="grid grid-cols-[110px_1fr] gap-x-3 gap-y-1.5 text-[12.5px]">
            <dt className="text-fg-muted">Error code</dt>
            <dd className="font-mono">{e.code}</dd>
            {e.command && (
              <>
                <dt className="text-fg-muted">Exit code</dt>
                <dd className="font-mono">
                  {e.command.exitCode ?? '—'}
                  {e.command.signal ? ` (signal ${e.command.signal})` : ''}
                </dd>
              </>
            )}
          </dl>
          {e.command ? (
            <>
              <CommandBlock commands={[e.command.argv]} label="Command that failed" />
              <div>
                <div className="mb-1 text-[12px] font-medium text-fg-muted">Error output (stderr)</div>
                <pre className="selectable max-h-60 overflow-auto rounded-lg border border-line bg-view px-3 py-2 font-mono text-[12px] leading-relaxed whitespace-pre-wrap text-danger-text">
                  {e.command.stderr.trim() || '(empty)'}
                </pre>
              </div>
            </>
          ) : (
            <div className="text-[12.5px] text-fg-muted">No external command was involved: Cowshed refused or failed before running one.</div>
          )}
          {e.details !== undefined && (
            <details className="text-[12px]">
              <summary className="cursor-pointer text-fg-muted">Technical details</summary>
              <pre className="selectable mt-1 max-h-40 overflow-auto rounded-lg bg-hover p-2 font-mono text-[11.5px]">{JSON.stringify(e.details, null, 2)}</pre>
            </details>
          )}
        </div>
      )}
    </Dialog>
  );
}
