import { useEffect, useRef } from 'react';
import type { Mount } from '../../../shared/domain';
import { getClient } from '../client/index';
import { startConsoleTracking } from '../features/console/console-buffer';
import { startJobTracking } from '../features/jobs/jobs-store';
import { releaseSnapshot } from '../features/timeline/snapshot-actions';
import { useStore } from '../lib/store';
import { invalidateMethods } from '../lib/use-query';
import { appStore, navigate, type SnapshotView } from './app-store';
import { useMounts } from './use-place';

const PREFERRED = ['btrfs', 'zfs', 'xfs'];

/** Where to start: the folder in the URL hash, else the first copy-on-write mount. */
export function initialPath(mounts: readonly Mount[], hash: string): string | null {
  const fromHash = decodeURI(hash.replace(/^#/, ''));
  if (fromHash.startsWith('/')) return fromHash;
  for (const k of PREFERRED) {
    const m = mounts.find((x) => x.kind === k);
    if (m) return m.mountpoint;
  }
  return mounts[0]?.mountpoint ?? null;
}

/** Wire the app to the core: events, jobs, the first location, the URL hash, temporary mounts. */
export function useStartup(): void {
  const { mounts, data } = useMounts();
  const location = useStore(appStore, (s) => s.location);

  useEffect(() => {
    startJobTracking();
    startConsoleTracking();
    return getClient().on('mountsChanged', () => invalidateMethods('probe', 'volumes'));
  }, []);

  useEffect(() => {
    if (location || !data) return;
    const p = initialPath(mounts, window.location.hash);
    if (p) navigate({ path: p, snapshot: null });
  }, [data, mounts, location]);

  // The hash names the folder: typing or pasting one navigates there.
  useEffect(() => {
    const on = () => {
      const p = decodeURI(window.location.hash.replace(/^#/, ''));
      if (p.startsWith('/') && p !== appStore.get().location?.path) navigate({ path: p, snapshot: null });
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);

  useEffect(() => {
    if (!location) return;
    const h = `#${encodeURI(location.path)}`;
    if (window.location.hash !== h) history.replaceState(null, '', h);
  }, [location]);

  // A snapshot mounted temporarily for browsing is released once we leave it.
  const prev = useRef<SnapshotView | null>(null);
  useEffect(() => {
    const cur = location?.snapshot ?? null;
    const p = prev.current;
    if (p && p.temporary && p.id !== cur?.id) releaseSnapshot(p.id);
    prev.current = cur;
  }, [location?.snapshot]);
}
