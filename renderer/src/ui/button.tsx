import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { cn } from '../lib/cn';

type Variant = 'default' | 'primary' | 'danger' | 'ghost' | 'flat';

const VARIANTS: Record<Variant, string> = {
  default: 'bg-raised text-fg border border-line-strong shadow-[0_1px_0_rgb(0_0_0/0.04)] hover:bg-hover active:bg-pressed',
  primary: 'bg-accent text-accent-fg border border-transparent hover:bg-accent-hover shadow-[0_1px_1px_rgb(0_0_0/0.12)]',
  danger: 'bg-danger text-white border border-transparent hover:bg-danger-hover shadow-[0_1px_1px_rgb(0_0_0/0.12)]',
  ghost: 'text-fg border border-transparent hover:bg-hover active:bg-pressed',
  flat: 'bg-hover text-fg border border-transparent hover:bg-pressed',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: 'sm' | 'md';
  icon?: ReactNode;
}

/** A text button (with an optional leading icon). */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'default', size = 'md', icon, className, children, type = 'button', ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={cn(
        'inline-flex shrink-0 items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors',
        'disabled:pointer-events-none disabled:opacity-45',
        size === 'sm' ? 'h-7 px-2.5 text-[12px]' : 'h-8 px-3.5 text-[13px]',
        VARIANTS[variant],
        className,
      )}
      {...rest}
    >
      {icon}
      {children}
    </button>
  );
});
