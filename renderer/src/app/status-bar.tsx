import { CircleCheck, Monitor, Moon, ShieldCheck, ShieldQuestion, Sun, LoaderCircle, CircleX } from 'lucide-react';
import { useMemo } from 'react';
import { browserStore } from '../features/browser/browser-store';
import { isTerminal, jobsStore } from '../features/jobs/jobs-store';
import { formatBytes, formatCount, plural } from '../lib/format';
import { fsLabel, volumeLabel } from '../lib/places';
import { useStore } from '../lib/store';
import { useCall } from '../lib/use-query';
import { Tooltip } from '../ui/tooltip';
import { appStore, listingPath, setTheme, togglePanel, type ThemePref } from './app-store';
import { usePlace } from './use-place';

const NEXT_THEME: Record<ThemePref, ThemePref> = { system: 'light', light: 'dark', dark: 'system' };
const THEME_ICON = { system: <Monitor size={13} />, light: <Sun size={13} />, dark: <Moon size={13} /> };
const THEME_LABEL = { system: 'Theme follows the system', light: 'Light theme', dark: 'Dark theme' };

/** Counts of the folder on screen and of the selection. */
function ListingSummary() {
  const location = useStore(appStore, (s) => s.location);
  const q = useCall('listDir', location ? { path: listingPath(location) } : null);
  const selected = useStore(browserStore, (s) => s.selection.selected);
  const summary = useMemo(() => {
    if (!q.data) return null;
    let size = 0;
    if (selected.size) for (const e of q.data.entries) if (selected.has(e.name)) size += e.type === 'dir' ? 0 : e.size;
    return { count: q.data.entries.length, size };
  }, [q.data, selected]);
  if (!summary) return null;
  return (
    <span className="tabular" data-testid="status-items">
      {plural(summary.count, 'item')}
      {selected.size > 0 && ` · ${formatCount(selected.size)} selected (${formatBytes(summary.size)})`}
    </span>
  );
}

/** The status bar: where we are, what is selected, who we run as, jobs, theme. */
export function StatusBar() {
  const { mount, volume, location } = usePlace();
  const theme = useStore(appStore, (s) => s.theme);
  const jobs = useStore(jobsStore);
  const priv = useCall('privilegeStatus', {});
  const running = jobs.filter((j) => !isTerminal(j));
  const lastFailed = jobs.find((j) => j.state === 'failed');
  const mode = window.cowshed ? 'Desktop' : 'Serve mode';
  return (
    <footer className="flex h-7 shrink-0 items-center gap-4 border-t border-line bg-header px-3 text-[11.5px] text-fg-muted" data-testid="status-bar">
      {mount ? (
        <span className="flex min-w-0 items-center gap-1.5 truncate">
          <span className="rounded bg-pressed px-1.5 py-px text-[10.5px] font-semibold text-fg">{fsLabel(mount.kind)}</span>
          <span className="truncate">{mount.mountpoint}</span>
          {volume && <span className="truncate text-fg-subtle">· {volume.kind === 'zfs' ? volume.name : `subvolume ${volumeLabel(volume)}`}</span>}
          {location?.snapshot && <span className="truncate font-medium text-snapshot">· snapshot {location.snapshot.name} (read-only)</span>}
        </span>
      ) : (
        <span />
      )}
      <div className="flex-1" />
      <ListingSummary />
      <button type="button" onClick={() => togglePanel('jobs')} className="flex items-center gap-1.5 rounded px-1.5 py-0.5 hover:bg-hover hover:text-fg" data-testid="status-jobs">
        {running.length ? (
          <>
            <LoaderCircle size={12} className="animate-spin text-accent" /> {plural(running.length, 'job')} running
          </>
        ) : lastFailed && Date.now() - new Date(lastFailed.finishedAt ?? 0).getTime() < 120_000 ? (
          <>
            <CircleX size={12} className="text-danger" /> A job failed
          </>
        ) : (
          <>
            <CircleCheck size={12} className="text-success" /> No jobs running
          </>
        )}
      </button>
      {priv.data && (
        <Tooltip content={priv.data.isRoot ? 'Cowshed runs as root: actions that need admin run directly.' : `Running as uid ${priv.data.uid}; admin actions go through ${priv.data.active === 'none' ? 'a helper you will be asked to start' : priv.data.active}.`}>
          <span className="flex items-center gap-1">
            {priv.data.isRoot || priv.data.helperRunning ? <ShieldCheck size={12} className="text-success" /> : <ShieldQuestion size={12} />}
            {priv.data.isRoot ? 'Administrator' : priv.data.helperRunning ? 'Admin helper running' : `uid ${priv.data.uid}`}
          </span>
        </Tooltip>
      )}
      <span className="text-fg-subtle">{mode}</span>
      <Tooltip content={`${THEME_LABEL[theme]} — click to change`}>
        <button type="button" aria-label={THEME_LABEL[theme]} onClick={() => setTheme(NEXT_THEME[theme])} className="flex h-5 w-5 items-center justify-center rounded hover:bg-hover hover:text-fg">
          {THEME_ICON[theme]}
        </button>
      </Tooltip>
    </footer>
  );
}
