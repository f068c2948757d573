import { memo } from 'react';
import type { DirEntry } from '../../../../shared/domain';
import { cn } from '../../lib/cn';
import { formatBytes, formatDateTime } from '../../lib/format';
import { FileIcon } from './file-icon';
import { kindLabel } from './sort';

export const ROW_HEIGHT = 30;

/** The text a row shows, computed once per entry (Intl date formatting is the costly part of a row). */
const display = new WeakMap<DirEntry, { size: string; mtime: string; kind: string }>();
function textsOf(e: DirEntry) {
  let t = display.get(e);
  if (!t) {
    t = { size: e.type === 'dir' ? '—' : formatBytes(e.size), mtime: formatDateTime(e.mtime), kind: kindLabel(e) };
    display.set(e, t);
  }
  return t;
}
/** Columns: name, size, modified, kind. */
export const COLUMNS = 'grid grid-cols-[minmax(0,1fr)_92px_168px_112px]';

/** One row of the file list (absolutely positioned by the virtualiser). */
export const FileRow = memo(function FileRow({
  entry,
  index,
  top,
  selected,
  focused,
  listFocused,
}: {
  entry: DirEntry;
  index: number;
  top: number;
  selected: boolean;
  focused: boolean;
  listFocused: boolean;
}) {
  const t = textsOf(entry);
  return (
    <div
      id={`file-row-${index}`}
      role="option"
      aria-selected={selected}
      data-index={index}
      data-name={entry.name}
      data-testid="file-row"
      className={cn(
        COLUMNS,
        'absolute top-0 right-1 left-1 items-center rounded-md px-2 text-[13px] [contain:layout_style]',
        selected ? (listFocused ? 'bg-selection-focus text-white' : 'bg-selection') : 'hover:bg-hover',
        focused && listFocused && !selected && 'ring-1 ring-accent ring-inset',
        focused && listFocused && selected && 'ring-1 ring-white/50 ring-inset',
      )}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT - 2 }}
    >
      <div className="flex min-w-0 items-center gap-2.5 pr-3">
        <span className={cn(selected && listFocused && '[&_svg]:!text-white')}>
          <FileIcon entry={entry} />
        </span>
        <span className="truncate" title={entry.name}>
          {entry.name}
        </span>
        {entry.type === 'symlink' && <span className={cn('shrink-0 text-[11px]', selected && listFocused ? 'text-white/75' : 'text-fg-subtle')}>link</span>}
      </div>
      <div className={cn('tabular truncate pr-3 text-right text-[12.5px]', selected && listFocused ? 'text-white/85' : 'text-fg-muted')}>
        {t.size}
      </div>
      <div className={cn('tabular truncate pr-3 text-[12.5px]', selected && listFocused ? 'text-white/85' : 'text-fg-muted')}>{t.mtime}</div>
      <div className={cn('truncate text-[12.5px]', selected && listFocused ? 'text-white/85' : 'text-fg-muted')}>{t.kind}</div>
    </div>
  );
});
