import type { ErrorCode, FailedCommand } from '../../../../shared/errors';
import type { Classifier } from '../../exec/run';

/** One row of the table: a stderr pattern, the code it means, and the sentence shown to a person. */
interface Rule {
  pattern: RegExp;
  code: ErrorCode;
  message: string;
}

/**
 * Every btrfs-progs (6.2) failure Cowshed recognises, first match wins. The order matters: btrfs often prints a
 * specific WARNING next to a generic errno line ("not deleting default subvolume" comes with "Operation not
 * permitted"), so the specific rows come first. Messages captured from real runs are in errors.test.ts.
 */
const RULES: readonly Rule[] = [
  { pattern: /not deleting default subvolume/i, code: 'IS_DEFAULT', message: 'This is the default subvolume (the one mounted when no subvol= is given); btrfs refuses to delete it. Change the default first (btrfs subvolume set-default).' },
  { pattern: /cannot flip ro->rw with received_uuid set/i, code: 'RECEIVED', message: 'This subvolume was received (btrfs receive): making it writable would break incremental sends based on it. Make a writable snapshot of it instead.' },
  { pattern: /deletion failed with EPERM.*send may be in progress/is, code: 'NEEDS_ADMIN', message: 'btrfs refused the delete: it needs administrator rights, or a btrfs send of this subvolume is in progress.' },
  { pattern: /Directory not empty/i, code: 'HAS_CHILDREN', message: 'The subvolume contains nested subvolumes, so btrfs cannot delete it on its own. Delete them first (or plan with --recursive).' },
  { pattern: /No space left on device/i, code: 'NO_SPACE', message: 'The btrfs filesystem is full (metadata or data); free some space and try again.' },
  { pattern: /Read-only file system/i, code: 'READ_ONLY', message: 'The destination is read-only (a read-only snapshot or a read-only mount).' },
  { pattern: /Device or resource busy/i, code: 'BUSY', message: 'The subvolume is busy (in use or mounted).' },
  { pattern: /target path already exists|File exists/i, code: 'EXISTS', message: 'Something with that name already exists.' },
  { pattern: /Operation not permitted|Permission denied|can't perform the search|Could not search B-tree/i, code: 'NEEDS_ADMIN', message: 'btrfs needs administrator rights for this (listing subvolumes and changing them needs root).' },
  { pattern: /Not a Btrfs subvolume/i, code: 'NOT_FOUND', message: 'That path is not a btrfs subvolume (anymore).' },
  { pattern: /not a btrfs filesystem/i, code: 'OUTSIDE_MOUNTS', message: 'That path is not on a btrfs filesystem.' },
  { pattern: /No such file or directory|can't access|cannot access/i, code: 'NOT_FOUND', message: 'The subvolume or path no longer exists.' },
  { pattern: /Invalid argument/i, code: 'COMMAND_FAILED', message: 'btrfs rejected the request as invalid.' },
];

/**
 * Classify a failed btrfs command (also used for `mv`, the one coreutils command the provider runs).
 * The raw stderr stays attached to the error, so the sentence does not repeat it.
 */
export const classifyBtrfs: Classifier = (f: FailedCommand) => {
  const rule = RULES.find((r) => r.pattern.test(f.stderr));
  return rule ? { code: rule.code, message: rule.message } : null;
};
