import { readFileSync } from 'node:fs';
import { run } from '../../exec/run';
import { classifyZfs } from './errors';
import { compareVersions, parseVersion } from './features';
import { parseZpoolGet } from './parse';

/** What decides whether per-file block cloning may be used on one pool. */
export interface BlockCloneFacts {
  flavor: 'openzfs' | 'zfs-fuse' | 'unknown';
  /** The kernel module's version (the code that clones), e.g. "2.2.2-1". */
  version: string | null;
  poolVersion?: number;
  pool: string;
  /** Content of /sys/module/zfs/parameters/zfs_bclone_enabled; null when the file does not exist. */
  bcloneEnabled: string | null;
  /** `feature@block_cloning` of the pool: enabled | active | disabled; null when zpool does not know it. */
  feature: string | null;
}

/**
 * Whether per-file cloning is usable, with the reason when not. Versions with the zero-chunk data
 * corruption bug (openzfs/zfs#15526: before 2.1.14, and 2.2.0–2.2.1) are refused outright.
 */
export function blockCloneVerdict(f: BlockCloneFacts): { ok: boolean; reason?: string } {
  if (f.flavor === 'zfs-fuse') return { ok: false, reason: `zfs-fuse (pool v${f.poolVersion ?? 23}) has no block cloning; files cannot be reflinked on ZFS here` };
  const v = parseVersion(f.version);
  if (f.flavor !== 'openzfs' || v === null) return { ok: false, reason: 'the OpenZFS version could not be determined, so block cloning is not trusted' };
  const bug = 'has the zero-chunk data corruption bug (openzfs/zfs#15526, fixed in 2.1.14 and 2.2.2); Cowshed will not clone files with it';
  if (compareVersions(v, [2, 1, 14]) < 0) return { ok: false, reason: `OpenZFS ${f.version} ${bug}` };
  if (compareVersions(v, [2, 2, 0]) >= 0 && compareVersions(v, [2, 2, 2]) < 0) return { ok: false, reason: `OpenZFS ${f.version} ${bug}` };
  if (compareVersions(v, [2, 2, 0]) < 0) return { ok: false, reason: `OpenZFS ${f.version} has no block cloning (it needs 2.2.2 or later)` };
  const enabled = f.bcloneEnabled?.trim() ?? null;
  if (enabled === null) return { ok: false, reason: 'zfs_bclone_enabled could not be read (the module parameter is missing)' };
  if (enabled !== '1') return { ok: false, reason: `zfs_bclone_enabled is ${enabled} (block cloning is switched off in the zfs module)` };
  if (f.feature === null) return { ok: false, reason: `pool ${f.pool} does not report feature@block_cloning` };
  if (f.feature !== 'enabled' && f.feature !== 'active')
    return { ok: false, reason: `feature@block_cloning is ${f.feature} on pool ${f.pool} (zpool upgrade ${f.pool} enables it)` };
  return { ok: true };
}

/** Read zfs_bclone_enabled from sysfs; null when absent (2.2.0, or not Linux). */
export function readBcloneEnabled(path = '/sys/module/zfs/parameters/zfs_bclone_enabled'): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const featureCache = new Map<string, { at: number; value: Promise<string | null> }>();

/** `feature@block_cloning` of a pool (cached for a few seconds: every mount of a pool asks). */
export function poolBlockCloningFeature(pool: string): Promise<string | null> {
  const hit = featureCache.get(pool);
  if (hit && Date.now() - hit.at < 5000) return hit.value;
  const value = run('zpool', ['get', '-H', '-p', '-o', 'name,property,value', 'feature@block_cloning', pool], { timeoutMs: 5000, classify: classifyZfs })
    .then((r) => parseZpoolGet(r.stdout).get(pool)?.get('feature@block_cloning') ?? null)
    .catch(() => null);
  featureCache.set(pool, { at: Date.now(), value });
  return value;
}
