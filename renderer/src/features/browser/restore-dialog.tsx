import { ArchiveRestore, Camera } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { Volume } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { closeDialog } from '../../app/dialog-store';
import { cn } from '../../lib/cn';
import { toErrorInfo } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { baseName } from '../../lib/paths';
import { useCall } from '../../lib/use-query';
import { Callout } from '../../ui/callout';
import { Dialog, DialogActions } from '../../ui/dialog';
import { Spinner } from '../../ui/spinner';
import { openPlan } from '../plans/plan-store';

type Mode = 'keep-both' | 'overwrite';

/** Open the restore plan (keep both, or overwrite — which the plan dialog asks to confirm). */
export function planRestore(path: string, snapshot: { id: string; name: string }, mode: Mode): void {
  openPlan({ title: `Restore ${baseName(path)} from ${snapshot.name}`, load: () => getClient().call('planRestore', { path, snapshot: snapshot.id, mode }) });
}

/** "Restore from snapshot…": pick the snapshot and whether to keep the current file. */
export function RestoreDialog({ path, volume, snapshotId }: { path: string; volume: Volume; snapshotId: string | null }) {
  const q = useCall('snapshots', { target: volume.id });
  const newestFirst = useMemo(() => (q.data ?? []).slice().reverse(), [q.data]);
  const [chosen, setChosen] = useState<string | null>(snapshotId);
  const [mode, setMode] = useState<Mode>('keep-both');
  const pick = chosen ?? newestFirst[0]?.id ?? null;
  const snap = newestFirst.find((s) => s.id === pick);
  const err = q.status === 'error' && !q.data ? toErrorInfo(q.error) : null;
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="restore-dialog"
      tone="accent"
      icon={<ArchiveRestore size={18} />}
      title={`Restore ${baseName(path)}`}
      description="Brings a snapshot’s version back by reflink: instant, and it shares blocks with the snapshot."
      width={560}
      footer={
        <DialogActions
          onCancel={closeDialog}
          onConfirm={() => {
            closeDialog();
            planRestore(path, snap!, mode);
          }}
          label="Review restore…"
          disabled={!snap}
        />
      }
    >
      <div className="flex flex-col gap-4">
        <section>
          <div className="mb-1.5 text-[12px] font-medium text-fg-muted">From snapshot</div>
          {q.status === 'loading' && !q.data ? (
            <Spinner />
          ) : err ? (
            <Callout tone="neutral">{err.message}</Callout>
          ) : newestFirst.length === 0 ? (
            <Callout tone="neutral">This volume has no snapshots yet.</Callout>
          ) : (
            <ul role="listbox" aria-label="Snapshots" className="max-h-60 overflow-y-auto rounded-lg border border-line bg-view">
              {newestFirst.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    role="option"
                    aria-selected={s.id === pick}
                    onClick={() => setChosen(s.id)}
                    className={cn('flex w-full items-center gap-2.5 border-b border-line px-3 py-2 text-left last:border-b-0', s.id === pick ? 'bg-selection' : 'hover:bg-hover')}
                  >
                    <Camera size={14} className="shrink-0 text-snapshot" />
                    <span className="min-w-0 flex-1 truncate font-mono text-[12.5px]">{s.name}</span>
                    <span className="tabular shrink-0 text-[12px] text-fg-muted">{formatDateTime(s.created)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1.5 text-[12px] font-medium text-fg-muted">The current version</legend>
          {(
            [
              ['keep-both', 'Keep it', 'The current version is renamed “… (before restore)” and the snapshot’s version takes its place.'],
              ['overwrite', 'Replace it', 'The current version is deleted and replaced; the plan shows exactly what changes first.'],
            ] as const
          ).map(([m, label, hint]) => (
            <label key={m} className={cn('flex cursor-pointer items-start gap-2.5 rounded-lg border px-3 py-2', mode === m ? 'border-accent bg-accent-soft' : 'border-line hover:bg-hover')}>
              <input type="radio" name="restore-mode" className="mt-1 accent-[var(--c-accent)]" checked={mode === m} onChange={() => setMode(m)} />
              <span>
                <span className="block text-[13px] font-medium">{label}</span>
                <span className="block text-[12px] text-fg-muted">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>
    </Dialog>
  );
}
