import { describe, expect, it } from 'vitest';
import { classifyBtrfs } from './errors';

/** stderr captured from btrfs-progs 6.2 (and coreutils 9.1) on this machine, with the situation that caused it. */
const CAPTURED: [situation: string, stderr: string, code: string][] = [
  ['list as a user', 'ERROR: can\'t perform the search: Operation not permitted\n', 'NEEDS_ADMIN'],
  ['show as a user', 'ERROR: Could not search B-tree: Operation not permitted\n', 'NEEDS_ADMIN'],
  ['snapshot as a user', 'ERROR: cannot snapshot \'/m/a\': Operation not permitted\n', 'NEEDS_ADMIN'],
  ['get-default as a user', 'WARNING: cannot read default subvolume id: Operation not permitted\n', 'NEEDS_ADMIN'],
  ['create as a user', 'ERROR: cannot create subvolume: Permission denied\n', 'NEEDS_ADMIN'],
  ['property set as a user', 'ERROR: Could not set subvolume flags: Operation not permitted\n', 'NEEDS_ADMIN'],
  [
    'delete as a user',
    'ERROR: Could not destroy subvolume/snapshot: Operation not permitted\nWARNING: deletion failed with EPERM, you don\'t have permissions or send may be in progress\n',
    'NEEDS_ADMIN',
  ],
  ['delete with nested subvolumes', 'ERROR: Could not destroy subvolume/snapshot: Directory not empty\n', 'HAS_CHILDREN'],
  ['delete the default subvolume', 'WARNING: not deleting default subvolume id 259 \'/m/a/dir/sp ace\'\n', 'IS_DEFAULT'],
  ['delete an id that does not exist', 'ERROR: Could not destroy subvolume/snapshot: No such file or directory\n', 'NOT_FOUND'],
  ['ro → rw on a received subvolume', 'ERROR: cannot flip ro->rw with received_uuid set, use force if you really want that\n', 'RECEIVED'],
  ['snapshot into a read-only snapshot', 'ERROR: cannot snapshot \'/m/a\': Read-only file system\n', 'READ_ONLY'],
  ['snapshot of a plain folder', 'ERROR: Not a Btrfs subvolume: Invalid argument\n', 'NOT_FOUND'],
  ['show on a non-btrfs path', 'ERROR: not a btrfs filesystem: /tmp\n', 'OUTSIDE_MOUNTS'],
  ['list of a missing path', 'ERROR: cannot access \'/nonexist\': No such file or directory\nERROR: can\'t access \'/nonexist\'\n', 'NOT_FOUND'],
  ['snapshot on a full filesystem', 'ERROR: cannot snapshot \'big\': No space left on device\n', 'NO_SPACE'],
  ['mv onto a read-only parent', 'mv: cannot move \'/m/s/a\' to \'/m/s/b\': Read-only file system\n', 'READ_ONLY'],
];

describe('btrfs error table', () => {
  it.each(CAPTURED)('%s', (_situation, stderr, code) => {
    const c = classifyBtrfs({ argv: ['btrfs'], exitCode: 1, stderr });
    expect(c?.code).toBe(code);
    expect(c!.message).toMatch(/^\S.{20,}\.$/); // a sentence
  });

  it('leaves unknown failures to the default classifier', () => {
    expect(classifyBtrfs({ argv: ['btrfs'], exitCode: 1, stderr: 'ERROR: something new\n' })).toBeNull();
  });
});
