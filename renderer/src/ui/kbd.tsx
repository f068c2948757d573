import { cn } from '../lib/cn';

/** A keyboard shortcut, e.g. "Ctrl+D". */
export function Kbd({ children, tone = 'light' }: { children: string; tone?: 'light' | 'dark' }) {
  return (
    <span className="inline-flex items-center gap-0.5">
      {children.split('+').map((k, i) => (
        <kbd
          key={i}
          className={cn(
            'rounded-[4px] px-1 py-px font-sans text-[10.5px] leading-none font-medium',
            tone === 'dark' ? 'bg-white/15 text-white/85' : 'border border-line bg-hover text-fg-muted',
          )}
        >
          {k}
        </kbd>
      ))}
    </span>
  );
}
