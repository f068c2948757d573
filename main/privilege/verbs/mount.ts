import { CowshedError } from '../../../shared/errors';
import type { VerbSpec } from '../grammar';
import { MOUNT_AREAS, requireMountTarget } from '../paths';
import { btrfsMountedSource, btrfsMountOptions, oneOf, text } from '../value-types';
import { checkAbsolutePath } from '../../../shared/validate';

/**
 * Temporary mounts: a second view of an already-mounted btrfs filesystem (e.g. its top level, to reach
 * snapshots outside the mounted subvolume), on an empty folder in a temporary area, and unmounting it again.
 */

const short = { timeoutMs: 60_000, maxTimeoutMs: 600_000 };

const mountTarget = text('mount target', (s) => checkAbsolutePath(s), (s, env) => requireMountTarget(s, env.mounts));
const umountTarget = text('mountpoint', (s) => checkAbsolutePath(s), (s, env) => {
  const m = env.mounts.filter((x) => x.mountpoint === s).at(-1);
  if (!m || m.fstype !== 'btrfs') throw new CowshedError('OUTSIDE_MOUNTS', `${s} is not a btrfs mountpoint.`);
  if (!MOUNT_AREAS.some((d) => s.startsWith(d + '/'))) throw new CowshedError('INVALID_PATH', `The helper only unmounts its temporary mounts (under ${MOUNT_AREAS.join(', ')}).`);
});

export const mountVerbs: VerbSpec[] = [
  {
    verb: 'mount.btrfs', doc: 'Mount an already-mounted btrfs filesystem again (a subvolume of it) on an empty temporary folder.',
    tool: 'mount', sub: [], access: 'write', asUser: 'never', ...short,
    flags: { type: { names: ['-t'], value: oneOf('filesystem type', ['btrfs']) }, options: { names: ['-o'], value: btrfsMountOptions } },
    positionals: [{ key: 'source', type: btrfsMountedSource }, { key: 'target', type: mountTarget }],
    check: (a) => {
      if (a.type !== 'btrfs') throw new CowshedError('USAGE', 'The helper mounts btrfs only: give -t btrfs.');
    },
  },
  {
    verb: 'umount.btrfs', doc: 'Unmount a temporary btrfs mount.', tool: 'umount', sub: [], access: 'write', asUser: 'never', ...short,
    flags: {}, positionals: [{ key: 'target', type: umountTarget }],
  },
];
