import { useStore } from '../lib/store';
import { ClonePreviewDialog } from '../features/browser/clone-preview-dialog';
import { CloneToDialog } from '../features/browser/clone-to-dialog';
import { PropertiesDialog } from '../features/browser/properties-dialog';
import { RestoreDialog } from '../features/browser/restore-dialog';
import { CloneSnapshotDialog } from '../features/timeline/clone-snapshot-dialog';
import { CreateSnapshotDialog } from '../features/timeline/create-snapshot-dialog';
import { VersionsDialog } from '../features/versions/versions-dialog';
import { assertNever } from '../../../shared/errors';
import { dialogStore } from './dialog-store';

/** Renders whichever dialog is open. */
export function DialogHost() {
  const d = useStore(dialogStore);
  if (!d) return null;
  switch (d.kind) {
    case 'properties':
      return <PropertiesDialog key={d.path} path={d.path} entry={d.entry} mount={d.mount} />;
    case 'clone-preview':
      return <ClonePreviewDialog previews={d.previews} />;
    case 'clone-to':
      return <CloneToDialog sources={d.sources} folder={d.folder} />;
    case 'restore':
      return <RestoreDialog path={d.path} volume={d.volume} snapshotId={d.snapshotId} />;
    case 'versions':
      return <VersionsDialog path={d.path} volume={d.volume} />;
    case 'create-snapshot':
      return <CreateSnapshotDialog volume={d.volume} mount={d.mount} />;
    case 'clone-snapshot':
      return <CloneSnapshotDialog snapshot={d.snapshot} volume={d.volume} mount={d.mount} />;
    default:
      return assertNever(d, 'dialog');
  }
}
