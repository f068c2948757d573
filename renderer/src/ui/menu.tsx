import * as CM from '@radix-ui/react-context-menu';
import { ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../lib/cn';
import { Kbd } from './kbd';
import { Tooltip } from './tooltip';

/** The surface of a context menu. */
export function MenuContent({ children, label, testId, returnFocusTo }: { children: ReactNode; label: string; testId?: string; returnFocusTo?: () => HTMLElement | null }) {
  return (
    <CM.Portal>
      <CM.Content
        aria-label={label}
        onCloseAutoFocus={(e) => {
          // Context menus have no focusable trigger: give focus back to the list unless a dialog took it.
          e.preventDefault();
          requestAnimationFrame(() => {
            const a = document.activeElement;
            if (!a || a === document.body) returnFocusTo?.()?.focus({ preventScroll: true });
          });
        }}
        data-testid={testId}
        collisionPadding={8}
        className="animate-pop z-[80] min-w-[248px] rounded-lg border border-line bg-popover p-1 shadow-popover"
      >
        {children}
      </CM.Content>
    </CM.Portal>
  );
}

export const MenuSeparator = () => <CM.Separator className="mx-2 my-1 h-px bg-line" />;

export const MenuLabel = ({ children }: { children: ReactNode }) => (
  <CM.Label className="truncate px-2.5 pt-1.5 pb-1 text-[11.5px] font-medium text-fg-subtle">{children}</CM.Label>
);

/**
 * One menu item. An unavailable item stays focusable (so its reason is reachable by keyboard) but is
 * marked aria-disabled, does nothing, and shows why as a tooltip.
 */
export function MenuItem({
  icon,
  label,
  shortcut,
  onSelect,
  disabledReason,
  needsAdmin,
  danger,
  testId,
}: {
  icon: ReactNode;
  label: string;
  shortcut?: string;
  onSelect: () => void;
  /** Set when the item cannot run here: why. */
  disabledReason?: string | null;
  needsAdmin?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  const disabled = !!disabledReason;
  const item = (
    <CM.Item
      data-testid={testId}
      aria-disabled={disabled || undefined}
      data-unavailable={disabled || undefined}
      onSelect={(e) => {
        if (disabled) {
          e.preventDefault();
          return;
        }
        onSelect();
      }}
      className={cn(
        'flex h-8 items-center gap-2.5 rounded-md px-2.5 text-[13px] outline-none',
        disabled ? 'text-fg-subtle data-[highlighted]:bg-hover' : danger ? 'text-danger-text data-[highlighted]:bg-danger data-[highlighted]:text-white' : 'text-fg data-[highlighted]:bg-accent data-[highlighted]:text-accent-fg',
      )}
    >
      <span className={cn('flex w-4 shrink-0 justify-center', disabled && 'opacity-60')}>{icon}</span>
      <span className="flex-1 truncate">{label}</span>
      {needsAdmin && !disabled && <ShieldCheck size={13} className="opacity-70" aria-label="Needs administrator rights" />}
      {shortcut && <span className="text-[11.5px] opacity-60">{shortcut}</span>}
    </CM.Item>
  );
  return disabled ? (
    <Tooltip side="right" content={disabledReason}>
      {item}
    </Tooltip>
  ) : (
    item
  );
}

export { Kbd };
