import { Camera, ChevronRight, Database, HardDrive, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { backToLive, openFolder } from '../../app/app-store';
import { usePlace } from '../../app/use-place';
import { checkAbsolutePath } from '../../../../shared/validate';
import { segmentsBelow } from '../../lib/paths';
import { cn } from '../../lib/cn';
import { reportError } from '../errors/toast-store';

/** Focus the path bar's text entry (Ctrl+L). */
export const editPathEvent = 'cowshed:edit-path';

/** The path bar: the mount, the folders below it, and the snapshot being browsed. Ctrl+L types a path. */
export function Breadcrumbs() {
  const { location, mount } = usePlace();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const on = () => {
      setText(location?.path ?? '');
      setEditing(true);
    };
    window.addEventListener(editPathEvent, on);
    return () => window.removeEventListener(editPathEvent, on);
  }, [location?.path]);
  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);

  if (!location) return <div className="h-8 flex-1" />;
  if (editing) {
    return (
      <form
        className="flex h-8 min-w-0 flex-1"
        onSubmit={(e) => {
          e.preventDefault();
          const v = checkAbsolutePath(text.trim().replace(/(.)\/+$/, '$1'), 'Path');
          if (!v.ok) return reportError('Cannot go there', v);
          setEditing(false);
          openFolder(text.trim().replace(/(.)\/+$/, '$1'));
        }}
      >
        <input
          ref={inputRef}
          aria-label="Path"
          className="h-8 w-full rounded-md border border-accent bg-view px-3 font-mono text-[12.5px] text-fg ring-3 ring-accent-soft outline-none"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          spellCheck={false}
        />
      </form>
    );
  }
  const root = mount?.mountpoint ?? '/';
  const rootLabel = mount ? (mount.kind === 'zfs' ? mount.source : mount.mountpoint === '/' ? 'Root' : mount.mountpoint.slice(mount.mountpoint.lastIndexOf('/') + 1)) : '/';
  const segs = segmentsBelow(location.path, root, rootLabel);
  return (
    <nav
      aria-label="Current folder"
      data-testid="breadcrumbs"
      className="flex h-8 min-w-0 flex-1 items-center gap-0.5 overflow-hidden rounded-md border border-line bg-view px-1"
      onDoubleClick={() => {
        setText(location.path);
        setEditing(true);
      }}
    >
      {segs.map((s, i) => {
        const last = i === segs.length - 1;
        return (
          <span key={s.path} className={cn('flex min-w-0 items-center', i < segs.length - 3 && 'shrink-[3]')}>
            {i > 0 && <ChevronRight size={13} className="mx-0.5 shrink-0 text-fg-subtle" />}
            <button
              type="button"
              aria-current={last ? 'page' : undefined}
              onClick={() => openFolder(s.path)}
              title={s.path}
              className={cn('flex h-6 min-w-0 items-center gap-1.5 truncate rounded px-1.5 text-[13px] hover:bg-hover', last ? 'font-semibold text-fg' : 'text-fg-muted')}
            >
              {i === 0 && (mount?.kind === 'zfs' ? <Database size={14} className="shrink-0" /> : <HardDrive size={14} className="shrink-0" />)}
              <span className="truncate">{s.name}</span>
            </button>
          </span>
        );
      })}
      {location.snapshot && (
        <span className="ml-2 flex h-6 shrink-0 items-center gap-1.5 rounded-full bg-snapshot pr-1 pl-2 text-[11.5px] font-semibold text-white" data-testid="snapshot-chip">
          <Camera size={12} /> {location.snapshot.name}
          <button type="button" aria-label="Back to live" onClick={backToLive} className="flex h-4 w-4 items-center justify-center rounded-full hover:bg-white/25">
            <X size={11} />
          </button>
        </span>
      )}
      <div className="min-w-4 flex-1" onClick={() => { setText(location.path); setEditing(true); }} />
    </nav>
  );
}
