import { constants, copyFileSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { userCacheFile } from './tools';

export type FicloneProbe = { ok: true } | { ok: false; reason: string; probed: boolean };

/**
 * Really try FICLONE on a mount: write a small temp file there, clone it with COPYFILE_FICLONE_FORCE,
 * and remove both. `probed: false` means no writable place was found to try.
 */
export function probeFiclone(dir: string): FicloneProbe {
  const tag = `.cowshed-probe-${process.pid}-${randomBytes(4).toString('hex')}`;
  const a = join(dir, tag);
  const b = a + '.clone';
  try {
    writeFileSync(a, randomBytes(4096), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, probed: false, reason: code === 'EROFS' ? 'read-only mount' : `no writable place to probe (${code})` };
  }
  try {
    copyFileSync(a, b, constants.COPYFILE_FICLONE_FORCE);
    return { ok: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EOPNOTSUPP' || code === 'ENOTSUP' || code === 'EINVAL' || code === 'ENOSYS' || code === 'ENOTTY'
        ? 'the filesystem refused FICLONE (reflink not enabled)'
        : `FICLONE failed (${code})`;
    return { ok: false, probed: true, reason: why };
  } finally {
    for (const f of [a, b]) {
      try {
        unlinkSync(f);
      } catch {
        /* already gone */
      }
    }
  }
}

/** `$XDG_CACHE_HOME/cowshed/reflink.json`: probe verdicts per filesystem instance. */
const cacheFile = () => userCacheFile('reflink.json');

const MAX_ENTRIES = 64;

/**
 * `probeFiclone`, remembered per filesystem instance, so a start-up does not write probe files onto every XFS
 * mount each time. Reflink support is fixed when the filesystem is made (mkfs.xfs -m reflink=…), so the key is
 * what identifies one made filesystem: the device, and the inode number and birth time of the mount's root
 * folder (set by mkfs; a new mkfs on the same device gives a new one). Without a birth time, it probes each time.
 */
export function probeFicloneCached(mountpoint: string, device: string): FicloneProbe {
  let key: string | null = null;
  try {
    const st = statSync(mountpoint, { bigint: true });
    if (st.birthtimeNs > 0n) key = `${device}:${st.ino}:${st.birthtimeNs}`;
  } catch {
    /* probe below says why */
  }
  if (key === null) return probeFiclone(mountpoint);
  const file = cacheFile();
  let cache: Record<string, FicloneProbe & { at: number }> = {};
  try {
    cache = JSON.parse(readFileSync(file, 'utf8')) as typeof cache;
    const hit = cache[key];
    if (hit) return hit.ok ? { ok: true } : { ok: false, reason: hit.reason, probed: hit.probed };
  } catch {
    cache = {};
  }
  const verdict = probeFiclone(mountpoint);
  // Only verdicts of a real try are kept: "no writable place" can change with permissions.
  if (verdict.ok || verdict.probed) {
    try {
      const entries = Object.entries({ ...cache, [key]: { ...verdict, at: Date.now() } })
        .sort(([, a], [, b]) => b.at - a.at)
        .slice(0, MAX_ENTRIES);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify(Object.fromEntries(entries)), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      /* a read-only home: probe every time */
    }
  }
  return verdict;
}
