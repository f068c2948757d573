import * as RD from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../lib/cn';
import { Button } from './button';
import { Spinner } from './spinner';

/** A modal dialog with a header (icon, title, description), a body and a footer of buttons. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  icon,
  children,
  footer,
  width = 520,
  tone = 'neutral',
  testId,
  bare,
  data,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  width?: number;
  tone?: 'neutral' | 'danger' | 'accent' | 'snapshot' | 'clone';
  testId?: string;
  /** Body without padding, at a fixed height (for panels that lay themselves out). */
  bare?: { height: number };
  /** Extra data-* attributes on the dialog (tests read e.g. the plan id). */
  data?: Record<`data-${string}`, string | undefined>;
}) {
  return (
    <RD.Root open={open} onOpenChange={onOpenChange}>
      <RD.Portal>
        <RD.Overlay className="fixed inset-0 z-50 bg-scrim backdrop-blur-[1px]" />
        <RD.Content
          data-testid={testId}
          {...data}
          aria-describedby={description ? undefined : undefined}
          className="animate-pop fixed top-1/2 left-1/2 z-50 flex max-h-[86vh] -translate-x-1/2 -translate-y-1/2 flex-col overflow-hidden rounded-xl border border-line bg-popover shadow-popover focus:outline-none"
          style={{ width: `min(${width}px, calc(100vw - 32px))` }}
        >
          <div className="flex items-start gap-3 px-5 pt-5 pb-3">
            {icon && (
              <div
                className={cn(
                  'flex h-9 w-9 shrink-0 items-center justify-center rounded-lg',
                  tone === 'danger' && 'bg-danger-soft text-danger',
                  tone === 'accent' && 'bg-accent-soft text-accent-text',
                  tone === 'snapshot' && 'bg-snapshot-soft text-snapshot',
                  tone === 'clone' && 'bg-clone-soft text-clone',
                  tone === 'neutral' && 'bg-hover text-fg-muted',
                )}
              >
                {icon}
              </div>
            )}
            <div className="min-w-0 flex-1">
              <RD.Title className="text-[15px] leading-snug font-semibold break-words text-fg">{title}</RD.Title>
              {description ? (
                <RD.Description className="mt-0.5 text-[12.5px] leading-relaxed text-fg-muted">{description}</RD.Description>
              ) : (
                <RD.Description className="sr-only">{typeof title === 'string' ? title : 'Dialog'}</RD.Description>
              )}
            </div>
            <RD.Close
              aria-label="Close"
              className="-mt-1 -mr-2 inline-flex h-7 w-7 items-center justify-center rounded-md text-fg-subtle hover:bg-hover hover:text-fg"
            >
              <X size={16} />
            </RD.Close>
          </div>
          {children && bare ? (
            <div className="min-h-0 border-t border-line" style={{ height: `min(${bare.height}px, 70vh)` }}>
              {children}
            </div>
          ) : children ? (
            <div className="min-h-0 flex-1 overflow-y-auto px-5 pb-4">{children}</div>
          ) : null}
          {footer && <div className="flex items-center justify-end gap-2 border-t border-line bg-panel px-5 py-3">{footer}</div>}
        </RD.Content>
      </RD.Portal>
    </RD.Root>
  );
}

/** The usual dialog footer: Cancel, then the primary action (with a spinner while it runs). */
export function DialogActions(props: {
  onCancel: () => void;
  onConfirm: () => void;
  label: ReactNode;
  disabled?: boolean;
  busy?: boolean;
  testId?: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <Button onClick={props.onCancel}>Cancel</Button>
      <Button variant="primary" disabled={props.disabled || props.busy} onClick={props.onConfirm} data-testid={props.testId} autoFocus={props.autoFocus}>
        {props.busy && <Spinner size={14} className="text-current" />}
        {props.label}
      </Button>
    </>
  );
}

/** A form whose Enter runs the dialog's action instead of reloading the page. */
export function SubmitForm({ onSubmit, className, children }: { onSubmit: () => void; className?: string; children: ReactNode }) {
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
