/**
 * argv builders for every command that changes a btrfs filesystem. Paths are always absolute (they start
 * with "/", so no path can be read as an option); subvolumes are deleted by id, never by path.
 */

/** A command: tool name (resolved by run) and arguments. */
export interface Cmd {
  tool: 'btrfs' | 'mv';
  args: string[];
}

/** `btrfs subvolume snapshot [-r] SRC DEST` (DEST must not exist: btrfs would put the snapshot inside it). */
export const snapshotCmd = (src: string, dest: string, readonly: boolean): Cmd => ({
  tool: 'btrfs',
  args: ['subvolume', 'snapshot', ...(readonly ? ['-r'] : []), src, dest],
});

/** `btrfs subvolume delete --subvolid ID MOUNTPOINT`: by id, so no path is followed and no mount crossed. */
export const deleteByIdCmd = (id: number, mountpoint: string): Cmd => ({
  tool: 'btrfs',
  args: ['subvolume', 'delete', '--subvolid', String(id), mountpoint],
});

/** `btrfs property set -t subvol PATH ro true|false` (the spelling the privileged helper accepts). */
export const setReadonlyCmd = (path: string, readonly: boolean): Cmd => ({
  tool: 'btrfs',
  args: ['property', 'set', '-t', 'subvol', path, 'ro', readonly ? 'true' : 'false'],
});

/** `btrfs subvolume create DIR`: the `.snapshots` folder is a subvolume of its own, as Snapper makes it. */
export const createSubvolCmd = (dir: string): Cmd => ({ tool: 'btrfs', args: ['subvolume', 'create', dir] });

/** `mv -n -T SRC DEST`: a rename within one folder (never a copy: source and destination share a folder). */
export const renameCmd = (src: string, dest: string): Cmd => ({ tool: 'mv', args: ['--no-clobber', '--no-target-directory', '--', src, dest] });

/** The argv as shown in a plan (tool name first). */
export const argvOf = (c: Cmd): string[] => [c.tool, ...c.args];
