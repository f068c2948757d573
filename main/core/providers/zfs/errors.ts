import type { ErrorCode, FailedCommand } from '../../../../shared/errors';
import type { Classifier } from '../../exec/run';

/** One row of the table: a stderr pattern, the code it means, and a sentence for a person. */
interface Rule {
  re: RegExp;
  code: ErrorCode;
  message: (m: RegExpExecArray, f: FailedCommand) => string;
}

/** The quoted (or batch-form) object name in a "cannot <verb> '<name>': …" line, when there is one. */
function subject(stderr: string): string | null {
  const q = /cannot [a-z ]+? '([^']+)'/.exec(stderr);
  if (q) return q[1]!;
  const b = /cannot [a-z]+ snapshot ([^:\s]+):/.exec(stderr);
  return b ? b[1]! : null;
}

const it = (f: FailedCommand) => {
  const s = subject(f.stderr);
  return s === null ? 'The dataset' : `“${s}”`;
};

/** Lines after "use '-r'/'-R' … datasets:" (the dependents zfs names), one per line. */
export function listedDependents(stderr: string): string[] {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => /^use '-[rR]' to (destroy|force deletion of) the following/.test(l));
  if (at < 0) return [];
  return lines.slice(at + 1).filter((l) => l.length > 0 && !/^Output limited/.test(l));
}

/**
 * stderr patterns of zfs / zpool (OpenZFS 2.2/2.3 and zfs-fuse) → error codes. Order matters: the first
 * match wins, so the specific rows (held, clones) come before the generic "busy".
 */
const RULES: Rule[] = [
  { re: /it's being held/, code: 'HELD', message: (_m, f) => `${it(f)} has user holds; release them before destroying it.` },
  { re: /tag already exists on this dataset/, code: 'EXISTS', message: (_m, f) => `${it(f)} already has a hold with that tag.` },
  { re: /no such tag on this dataset/, code: 'NOT_FOUND', message: (_m, f) => `${it(f)} has no hold with that tag.` },
  {
    re: /(snapshot|filesystem|volume) has dependent clones|snapshot is cloned|clones of previous snapshots exist/,
    code: 'HAS_CLONES',
    message: (_m, f) => {
      const deps = listedDependents(f.stderr);
      return `${it(f)} has dependent clones${deps.length ? `: ${deps.join(', ')}` : ''}. Destroy or promote them first.`;
    },
  },
  {
    re: /more recent snapshots( or bookmarks)? exist/,
    code: 'CONFIRMATION_REQUIRED',
    message: (_m, f) => {
      const deps = listedDependents(f.stderr);
      return `Newer snapshots exist and rolling back would destroy them${deps.length ? `: ${deps.join(', ')}` : ''}.`;
    },
  },
  {
    re: /(filesystem|volume|snapshot) has children/,
    code: 'HAS_CHILDREN',
    message: (m, f) => {
      const deps = listedDependents(f.stderr);
      return `${it(f)} (a ${m[1]}) has children${deps.length ? `: ${deps.join(', ')}` : ''}.`;
    },
  },
  { re: /operation does not apply to pools/, code: 'NOT_SUPPORTED', message: (_m, f) => `${it(f)} is the root of a pool; it can only go with the pool itself (zpool destroy).` },
  { re: /not a cloned filesystem/, code: 'NOT_SUPPORTED', message: (_m, f) => `${it(f)} is not a clone, so there is nothing to promote.` },
  { re: /snapshots can not be promoted/, code: 'NOT_SUPPORTED', message: () => 'A snapshot cannot be promoted; promote the clone made from it.' },
  { re: /conflicting snapshot '([^']+)'/, code: 'EXISTS', message: (m, f) => `${it(f)} cannot be promoted: a snapshot named “${m[1]}” exists on both sides.` },
  { re: /dataset already exists|destination already exists/, code: 'EXISTS', message: (_m, f) => `${it(f)} already exists.` },
  {
    re: /invalid character|name is too long|empty component|delimiter '[@#]'|delimiters in name|leading slash|trailing slash|name is reserved|reserved disk name|doesn't begin with a letter|self reference|parent reference/,
    code: 'INVALID_NAME',
    message: (_m, f) => `zfs refused the name: ${firstLine(f.stderr)}`,
  },
  {
    re: /dataset does not exist|no such pool|could not find any snapshots to destroy|parent does not exist|no such dataset/,
    code: 'NOT_FOUND',
    message: (m, f) => (m[0] === 'parent does not exist' ? `The parent of ${it(f)} does not exist.` : `${it(f)} does not exist (any more).`),
  },
  {
    re: /permission denied|must be run as root|sys_config privilege|Operation not permitted/i,
    code: 'NEEDS_ADMIN',
    message: () => 'This needs administrator rights (or a ZFS delegation with zfs allow).',
  },
  { re: /out of space|no space left on device/i, code: 'NO_SPACE', message: () => 'The pool is out of space.' },
  { re: /read-only file ?system|pool is read-only/i, code: 'READ_ONLY', message: () => 'The pool or dataset is read-only.' },
  {
    re: /dataset is busy|pool or dataset is busy|device or resource busy|umount: .*target is busy/i,
    code: 'BUSY',
    message: (_m, f) => `${it(f)} is busy (a mount or a process is using it).`,
  },
  { re: /internal error: .*pyzfs/, code: 'NOT_SUPPORTED', message: () => 'This zfs (zfs-fuse) cannot list hold tags: its Python helper is missing.' },
  {
    re: /bad property list|invalid property|unrecognized command|invalid option|operation not supported|not supported/i,
    code: 'NOT_SUPPORTED',
    message: (_m, f) => `This version of zfs does not support that: ${firstLine(f.stderr)}`,
  },
  {
    re: /cannot receive|failed to read from stream|invalid backup stream|checksum mismatch/,
    code: 'COMMAND_FAILED',
    message: (_m, f) => `zfs receive failed: ${firstLine(f.stderr)}`,
  },
];

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
}

/** Classify a failed zfs / zpool command by the table above; null when nothing matches. */
export function classifyZfsText(f: FailedCommand): { code: ErrorCode; message: string } | null {
  for (const r of RULES) {
    const m = r.re.exec(f.stderr);
    if (m) return { code: r.code, message: r.message(m, f) };
  }
  return null;
}

/** The classifier handed to run(): falls back to the first stderr line as COMMAND_FAILED. */
export const classifyZfs: Classifier = (f) =>
  classifyZfsText(f) ?? { code: 'COMMAND_FAILED', message: firstLine(f.stderr) || `zfs failed with exit code ${f.exitCode ?? '?'}` };
