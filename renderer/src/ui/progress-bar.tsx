import { cn } from '../lib/cn';

/** A progress bar; `value` null draws an indeterminate stripe. */
export function ProgressBar({ value, tone = 'accent', className }: { value: number | null; tone?: 'accent' | 'danger' | 'success'; className?: string }) {
  const pct = value === null ? 100 : Math.max(0, Math.min(100, value * 100));
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === null ? undefined : Math.round(pct)}
      className={cn('h-1.5 overflow-hidden rounded-full bg-pressed', className)}
    >
      <div
        className={cn(
          'h-full rounded-full transition-[width] duration-300',
          tone === 'accent' ? 'bg-accent' : tone === 'danger' ? 'bg-danger' : 'bg-success',
          value === null && 'progress-indeterminate',
        )}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
