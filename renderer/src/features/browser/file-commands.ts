import type { ClonePreview } from '../../../../shared/contract/index';
import type { CloneResult } from '../../../../shared/contract/index';
import { getClient } from '../../client/index';
import { appStore, listingPath } from '../../app/app-store';
import { baseName, dirName } from '../../lib/paths';
import { copyText } from '../../lib/clipboard';
import { reportError, toast } from '../errors/toast-store';
import { waitForJob } from '../jobs/jobs-store';
import { openDialog } from '../../app/dialog-store';
import { selectWhenListed } from './browser-store';

const MECHANISM_TEXT: Record<ClonePreview['mechanism'], string> = {
  'reflink-file': 'Reflink — the clone shares all blocks',
  'copy-file': 'Full copy — this filesystem cannot share blocks here',
  'btrfs-snapshot': 'Writable btrfs snapshot — instant, shares everything',
  'zfs-clone': 'ZFS snapshot + clone — instant, creates lineage',
  'tree-copy': 'Folder recreated with every file reflinked',
};
export const mechanismText = (m: ClonePreview['mechanism']): string => MECHANISM_TEXT[m];

/** A preview that needs no questions: a plain reflink of a file, no warnings, nothing overwritten. */
const isSimple = (p: ClonePreview) => p.mechanism === 'reflink-file' && !p.warnings.length && !p.destinationExists;

/** Run one clone as a job; select the result when it lands in the folder on screen. */
export async function runClone(source: string, destination?: string, overwrite?: boolean): Promise<void> {
  try {
    const job = await getClient().call('clone', { source, destination, overwrite });
    const end = await waitForJob(job);
    if (end.state === 'done') {
      const r = end.result as CloneResult | undefined;
      const dest = r?.destination ?? destination;
      const loc = appStore.get().location;
      if (dest && loc && dirName(dest) === listingPath(loc)) selectWhenListed([baseName(dest)]);
      toast({
        tone: 'success',
        title: `Cloned ${baseName(source)}`,
        message: r
          ? `${baseName(r.destination)} · ${MECHANISM_TEXT[r.mechanism].split(' — ')[0]}${r.sharingVerified ? ' · blocks shared' : ''}${r.notes.length ? ` · ${r.notes.join('; ')}` : ''}`
          : undefined,
      });
    } else if (end.state === 'failed') {
      reportError(`Could not clone ${baseName(source)}`, end.error);
    }
  } catch (e) {
    reportError(`Could not clone ${baseName(source)}`, e);
  }
}

/** "Clone here": preview each source; plain file reflinks run at once, anything else asks first. */
export async function cloneHere(sources: string[]): Promise<void> {
  if (!sources.length) return;
  let previews: ClonePreview[];
  try {
    previews = await Promise.all(sources.map((source) => getClient().call('planClone', { source })));
  } catch (e) {
    reportError(sources.length === 1 ? `Cannot clone ${baseName(sources[0]!)}` : 'Cannot clone the selection', e);
    return;
  }
  if (previews.every(isSimple)) {
    for (const p of previews) await runClone(p.source, p.destination);
    return;
  }
  openDialog({ kind: 'clone-preview', previews });
}

/** Copy paths to the clipboard (one per line). */
export async function copyPaths(paths: string[]): Promise<void> {
  try {
    await copyText(paths.join('\n'));
    toast({ tone: 'info', title: paths.length === 1 ? 'Path copied' : `${paths.length} paths copied`, message: paths.length === 1 ? paths[0] : undefined });
  } catch (e) {
    reportError('Could not copy to the clipboard', e);
  }
}
