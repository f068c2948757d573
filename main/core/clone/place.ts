import { link, lstat, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CowshedError } from '../../../shared/errors';
import { partialName } from './naming';
import { nativeAddon } from './native';
import { removeTree } from './partials';

const exists = (p: string) => lstat(p).then(() => true, () => false);

const existsError = (dest: string) => new CowshedError('EXISTS', `${dest} already exists; nothing was replaced.`);

/**
 * Move a finished partial to its name without ever replacing anything: renameat2(RENAME_NOREPLACE), or
 * link + unlink for a file / a last check + rename for a folder where the addon is missing.
 */
export async function placeNoClobber(partial: string, dest: string): Promise<void> {
  const addon = nativeAddon();
  if (addon) {
    try {
      addon.rename2(partial, dest, 'noreplace');
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw existsError(dest);
      if (code !== 'EINVAL' && code !== 'ENOSYS') throw e; // EINVAL: the filesystem has no RENAME_NOREPLACE
    }
  }
  const st = await lstat(partial);
  if (!st.isDirectory()) {
    try {
      await link(partial, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(dest);
      throw e;
    }
    await unlink(partial);
    return;
  }
  if (await exists(dest)) throw existsError(dest);
  await rename(partial, dest);
}

/**
 * Replace `dest` with the finished partial in one step (renameat2 RENAME_EXCHANGE), then remove the old
 * version, which now sits at the hidden name. Without the addon: rename aside, rename in, remove.
 */
export async function placeReplacing(partial: string, dest: string): Promise<void> {
  const addon = nativeAddon();
  if (addon) {
    let exchanged = false;
    try {
      addon.rename2(partial, dest, 'exchange');
      exchanged = true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'ENOSYS') throw e;
    }
    if (exchanged) return removeTree(partial);
  }
  const aside = join(dirname(dest), partialName(basename(dest)));
  await rename(dest, aside);
  try {
    await rename(partial, dest);
  } catch (e) {
    await rename(aside, dest).catch(() => undefined);
    throw e;
  }
  await removeTree(aside);
}
