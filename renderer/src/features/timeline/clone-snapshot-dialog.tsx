import { GitBranchPlus } from 'lucide-react';
import { useState } from 'react';
import type { Mount, Snapshot, Volume } from '../../../../shared/domain';
import { checkBtrfsName, checkZfsDataset } from '../../../../shared/validate';
import { getClient } from '../../client/index';
import { closeDialog } from '../../app/dialog-store';
import { openFolder, showLineage } from '../../app/app-store';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';
import { invalidateMethods } from '../../lib/use-query';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { Dialog, DialogActions, SubmitForm } from '../../ui/dialog';
import { TextField } from '../../ui/text-field';
import { showErrorDetails, toast } from '../errors/toast-store';

/** Default name of a clone: next to the origin, "-clone" appended. */
export function defaultCloneName(volume: Pick<Volume, 'kind' | 'name'>, snapshot: Pick<Snapshot, 'name'>): string {
  if (volume.kind === 'zfs') return `${volume.name}-${snapshot.name.replace(/[^A-Za-z0-9_.:-]/g, '-')}-clone`;
  const base = volume.name.slice(volume.name.lastIndexOf('/') + 1) || 'subvolume';
  return `${base}-${snapshot.name}-clone`.replace(/\//g, '-');
}

/** "Clone as new volume": a ZFS clone or a writable btrfs snapshot of a snapshot. */
export function CloneSnapshotDialog({ snapshot, volume }: { snapshot: Snapshot; volume: Volume; mount: Mount | null }) {
  const [name, setName] = useState(() => defaultCloneName(volume, snapshot));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const v = volume.kind === 'zfs' ? checkZfsDataset(name) : checkBtrfsName(name);
  const invalid = v.ok ? null : v.message;

  const run = async () => {
    if (invalid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const made = await getClient().call('cloneSnapshot', { snapshot: snapshot.id, name });
      invalidateMethods('volumes', 'snapshots', 'lineage', 'probe', 'listDir');
      closeDialog();
      toast({
        tone: 'success',
        title: 'Clone created',
        message: `${made.name}${made.path ? ` at ${made.path}` : ''}`,
        action: made.path ? { label: 'Open', run: () => openFolder(made.path!) } : { label: 'Show lineage', run: () => showLineage(made.id) },
      });
    } catch (e) {
      setBusy(false);
      setError(toErrorInfo(e));
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="clone-snapshot-dialog"
      tone="clone"
      icon={<GitBranchPlus size={18} />}
      title={`Clone ${snapshot.name}`}
      description={
        volume.kind === 'zfs'
          ? 'A new writable dataset that starts with this snapshot’s files. It depends on the snapshot until promoted.'
          : 'A writable snapshot of this snapshot: an independent subvolume that shares all blocks.'
      }
      footer={<DialogActions onCancel={closeDialog} onConfirm={() => void run()} label="Create clone" disabled={!!invalid} busy={busy} testId="clone-snapshot" />}
    >
      <SubmitForm className="flex flex-col gap-3" onSubmit={() => void run()}>
        <TextField autoFocus mono label={volume.kind === 'zfs' ? 'New dataset' : 'New subvolume name'} value={name} onChange={(e) => setName(e.target.value)} error={invalid} />
        {error && (
          <Callout tone="danger" title="The clone was not created" action={error.command ? <Button size="sm" onClick={() => showErrorDetails(error)}>Details</Button> : undefined}>
            {error.message}
          </Callout>
        )}
      </SubmitForm>
    </Dialog>
  );
}
