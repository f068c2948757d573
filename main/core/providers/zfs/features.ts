import type { Toolset } from '../../probe/tools';

/** A parsed OpenZFS version: major, minor, patch (distro suffixes dropped). */
export type Version = readonly [number, number, number];

/** "2.2.2-1ubuntu6~22.04.1", "zfs-kmod-2.3.2-1", "0.8.2-1" → [2,2,2]; null when there is no x.y.z. */
export function parseVersion(s: string | null | undefined): Version | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(s ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** Compare two versions: negative, zero or positive. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const atLeast = (v: Version | null, min: Version) => v !== null && compareVersions(v, min) >= 0;

/**
 * What the installed zfs command line can do. Everything Cowshed runs picks its form from here, so a
 * missing feature becomes a different command or a capability with a reason, never a crash.
 */
export interface ZfsFeatures {
  flavor: 'openzfs' | 'zfs-fuse' | 'unknown';
  version: Version | null;
  /** `zfs list -p` (exact numbers in list output); zfs-fuse has only `zfs get -p`. */
  listParsable: boolean;
  /** `zfs list|get -j` (2.3+). */
  json: boolean;
  /** The `clones` and `written` properties. */
  clonesAndWritten: boolean;
  /** `zfs destroy -nvp` (dry run with exact reclaim). */
  destroyDryRun: boolean;
  /** `zfs holds` works (zfs-fuse ships it broken: its Python helper is missing). */
  holdsList: boolean;
  /** `zfs holds -p` (2.2+). */
  holdsParsable: boolean;
  /** `zfs diff`. */
  diff: boolean;
  /** Bookmarks (`-t bookmark`, `#` names). */
  bookmarks: boolean;
  /** `zfs receive -u` (do not mount what was received). */
  receiveUnmounted: boolean;
  /** `zfs send -nP` size estimates. */
  sendEstimate: boolean;
  /** `.zfs/snapshot/<name>` under a mounted dataset. */
  snapshotDir: boolean;
}

/** Feature set from the detected tool (flavor + version). Unknown flavors get the forms that work everywhere. */
export function zfsFeatures(tool: Pick<Toolset['zfs'], 'flavor' | 'version' | 'path'>): ZfsFeatures {
  const openzfs = tool.path !== null && tool.flavor === 'openzfs';
  const v = openzfs ? parseVersion(tool.version) : null;
  return {
    flavor: tool.path === null ? 'unknown' : (tool.flavor ?? 'unknown'),
    version: v,
    listParsable: openzfs,
    json: openzfs && atLeast(v, [2, 3, 0]),
    clonesAndWritten: openzfs,
    destroyDryRun: openzfs,
    holdsList: openzfs,
    holdsParsable: openzfs && atLeast(v, [2, 2, 0]),
    diff: openzfs,
    bookmarks: openzfs,
    receiveUnmounted: openzfs,
    sendEstimate: openzfs,
    snapshotDir: openzfs,
  };
}
