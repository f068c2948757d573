import { ArchiveRestore, Camera, ClipboardCopy, Copy, FolderInput, History, Info } from 'lucide-react';
import type { DirEntry } from '../../../../shared/domain';
import { plural } from '../../lib/format';
import { MenuContent, MenuItem, MenuLabel, MenuSeparator } from '../../ui/menu';
import { useFileActions } from './use-file-actions';

/** The file pane's right-click menu (also Shift+F10 and the menu key) for the current selection. */
export function FileContextMenu({ entries, returnFocusTo }: { entries: readonly DirEntry[]; returnFocusTo?: () => HTMLElement | null }) {
  const { states, run, inSnapshot } = useFileActions(entries);
  const reason = (id: keyof typeof states) => (states[id].enabled ? null : (states[id].reason ?? 'Not available here'));
  const heading = entries.length === 0 ? 'This folder' : entries.length === 1 ? entries[0]!.name : plural(entries.length, 'item');
  return (
    <MenuContent label="File actions" testId="file-menu" returnFocusTo={returnFocusTo}>
      <MenuLabel>{heading}</MenuLabel>
      <MenuItem testId="menu-clone-here" icon={<Copy size={15} />} label="Clone here" shortcut="Ctrl+D" disabledReason={reason('cloneHere')} needsAdmin={states.cloneHere.needsAdmin} onSelect={() => run('cloneHere')} />
      <MenuItem testId="menu-clone-to" icon={<FolderInput size={15} />} label="Clone to…" disabledReason={reason('cloneTo')} needsAdmin={states.cloneTo.needsAdmin} onSelect={() => run('cloneTo')} />
      <MenuSeparator />
      <MenuItem testId="menu-versions" icon={<History size={15} />} label="Show versions" disabledReason={reason('versions')} onSelect={() => run('versions')} />
      <MenuItem
        testId="menu-restore"
        icon={<ArchiveRestore size={15} />}
        label={inSnapshot ? 'Restore to live…' : 'Restore from snapshot…'}
        disabledReason={reason('restore')}
        onSelect={() => run('restore')}
      />
      <MenuItem testId="menu-snapshot" icon={<Camera size={15} />} label="Snapshot this volume" shortcut="Ctrl+Shift+S" disabledReason={reason('snapshot')} needsAdmin={states.snapshot.needsAdmin} onSelect={() => run('snapshot')} />
      <MenuSeparator />
      <MenuItem testId="menu-copy-path" icon={<ClipboardCopy size={15} />} label={entries.length > 1 ? 'Copy paths' : 'Copy path'} shortcut="Ctrl+Alt+C" onSelect={() => run('copyPath')} />
      <MenuItem testId="menu-properties" icon={<Info size={15} />} label="Properties" shortcut="Alt+Enter" disabledReason={reason('properties')} onSelect={() => run('properties')} />
    </MenuContent>
  );
}
