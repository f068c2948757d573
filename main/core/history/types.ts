/** Shapes shared by the diff engines (kernel stream, zfs diff, tree walk) before sizes are filled in. */

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/**
 * One change found by a diff engine. Paths are relative to the volume root and start with '/'.
 * `check` asks the enrichment step to decide from the two stats whether anything changed
 * (the kernel stream only said the inode was touched).
 */
export interface RawChange {
  change: 'added' | 'removed' | 'modified' | 'renamed' | 'check';
  path: string;
  /** Renames: the old path. */
  from?: string;
  /** Modifications and checks: the entry's path in A when it differs (a folder above it was renamed). */
  oldPath?: string;
  type?: EntryType;
  /** Only metadata (mode, owner, times, xattrs) changed, not the content. */
  metadataOnly?: boolean;
}

/** Join a relative path ('' = root) to the '/…' form used in changes. */
export const slashPath = (rel: string): string => '/' + rel.replace(/^\/+/, '');
