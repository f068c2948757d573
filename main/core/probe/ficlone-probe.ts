import { constants, copyFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

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
