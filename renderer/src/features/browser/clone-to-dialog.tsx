import { FolderInput, FolderSearch } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ClonePreview } from '../../../../shared/contract/index';
import { checkAbsolutePath, checkFileName } from '../../../../shared/validate';
import { getClient, nativeDialogs } from '../../client/index';
import { closeDialog } from '../../app/dialog-store';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';
import { baseName, joinPath } from '../../lib/paths';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { Dialog, DialogActions, SubmitForm } from '../../ui/dialog';
import { Spinner } from '../../ui/spinner';
import { TextField } from '../../ui/text-field';
import { ClonePreviewCard } from './clone-preview-dialog';
import { runClone } from './file-commands';

/** "Clone to…": choose a folder (and a name for one item); the mechanism is previewed as you type. */
export function CloneToDialog({ sources, folder: initialFolder }: { sources: string[]; folder: string }) {
  const single = sources.length === 1;
  const native = nativeDialogs(); // the OS folder chooser in the desktop app; typing the path in serve mode
  const [folder, setFolder] = useState(initialFolder);
  const [name, setName] = useState(single ? baseName(sources[0]!) : '');
  const [previews, setPreviews] = useState<ClonePreview[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(false);

  const folderCheck = checkAbsolutePath(folder, 'Folder');
  const nameCheck = single ? checkFileName(name) : ({ ok: true } as const);
  const inputError = !folderCheck.ok ? folderCheck.message : !nameCheck.ok ? nameCheck.message : null;
  const destinations = sources.map((s) => joinPath(folder, single ? name : baseName(s)));
  const same = sources.some((s, i) => s === destinations[i]);

  useEffect(() => {
    if (inputError || same) {
      setPreviews(null);
      return;
    }
    let alive = true;
    setLoading(true);
    const t = setTimeout(() => {
      Promise.all(sources.map((source, i) => getClient().call('planClone', { source, destination: destinations[i] })))
        .then((p) => alive && (setPreviews(p), setError(null)))
        .catch((e) => alive && (setPreviews(null), setError(toErrorInfo(e))))
        .finally(() => alive && setLoading(false));
    }, 300);
    return () => {
      alive = false;
      clearTimeout(t);
    };
    // destinations derive from folder + name, which are listed
  }, [folder, name, inputError, same]);

  const exists = previews?.some((p) => p.destinationExists) ?? false;
  const ready = !!previews && !exists && !loading && !inputError && !same;
  const go = () => {
    if (!ready) return;
    closeDialog();
    void (async () => {
      for (const p of previews!) await runClone(p.source, p.destination);
    })();
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="clone-to-dialog"
      tone="clone"
      icon={<FolderInput size={18} />}
      title={single ? `Clone ${baseName(sources[0]!)} to…` : `Clone ${sources.length} items to…`}
      description="Copy-on-write: the clone shares blocks with the original until either changes."
      width={600}
      footer={<DialogActions onCancel={closeDialog} onConfirm={go} label="Clone" disabled={!ready} testId="clone-to-confirm" />}
    >
      <SubmitForm className="flex flex-col gap-3" onSubmit={go}>
        <div className="flex items-start gap-2">
          <TextField className="flex-1" mono label="Destination folder" value={folder} onChange={(e) => setFolder(e.target.value)} error={!folderCheck.ok ? folderCheck.message : null} autoFocus={!single} />
          {native && (
            <Button
              className="mt-[22px]"
              icon={<FolderSearch size={14} />}
              onClick={() => {
                native
                  .chooseFolder({ title: 'Clone to folder', defaultPath: folder, buttonLabel: 'Clone here' })
                  .then((p) => p && setFolder(p))
                  .catch((e) => setError(toErrorInfo(e)));
              }}
            >
              Browse…
            </Button>
          )}
        </div>
        {single && <TextField mono label="Name" value={name} onChange={(e) => setName(e.target.value)} error={!nameCheck.ok ? nameCheck.message : same ? 'That is the original itself: choose another folder or name.' : null} autoFocus />}
        {loading && (
          <div className="flex items-center gap-2 text-[12.5px] text-fg-muted">
            <Spinner size={14} /> Checking how this can be cloned…
          </div>
        )}
        {error && !loading && <Callout tone={error.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'} title="This cannot be cloned there">{error.message}</Callout>}
        {exists && <Callout tone="warning" title="Something with that name already exists">Choose another name: cloning never overwrites.</Callout>}
        {previews && !loading && previews.map((p) => <ClonePreviewCard key={p.source} p={p} />)}
      </SubmitForm>
    </Dialog>
  );
}
