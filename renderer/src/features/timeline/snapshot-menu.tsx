import { ClipboardCopy, FolderOpen, GitBranchPlus, GitCompareArrows, Network, RotateCcw, Trash2 } from 'lucide-react';
import type { Mount, Snapshot, Volume } from '../../../../shared/domain';
import { showLineage } from '../../app/app-store';
import { openDialog } from '../../app/dialog-store';
import { capabilityOf } from '../../lib/places';
import { MenuContent, MenuItem, MenuLabel, MenuSeparator } from '../../ui/menu';
import { startCompare } from '../compare/compare-store';
import { copyPaths } from '../browser/file-commands';
import { browseSnapshot, planDestroySnapshot, planRollback } from './snapshot-actions';

const reasonOf = (c: { ok: boolean; reason?: string }) => (c.ok ? null : (c.reason ?? 'Not available here'));

/** Actions on one snapshot of the timeline (right-click, Shift+F10, or its ⋯ button). */
export function SnapshotMenu({ snapshot, volume, mount, returnFocusTo }: { snapshot: Snapshot; volume: Volume; mount: Mount | null; returnFocusTo?: () => HTMLElement | null }) {
  const diff = capabilityOf(mount, 'diff');
  const clone = capabilityOf(mount, mount?.kind === 'btrfs' ? 'writableSnapshot' : 'datasetClone');
  const rollback = capabilityOf(mount, 'rollback');
  return (
    <MenuContent label="Snapshot actions" testId="snapshot-menu" returnFocusTo={returnFocusTo}>
      <MenuLabel>{snapshot.name}</MenuLabel>
      <MenuItem icon={<FolderOpen size={15} />} label="Browse files" shortcut="Enter" onSelect={() => void browseSnapshot(snapshot, volume)} />
      <MenuItem
        testId="menu-compare"
        icon={<GitCompareArrows size={15} />}
        label="Compare with live"
        disabledReason={reasonOf(diff)}
        onSelect={() => void startCompare({ a: snapshot.id, b: volume.id, aLabel: snapshot.name, bLabel: 'live' })}
      />
      <MenuItem icon={<Network size={15} />} label="Show in lineage" onSelect={() => showLineage(volume.id)} />
      <MenuSeparator />
      <MenuItem
        testId="menu-clone-snapshot"
        icon={<GitBranchPlus size={15} />}
        label="Clone as new volume…"
        disabledReason={reasonOf(clone)}
        needsAdmin={clone.needsAdmin}
        onSelect={() => openDialog({ kind: 'clone-snapshot', snapshot, volume, mount })}
      />
      <MenuItem testId="menu-rollback" icon={<RotateCcw size={15} />} label="Roll back to this…" disabledReason={reasonOf(rollback)} needsAdmin={rollback.needsAdmin} onSelect={() => planRollback(snapshot)} />
      <MenuItem icon={<ClipboardCopy size={15} />} label="Copy name" onSelect={() => void copyPaths([snapshot.fullName || snapshot.name])} />
      <MenuSeparator />
      <MenuItem testId="menu-destroy" danger icon={<Trash2 size={15} />} label="Destroy…" shortcut="Del" onSelect={() => planDestroySnapshot(snapshot)} />
    </MenuContent>
  );
}
