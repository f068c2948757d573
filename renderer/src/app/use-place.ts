import type { Mount, Volume } from '../../../shared/domain';
import { mountFor, volumeFor } from '../lib/places';
import { useStore } from '../lib/store';
import { callKey } from '../lib/query-cache';
import { queryCache, useCall } from '../lib/use-query';
import { appStore, type Location } from './app-store';

const EMPTY_MOUNTS: Mount[] = [];
const EMPTY_VOLUMES: Volume[] = [];

/** Mounted filesystems with their capability matrix. */
export function useMounts() {
  const q = useCall('probe', {});
  return { ...q, mounts: q.data?.mounts ?? EMPTY_MOUNTS };
}

/** All datasets / subvolumes (empty, with the error, while the providers cannot list them). */
export function useVolumes() {
  const q = useCall('volumes', {});
  return { ...q, volumes: q.data ?? EMPTY_VOLUMES };
}

/** Where the user is: location, its mount (capabilities), and the live volume it belongs to. */
export function usePlace(): { location: Location | null; mount: Mount | null; volume: Volume | null } {
  const location = useStore(appStore, (s) => s.location);
  const { mounts } = useMounts();
  const { volumes } = useVolumes();
  if (!location) return { location, mount: null, volume: null };
  return { location, mount: mountFor(mounts, location.path), volume: volumeFor(volumes, location.path) };
}

/** The same as usePlace, read outside React (keyboard shortcuts). */
export function currentPlace(): { location: Location | null; mount: Mount | null; volume: Volume | null } {
  const location = appStore.get().location;
  const mounts = queryCache.get<{ mounts: Mount[] }>(callKey('probe', {})).data?.mounts ?? EMPTY_MOUNTS;
  const volumes = queryCache.get<Volume[]>(callKey('volumes', {})).data ?? EMPTY_VOLUMES;
  if (!location) return { location, mount: null, volume: null };
  return { location, mount: mountFor(mounts, location.path), volume: volumeFor(volumes, location.path) };
}
