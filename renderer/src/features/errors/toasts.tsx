import { CircleCheck, Info, OctagonAlert, X } from 'lucide-react';
import { useStore } from '../../lib/store';
import { cn } from '../../lib/cn';
import { dismissToast, showErrorDetails, toastStore, type Toast } from './toast-store';

const ICON = {
  info: <Info size={18} className="text-accent-text" />,
  success: <CircleCheck size={18} className="text-success" />,
  error: <OctagonAlert size={18} className="text-danger" />,
};

function ToastCard({ t }: { t: Toast }) {
  return (
    <div
      role={t.tone === 'error' ? 'alert' : 'status'}
      data-testid={`toast-${t.tone}`}
      className={cn(
        'animate-pop pointer-events-auto flex w-[380px] gap-3 rounded-xl border bg-popover px-4 py-3 shadow-popover',
        t.tone === 'error' ? 'border-danger/30' : 'border-line',
      )}
    >
      <div className="mt-px shrink-0">{ICON[t.tone]}</div>
      <div className="min-w-0 flex-1">
        <div className="text-[13px] font-semibold text-fg">{t.title}</div>
        {t.message && <div className="selectable mt-0.5 text-[12.5px] leading-relaxed break-words text-fg-muted">{t.message}</div>}
        {(t.error || t.action) && (
          <div className="mt-2 flex gap-3 text-[12.5px] font-medium">
            {t.action && (
              <button type="button" className="text-accent-text hover:underline" onClick={() => { t.action!.run(); dismissToast(t.id); }}>
                {t.action.label}
              </button>
            )}
            {t.error && (
              <button type="button" className="text-accent-text hover:underline" onClick={() => showErrorDetails(t.error!)}>
                {t.error.command ? 'Show command and output' : 'Details'}
              </button>
            )}
          </div>
        )}
      </div>
      <button type="button" aria-label="Dismiss" className="-mt-1 -mr-2 h-6 w-6 shrink-0 rounded-md text-fg-subtle hover:bg-hover hover:text-fg" onClick={() => dismissToast(t.id)}>
        <X size={14} className="mx-auto" />
      </button>
    </div>
  );
}

/** The stack of notifications, bottom right above the status bar. */
export function Toasts() {
  const list = useStore(toastStore);
  return (
    <div aria-live="polite" className="pointer-events-none fixed top-[60px] right-4 z-[90] flex flex-col items-end gap-2">
      {list.map((t) => (
        <ToastCard key={t.id} t={t} />
      ))}
    </div>
  );
}
