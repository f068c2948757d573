import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { cn } from '../lib/cn';
import { Kbd } from './kbd';
import { Tooltip } from './tooltip';

export interface IconButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Accessible name and tooltip text. */
  label: string;
  shortcut?: string;
  active?: boolean;
  children: ReactNode;
  tooltipSide?: 'top' | 'bottom' | 'left' | 'right';
}

/** A square icon button with its label as tooltip (and shortcut, when it has one). */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton(
  { label, shortcut, active, className, children, tooltipSide = 'bottom', type = 'button', ...rest },
  ref,
) {
  return (
    <Tooltip
      side={tooltipSide}
      content={
        <span className="flex items-center gap-2">
          {label}
          {shortcut && <Kbd tone="dark">{shortcut}</Kbd>}
        </span>
      }
    >
      <button
        ref={ref}
        type={type}
        aria-label={label}
        aria-pressed={active === undefined ? undefined : active}
        className={cn(
          'inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md text-fg-muted transition-colors',
          'hover:bg-hover hover:text-fg active:bg-pressed disabled:pointer-events-none disabled:opacity-40',
          active && 'bg-pressed text-fg',
          className,
        )}
        {...rest}
      >
        {children}
      </button>
    </Tooltip>
  );
});
