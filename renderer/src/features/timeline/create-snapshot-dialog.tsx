import { Camera } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { Mount, Volume } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { closeDialog } from '../../app/dialog-store';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';
import { useCall, invalidateMethods } from '../../lib/use-query';
import { volumeLabel } from '../../lib/places';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { Checkbox } from '../../ui/checkbox';
import { Dialog, DialogActions, SubmitForm } from '../../ui/dialog';
import { TextField } from '../../ui/text-field';
import { showErrorDetails, toast } from '../errors/toast-store';
import { defaultSnapshotName, snapshotNameError } from './timeline-rows';

/** "Snapshot this volume": name prefilled and validated as you type. */
export function CreateSnapshotDialog({ volume, mount }: { volume: Volume; mount: Mount | null }) {
  const [name, setName] = useState(() => defaultSnapshotName());
  const [readonly, setReadonly] = useState(true);
  const [recursive, setRecursive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const snaps = useCall('snapshots', { target: volume.id });
  const existing = useMemo(() => (snaps.data ?? []).map((s) => s.name), [snaps.data]);
  const invalid = snapshotNameError(volume, name, existing);
  const cap = mount?.capabilities.snapshot;

  const create = async () => {
    if (invalid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const made = await getClient().call('createSnapshot', {
        target: volume.id,
        name,
        readonly: volume.kind === 'btrfs' ? readonly : undefined,
        recursive: volume.kind === 'zfs' && recursive ? true : undefined,
      });
      invalidateMethods('snapshots', 'lineage', 'volumes', 'space');
      closeDialog();
      toast({ tone: 'success', title: 'Snapshot created', message: made.map((s) => s.fullName || s.name).join(', ') });
    } catch (e) {
      setBusy(false);
      setError(toErrorInfo(e));
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="create-snapshot-dialog"
      tone="snapshot"
      icon={<Camera size={18} />}
      title={`Snapshot ${volumeLabel(volume)}`}
      description={
        <>
          A point-in-time, {volume.kind === 'btrfs' && !readonly ? 'writable' : 'read-only'} copy of <span className="font-mono">{volume.name}</span> that costs no space until files change.
        </>
      }
      footer={<DialogActions onCancel={closeDialog} onConfirm={() => void create()} label="Create snapshot" disabled={!!invalid} busy={busy} testId="create-snapshot" />}
    >
      <SubmitForm className="flex flex-col gap-4" onSubmit={() => void create()}>
        <TextField
          autoFocus
          mono
          label="Name"
          data-testid="snapshot-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={invalid}
          hint={volume.kind === 'zfs' ? `Will be ${volume.name}@${name}` : 'Letters, digits, dots, dashes and underscores work everywhere.'}
          onFocus={(e) => e.currentTarget.select()}
        />
        {volume.kind === 'btrfs' && (
          <Checkbox checked={readonly} onChange={setReadonly} label="Read-only" hint="Recommended: read-only snapshots can be compared and sent incrementally." />
        )}
        {volume.kind === 'zfs' && (
          <Checkbox checked={recursive} onChange={setRecursive} label="Include child datasets" hint="All datasets below are snapshotted atomically, at the same instant (zfs snapshot -r)." />
        )}
        {cap?.needsAdmin && <Callout tone="info">This needs administrator rights; Cowshed will ask once.</Callout>}
        {error && (
          <Callout tone="danger" title="The snapshot was not created" action={error.command ? <Button size="sm" onClick={() => showErrorDetails(error)}>Details</Button> : undefined}>
            {error.message}
          </Callout>
        )}
      </SubmitForm>
    </Dialog>
  );
}
