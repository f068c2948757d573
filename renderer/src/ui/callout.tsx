import { CircleAlert, Info, OctagonX, TriangleAlert } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../lib/cn';

const TONES = {
  info: { box: 'bg-accent-soft text-fg', icon: <Info size={16} className="text-accent-text" /> },
  warning: { box: 'bg-warning-soft text-fg', icon: <TriangleAlert size={16} className="text-warning" /> },
  danger: { box: 'bg-danger-soft text-fg', icon: <OctagonX size={16} className="text-danger" /> },
  neutral: { box: 'bg-hover text-fg', icon: <CircleAlert size={16} className="text-fg-subtle" /> },
};

/** An inline message box with an icon. */
export function Callout({ tone = 'info', title, children, className, action }: { tone?: keyof typeof TONES; title?: ReactNode; children?: ReactNode; className?: string; action?: ReactNode }) {
  const t = TONES[tone];
  return (
    <div className={cn('flex gap-2.5 rounded-lg px-3 py-2.5 text-[12.5px] leading-relaxed', t.box, className)}>
      <div className="mt-0.5 shrink-0">{t.icon}</div>
      <div className="min-w-0 flex-1">
        {title && <div className="font-semibold">{title}</div>}
        {children && <div className="text-fg-muted">{children}</div>}
      </div>
      {action && <div className="shrink-0 self-center">{action}</div>}
    </div>
  );
}
