import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { cn } from '../lib/cn';

/**
 * A drag handle between two panes (also moved with the arrow keys). `edge` says which side of the
 * handle the resized pane is on, so dragging towards it shrinks it.
 */
export function Splitter({
  value,
  onChange,
  min,
  max,
  orientation,
  edge,
  label,
}: {
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  orientation: 'vertical' | 'horizontal';
  edge: 'before' | 'after';
  label: string;
}) {
  const start = useRef<{ pos: number; value: number } | null>(null);
  const clamp = (v: number) => Math.max(min, Math.min(max, v));
  const coord = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  const sign = edge === 'before' ? 1 : -1;
  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { pos: coord(e), value };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        onChange(clamp(start.current.value + sign * (coord(e) - start.current.pos)));
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e: KeyboardEvent) => {
        const dec = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
        const inc = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
        if (e.key === dec || e.key === inc) {
          e.preventDefault();
          onChange(clamp(value + (e.key === inc ? 16 : -16) * sign));
        }
      }}
      className={cn(
        'group relative z-10 shrink-0 outline-none',
        orientation === 'vertical' ? '-mx-[3px] w-[6px] cursor-col-resize' : '-my-[3px] h-[6px] cursor-row-resize',
      )}
    >
      <div
        className={cn(
          'absolute bg-transparent transition-colors group-hover:bg-accent/40 group-focus-visible:bg-accent',
          orientation === 'vertical' ? 'inset-y-0 left-[2px] w-[2px]' : 'inset-x-0 top-[2px] h-[2px]',
        )}
      />
    </div>
  );
}
