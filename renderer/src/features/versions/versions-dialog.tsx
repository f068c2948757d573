import { History } from 'lucide-react';
import type { Volume } from '../../../../shared/domain';
import { closeDialog } from '../../app/dialog-store';
import { baseName } from '../../lib/paths';
import { Dialog } from '../../ui/dialog';
import { VersionsPanel } from '../history/index';

/** "Show versions": the history panel (distinct versions across snapshots, preview, restore) in a dialog. */
export function VersionsDialog({ path }: { path: string; volume: Volume | null }) {
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closeDialog()}
      testId="versions-dialog"
      tone="snapshot"
      icon={<History size={18} />}
      title={`Versions of ${baseName(path)}`}
      description="Every distinct version kept by the snapshots of this volume."
      width={920}
      bare={{ height: 580 }}
    >
      <VersionsPanel path={path} />
    </Dialog>
  );
}
