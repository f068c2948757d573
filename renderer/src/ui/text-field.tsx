import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { cn } from '../lib/cn';

export interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label?: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  mono?: boolean;
}

/** A labelled text input with a hint or an error line under it. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField({ label, hint, error, mono, className, id, ...rest }, ref) {
  const inputId = id ?? `f-${Math.random().toString(36).slice(2, 8)}`;
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      {label && (
        <label htmlFor={inputId} className="text-[12px] font-medium text-fg-muted">
          {label}
        </label>
      )}
      <input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        autoComplete="off"
        className={cn(
          'h-9 w-full rounded-md border bg-view px-3 text-[13px] text-fg outline-none placeholder:text-fg-subtle',
          'focus:border-accent focus:ring-3 focus:ring-accent-soft',
          error ? 'border-danger focus:border-danger focus:ring-danger-soft' : 'border-line-strong',
          mono && 'font-mono text-[12.5px]',
        )}
        {...rest}
      />
      {error ? (
        <div role="alert" className="text-[12px] text-danger-text">
          {error}
        </div>
      ) : hint ? (
        <div className="text-[12px] text-fg-subtle">{hint}</div>
      ) : null}
    </div>
  );
});
