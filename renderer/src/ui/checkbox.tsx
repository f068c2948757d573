import { Check } from 'lucide-react';
import type { ReactNode } from 'react';

/** A checkbox with a label and an optional hint line. */
export function Checkbox({ checked, onChange, label, hint, disabled }: { checked: boolean; onChange: (v: boolean) => void; label: ReactNode; hint?: ReactNode; disabled?: boolean }) {
  return (
    <label className="flex cursor-pointer items-start gap-2.5 has-[:disabled]:cursor-default has-[:disabled]:opacity-50">
      <span className="relative mt-0.5 flex h-4 w-4 shrink-0">
        <input type="checkbox" className="peer absolute inset-0 cursor-pointer opacity-0" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
        <span className="flex h-4 w-4 items-center justify-center rounded border border-line-strong bg-view peer-checked:border-accent peer-checked:bg-accent peer-focus-visible:ring-2 peer-focus-visible:ring-accent/50">
          {checked && <Check size={12} strokeWidth={3} className="text-white" />}
        </span>
      </span>
      <span className="text-[13px] leading-snug">
        <span className="text-fg">{label}</span>
        {hint && <span className="block text-[12px] text-fg-muted">{hint}</span>}
      </span>
    </label>
  );
}
