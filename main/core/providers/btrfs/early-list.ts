/**
 * The native subvolume list, started early. Listing verbs (`snapshots`) know which filesystem they will walk
 * from the mount table alone, before the target is checked and the probe (tools, capabilities) is built; the
 * kernel walk (~1 ms per 1,000 subvolumes) then runs on the thread pool meanwhile instead of after. The walk is
 * the same through any mount of a filesystem (paths come out from the top level), so the mount holding the
 * target is enough. Only the listing itself takes it (`takeEarly` in read-ops, after its own `listEarly` put
 * it there, so it never gets a walk started before its request), and it is dropped when the request ends.
 */
import { parseId, splitBtrfsId } from '../../../../shared/ids';
import { nativeAddon } from '../../clone/native';
import type { CoreContext } from '../../context';
import { mountForPath } from '../../probe/mountinfo';

const KEY = 'btrfs.earlyList:';

/**
 * Start the native list of the btrfs filesystem `target` (a path or btrfs: id, already checked by the
 * contract) is on, when the native list can run here (root, the addon built). Returns what ends it.
 */
export function listEarly(ctx: CoreContext, target: string): () => void {
  if (process.env.COWSHED_BTRFS_LIST === 'progs' || process.getuid?.() !== 0) return () => undefined;
  const table = ctx.mountTable();
  const id = parseId(target);
  let mount = null;
  if (id.kind === 'path') mount = mountForPath(table, target);
  else if (id.kind === 'btrfs') {
    const btrfs = table.filter((m) => m.fstype === 'btrfs');
    const split = splitBtrfsId(id.rest, btrfs.map((m) => m.mountpoint));
    mount = split ? (btrfs.find((m) => m.mountpoint === split.mountpoint) ?? null) : null;
  }
  if (!mount || mount.fstype !== 'btrfs') return () => undefined;
  const list = nativeAddon()?.btrfsSubvolumes; // loaded only for a btrfs target
  if (!list) return () => undefined;
  const key = KEY + mount.device;
  const p = list(mount.mountpoint);
  p.catch(() => undefined); // a failure is met again, and reported, by whoever reads it
  ctx.state.set(key, p);
  return () => ctx.state.delete(key);
}

/** The early list of the filesystem on `device`, if one was started in this request (taken: served once). */
export function takeEarly(ctx: CoreContext, device: string): Promise<unknown> | undefined {
  const key = KEY + device;
  const p = ctx.state.get(key) as Promise<unknown> | undefined;
  ctx.state.delete(key);
  return p;
}
