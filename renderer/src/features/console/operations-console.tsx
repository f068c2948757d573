import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { getClient } from '../../client/index';
import { consoleChunks, onConsoleChunk, startConsoleTracking } from './console-buffer';
import { renderChunk } from './render-chunk';

const THEME = { background: '#111418', foreground: '#d8dee6', cursor: '#111418', selectionBackground: '#3a4a5e' };

/**
 * The operations console of one job (xterm.js): each command line it ran on top, in bold, then the live
 * stdout / stderr of that command, streamed from the core (or the privileged helper). Read-only.
 */
export function OperationsConsole({ jobId, className }: { jobId: string; className?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    startConsoleTracking();
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      convertEol: false, disableStdin: true, cursorBlink: false, cursorInactiveStyle: 'none', scrollback: 10_000,
      fontSize: 12, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', theme: THEME,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    const refit = () => {
      try {
        fit.fit();
      } catch {
        /* not laid out yet */
      }
    };
    refit();
    const seen = consoleChunks(jobId);
    for (const c of seen) term.write(renderChunk(c));
    let live = false;
    const off = onConsoleChunk(jobId, (c) => {
      live = true;
      term.write(renderChunk(c));
    });
    if (!seen.length) {
      // Opened after the job started: at least the commands it ran, from the job record.
      getClient()
        .call('job', { id: jobId })
        .then((j) => {
          if (live || consoleChunks(jobId).length) return;
          for (const argv of j.commands ?? []) term.write(renderChunk({ jobId, stream: 'info', text: '', argv }));
        })
        .catch(() => undefined);
    }
    const ro = new ResizeObserver(refit);
    ro.observe(el);
    return () => {
      off();
      ro.disconnect();
      term.dispose();
    };
  }, [jobId]);
  return (
    <div
      ref={host}
      role="log"
      aria-label="Operations console"
      data-testid="operations-console"
      data-job-id={jobId}
      className={className ?? 'h-56 w-full overflow-hidden rounded-md bg-[#111418] p-1.5'}
    />
  );
}
