import { Check, Copy, Terminal } from 'lucide-react';
import { useState } from 'react';
import { formatArgv } from '../lib/format';
import { copyText } from '../lib/clipboard';

/** Commands as they will run (or ran), one per line, with a copy button. */
export function CommandBlock({ commands, label = 'Commands' }: { commands: readonly (readonly string[])[]; label?: string }) {
  const [copied, setCopied] = useState(false);
  const text = commands.map((c) => formatArgv(c)).join('\n');
  return (
    <div className="overflow-hidden rounded-lg border border-line bg-[#1c1c20] text-[#e8e8ec] dark:bg-[#141417]">
      <div className="flex items-center justify-between border-b border-white/10 px-3 py-1.5 text-[11.5px] text-white/60">
        <span className="flex items-center gap-1.5">
          <Terminal size={13} /> {label}
        </span>
        <button
          type="button"
          className="flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-white/10 hover:text-white"
          onClick={() => {
            void copyText(text).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          {copied ? <Check size={12} /> : <Copy size={12} />}
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="selectable max-h-48 overflow-auto px-3 py-2 font-mono text-[12px] leading-relaxed whitespace-pre-wrap">
        {commands.map((c, i) => (
          <div key={i}>
            <span className="text-white/40 select-none">$ </span>
            {formatArgv(c)}
          </div>
        ))}
      </pre>
    </div>
  );
}
