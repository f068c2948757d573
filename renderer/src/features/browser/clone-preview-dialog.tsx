import { CircleCheck, CircleMinus, Copy, GitBranch, ArrowRight } from 'lucide-react';
import type { ClonePreview } from '../../../../shared/contract/index';
import { closeDialog } from '../../app/dialog-store';
import { cn } from '../../lib/cn';
import { baseName } from '../../lib/paths';
import { Callout } from '../../ui/callout';
import { Dialog, DialogActions } from '../../ui/dialog';
import { mechanismText, runClone } from './file-commands';

/** One source: where it goes, the mechanism that will run, and every mechanism considered. */
export function ClonePreviewCard({ p }: { p: ClonePreview }) {
  return (
    <div className="flex flex-col gap-2.5 rounded-lg border border-line bg-panel p-3" data-testid="clone-preview" data-mechanism={p.mechanism}>
      <div className="flex min-w-0 items-center gap-2 font-mono text-[12px]">
        <span className="truncate" title={p.source}>{baseName(p.source)}</span>
        <ArrowRight size={13} className="shrink-0 text-fg-subtle" />
        <span className="truncate font-semibold" title={p.destination}>{baseName(p.destination)}</span>
      </div>
      <div className="flex items-start gap-2 rounded-md bg-accent-soft px-2.5 py-2 text-[12.5px]">
        <Copy size={14} className="mt-0.5 shrink-0 text-accent-text" />
        <div>
          <div className="font-semibold text-fg">{mechanismText(p.mechanism)}</div>
          <div className="text-fg-muted">{p.description}</div>
        </div>
      </div>
      {p.createsLineage && (
        <div className="flex items-center gap-2 text-[12px] text-clone">
          <GitBranch size={13} /> Creates a snapshot and a clone that depends on it (shown in the lineage view).
        </div>
      )}
      {p.options.length > 1 && (
        <ul className="flex flex-col gap-1 text-[12px]">
          {p.options.map((o) => (
            <li key={o.mechanism} className={cn('flex items-start gap-2', !o.ok && 'text-fg-subtle')}>
              {o.ok ? <CircleCheck size={13} className="mt-0.5 shrink-0 text-success" /> : <CircleMinus size={13} className="mt-0.5 shrink-0" />}
              <span>
                <span className={cn(o.mechanism === p.mechanism && 'font-semibold text-fg')}>{o.description}</span>
                {o.reason && <span> — {o.reason}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {p.warnings.map((w, i) => (
        <Callout key={i} tone="warning">
          {w}
        </Callout>
      ))}
    </div>
  );
}

/** "Clone here" when it is more than a plain reflink: the mechanism is shown before anything runs. */
export function ClonePreviewDialog({ previews }: { previews: ClonePreview[] }) {
  const blocked = previews.some((p) => p.destinationExists);
  const go = () => {
    closeDialog();
    void (async () => {
      for (const p of previews) await runClone(p.source, p.destination);
    })();
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="clone-preview-dialog"
      tone="clone"
      icon={<Copy size={18} />}
      title={previews.length === 1 ? `Clone ${baseName(previews[0]!.source)}` : `Clone ${previews.length} items`}
      description="How the clone will be made — nothing runs until you confirm."
      width={600}
      footer={<DialogActions onCancel={closeDialog} onConfirm={go} label="Clone" disabled={blocked} testId="clone-confirm" autoFocus />}
    >
      <div className="flex flex-col gap-3">
        {previews.map((p) => (
          <ClonePreviewCard key={p.source} p={p} />
        ))}
      </div>
    </Dialog>
  );
}
