import type { ReactNode } from 'react';
import { cn } from '../lib/cn';

/** A centred message for empty, unavailable or failed content. */
export function EmptyState({
  icon,
  title,
  children,
  actions,
  tone = 'neutral',
  className,
}: {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  tone?: 'neutral' | 'danger' | 'warning';
  className?: string;
}) {
  return (
    <div className={cn('flex h-full flex-col items-center justify-center gap-3 p-8 text-center', className)}>
      <div
        className={cn(
          'flex h-14 w-14 items-center justify-center rounded-2xl',
          tone === 'danger' ? 'bg-danger-soft text-danger' : tone === 'warning' ? 'bg-warning-soft text-warning' : 'bg-hover text-fg-subtle',
        )}
      >
        {icon}
      </div>
      <div className="text-[15px] font-semibold text-fg">{title}</div>
      {children && <div className="max-w-md text-[13px] leading-relaxed text-fg-muted">{children}</div>}
      {actions && <div className="mt-1 flex gap-2">{actions}</div>}
    </div>
  );
}
