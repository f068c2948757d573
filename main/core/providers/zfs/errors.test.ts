import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../shared/errors';
import { classifyZfs, classifyZfsText, listedDependents } from './errors';
import { sample } from './test-samples';

const classify = (stderr: string) => classifyZfs({ argv: ['zfs'], exitCode: 1, stderr });

describe('zfs error table on the captured OpenZFS messages', () => {
  const cases: [string, ErrorCode, RegExp?][] = [
    ['errors-dataset-busy.txt', 'BUSY', /subvol-119-disk-0@restic-20250406-030001/],
    ['errors-destroy-filesystem-has-children.txt', 'HAS_CHILDREN', /MYNEWdataset@MYmark/],
    ['errors-destroy-filesystem-has-dependent-clones.txt', 'HAS_CLONES', /MYdataset/],
    ['errors-destroy-snapshot-has-dependent-clones-reconstructed.txt', 'HAS_CLONES', /pool\/test2\/test1clone/],
    ['errors-destroy-held-snapshot-2.2-verbatim.txt', 'BUSY'], // pre-2.3.3 says only "busy": the provider checks userrefs
    ['errors-destroy-held-snapshot-2.3.3-reconstructed.txt', 'HELD', /rpool@test/],
    ['errors-destroy-pool-root.txt', 'NOT_SUPPORTED', /root of a pool/],
    ['errors-rollback-more-recent-snapshots.txt', 'CONFIRMATION_REQUIRED', /Newer snapshots/],
    ['errors-rollback-more-recent-snapshots-legacy-wording.txt', 'CONFIRMATION_REQUIRED', /after_cp, mypool\/var\/tmp@diff_snapshot/],
    ['errors-permission-denied.txt', 'NEEDS_ADMIN'],
    ['errors-must-be-run-as-root.txt', 'NEEDS_ADMIN'],
    ['errors-diff-unprivileged.txt', 'NEEDS_ADMIN'],
    ['errors-invalid-dataset-names.txt', 'INVALID_NAME'],
    ['errors-promote-not-a-clone.txt', 'NOT_SUPPORTED', /not a clone/],
    ['zfs-destroy-v-r-filesystem-busy-2.3.4.txt', 'BUSY', /zfs-storage\/subvol-105-disk-0/],
  ];
  for (const [file, code, message] of cases)
    it(`${file} → ${code}`, () => {
      const c = classify(sample(file));
      expect(c?.code).toBe(code);
      if (message) expect(c?.message).toMatch(message);
    });

  it('each invalid-name line alone is INVALID_NAME, except the valid-but-missing one', () => {
    const lines = sample('errors-invalid-dataset-names.txt').split('\n').filter(Boolean);
    expect(lines.map((l) => classify(l)?.code)).toEqual(['INVALID_NAME', 'INVALID_NAME', 'INVALID_NAME', 'INVALID_NAME', 'INVALID_NAME', 'NOT_FOUND']);
  });

  it('reads the dependents zfs lists after "use -R"', () => {
    expect(listedDependents(sample('errors-destroy-snapshot-has-dependent-clones-reconstructed.txt'))).toEqual(['pool/test2/test1clone']);
  });
});

describe('zfs error table on zfs-fuse messages (captured on the test machine)', () => {
  const cases: [string, ErrorCode][] = [
    ["cannot destroy 'p/a@r1': dataset is busy", 'BUSY'],
    ["cannot rename 'p/u1': dataset is busy", 'BUSY'],
    ["cannot open 'p/nope': dataset does not exist", 'NOT_FOUND'],
    ["cannot create snapshot 'p/a@s1': dataset already exists", 'EXISTS'],
    ["cannot create 'p/nope/x': parent does not exist", 'NOT_FOUND'],
    ["cannot destroy 'p/a@s1': snapshot has dependent clones\nuse '-R' to destroy the following datasets:\np/c", 'HAS_CLONES'],
    ["cannot destroy 'p/a': filesystem has children\nuse '-r' to destroy the following datasets:\np/a@s1", 'HAS_CHILDREN'],
    ["cannot release 'nope' from 'p/a@s1': no such tag on this dataset", 'NOT_FOUND'],
    ["cannot hold 'p/a@s1': tag already exists on this dataset", 'EXISTS'],
    ["cannot promote 'p/c': not a cloned filesystem", 'NOT_SUPPORTED'],
    ["cannot rollback to 'p/rb@one': more recent snapshots exist\nuse '-r' to force deletion of the following snapshots:\np/rb@two", 'CONFIRMATION_REQUIRED'],
    ["bad property list: invalid property 'written'\nusage:\n\tget [-rHp] ...", 'NOT_SUPPORTED'],
    ['internal error: /usr/lib/zfs/pyzfs.py not found', 'NOT_SUPPORTED'],
  ];
  for (const [stderr, code] of cases) it(`${stderr.split('\n')[0]} → ${code}`, () => expect(classify(stderr)?.code).toBe(code));

  it('names the object in the sentence, and falls back to COMMAND_FAILED with the first line', () => {
    expect(classify("cannot open 'p/nope': dataset does not exist")?.message).toBe('“p/nope” does not exist (any more).');
    expect(classifyZfsText({ argv: ['zfs'], exitCode: 1, stderr: 'something new\nmore' })).toBeNull();
    expect(classify('something new\nmore')).toEqual({ code: 'COMMAND_FAILED', message: 'something new' });
  });
});
