import { z } from 'zod';
import { CowshedError, type ErrorCode } from './errors';

/**
 * The one set of name and path validators. The UI (as-you-type), every door of the core and the
 * privileged helper call these; nothing else decides whether a name is acceptable.
 */
export type Verdict = { ok: true } | { ok: false; code: ErrorCode; message: string };

const OK: Verdict = { ok: true };
const bad = (code: ErrorCode, message: string): Verdict => ({ ok: false, code, message });

const utf8 = new TextEncoder();
/** Byte length in UTF-8. */
export const byteLength = (s: string): number => utf8.encode(s).length;

// C0, DEL, C1, and the Unicode line / paragraph separators (newlines to JS, JSON-lines readers and some terminals).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/;

function commonText(s: string, what: string): Verdict {
  if (typeof s !== 'string') return bad('INVALID_NAME', `${what} must be text`);
  if (s.length === 0) return bad('INVALID_NAME', `${what} is empty`);
  if (LONE_SURROGATE.test(s)) return bad('INVALID_NAME', `${what} is not valid UTF-8`);
  if (CONTROL.test(s)) return bad('INVALID_NAME', `${what} contains a control character (such as a newline or tab)`);
  return OK;
}

/** ZFS allows letters, digits and `_ - . : ` (space) in each component. */
const ZFS_COMPONENT = /^[A-Za-z0-9_\-.: ]+$/;
/** Maximum length of a full ZFS name (ZFS_MAX_DATASET_NAME_LEN - 1). */
export const ZFS_MAX_NAME = 255;
// Reserved pool names (zfs_namecheck.c pool_namecheck; libzfs zpool_name_valid at create: mirror*, raidz*, draid*,
// spare*, log). "cache", "special" and "dedup" are vdev keywords, not reserved pool names: such pools exist.
const ZFS_RESERVED_POOLS = /^(mirror|raidz\d?|draid\d?|spare|log)$/;

/** One component of a ZFS name (between `/`, or after `@` / `#`). */
export function checkZfsComponent(c: string, what = 'Name component'): Verdict {
  const t = commonText(c, what);
  if (!t.ok) return t;
  if (c === '.' || c === '..') return bad('INVALID_NAME', `${what} "${c}" is a reserved name`);
  if (c.startsWith('-')) return bad('INVALID_NAME', `${what} "${c}" starts with "-", which tools would read as an option`);
  if (c.includes('%')) return bad('INVALID_NAME', `${what} "${c}" contains "%", which ZFS reserves for temporary names`);
  if (c.includes(',')) return bad('INVALID_NAME', `${what} "${c}" contains ",", which is not allowed in ZFS names`);
  if (c.includes('@') || c.includes('#')) return bad('INVALID_NAME', `${what} "${c}" contains "@" or "#"`);
  if (!ZFS_COMPONENT.test(c))
    return bad('INVALID_NAME', `${what} "${c}" contains a character ZFS does not allow (use letters, digits, _ - . : and space)`);
  return OK;
}

/** A ZFS pool name. */
export function checkZfsPool(p: string): Verdict {
  const v = checkZfsComponent(p, 'Pool name');
  if (!v.ok) return v;
  if (!/^[A-Za-z]/.test(p)) return bad('INVALID_NAME', `Pool name "${p}" must start with a letter`);
  if (ZFS_RESERVED_POOLS.test(p) || /^c[0-9]/.test(p)) return bad('INVALID_NAME', `Pool name "${p}" is reserved`);
  return OK;
}

function checkZfsPath(path: string, what: string): Verdict {
  const parts = path.split('/');
  if (parts.some((x) => x === '')) return bad('INVALID_NAME', `${what} "${path}" has an empty component (a leading, trailing or double "/")`);
  const pool = checkZfsPool(parts[0]!);
  if (!pool.ok) return pool;
  for (const part of parts.slice(1)) {
    const v = checkZfsComponent(part, 'Dataset name component');
    if (!v.ok) return v;
  }
  return OK;
}

/** A ZFS filesystem or volume name: `pool/a/b`. */
export function checkZfsDataset(name: string): Verdict {
  const t = commonText(name, 'Dataset name');
  if (!t.ok) return t;
  if (byteLength(name) > ZFS_MAX_NAME) return bad('INVALID_NAME', `Dataset name is longer than ${ZFS_MAX_NAME} bytes`);
  if (name.includes('@') || name.includes('#')) return bad('INVALID_NAME', `"${name}" is a snapshot or bookmark name, not a dataset`);
  return checkZfsPath(name, 'Dataset name');
}

/** The part of a snapshot name after `@` (or a bookmark's after `#`). */
export function checkZfsSnapshotShortName(name: string): Verdict {
  return checkZfsComponent(name, 'Snapshot name');
}

/** A full ZFS snapshot name: `pool/a@snap` (exactly one `@`). */
export function checkZfsSnapshot(name: string): Verdict {
  const t = commonText(name, 'Snapshot name');
  if (!t.ok) return t;
  if (byteLength(name) > ZFS_MAX_NAME) return bad('INVALID_NAME', `Snapshot name is longer than ${ZFS_MAX_NAME} bytes`);
  const at = name.split('@');
  if (at.length !== 2) return bad('INVALID_NAME', `"${name}" must contain exactly one "@"`);
  if (name.includes('#')) return bad('INVALID_NAME', `"${name}" mixes "@" and "#"`);
  const ds = checkZfsPath(at[0]!, 'Dataset name');
  if (!ds.ok) return ds;
  return checkZfsSnapshotShortName(at[1]!);
}

/** A full ZFS bookmark name: `pool/a#mark`. */
export function checkZfsBookmark(name: string): Verdict {
  const t = commonText(name, 'Bookmark name');
  if (!t.ok) return t;
  if (byteLength(name) > ZFS_MAX_NAME) return bad('INVALID_NAME', `Bookmark name is longer than ${ZFS_MAX_NAME} bytes`);
  const parts = name.split('#');
  if (parts.length !== 2 || name.includes('@')) return bad('INVALID_NAME', `"${name}" must contain exactly one "#"`);
  const ds = checkZfsPath(parts[0]!, 'Dataset name');
  if (!ds.ok) return ds;
  return checkZfsComponent(parts[1]!, 'Bookmark name');
}

/** A ZFS hold tag (`zfs hold TAG snap`). */
export function checkZfsHoldTag(tag: string): Verdict {
  const t = commonText(tag, 'Hold tag');
  if (!t.ok) return t;
  if (tag.startsWith('-')) return bad('INVALID_NAME', `Hold tag "${tag}" starts with "-"`);
  if (byteLength(tag) > 255) return bad('INVALID_NAME', 'Hold tag is longer than 255 bytes');
  return OK;
}

/** One file or btrfs subvolume name (a single path component). */
export function checkFileName(name: string, what = 'Name'): Verdict {
  const t = commonText(name, what);
  if (!t.ok) return t;
  if (name === '.' || name === '..') return bad('INVALID_NAME', `${what} "${name}" is a reserved name`);
  if (name.includes('/')) return bad('INVALID_NAME', `${what} "${name}" contains "/"`);
  if (name.startsWith('-')) return bad('INVALID_NAME', `${what} "${name}" starts with "-", which tools would read as an option`);
  if (byteLength(name) > 255) return bad('INVALID_NAME', `${what} is longer than 255 bytes`);
  return OK;
}

/** A btrfs subvolume or snapshot name. */
export const checkBtrfsName = (name: string): Verdict => checkFileName(name, 'Subvolume name');

/** Maximum path length accepted (PATH_MAX). */
export const PATH_MAX = 4096;

/**
 * An absolute path given by a user. Refuses relative paths, `.`/`..` components, control characters,
 * non-UTF-8 and over-long paths. Whether it exists or is inside a managed mount is the core's check.
 */
export function checkAbsolutePath(p: string, what = 'Path'): Verdict {
  if (typeof p !== 'string' || p.length === 0) return bad('INVALID_PATH', `${what} is empty`);
  if (p.includes('\0')) return bad('INVALID_PATH', `${what} contains a NUL byte`);
  if (LONE_SURROGATE.test(p)) return bad('INVALID_PATH', `${what} is not valid UTF-8`);
  if (CONTROL.test(p)) return bad('INVALID_PATH', `${what} contains a control character (such as a newline)`);
  if (!p.startsWith('/')) return bad('INVALID_PATH', `${what} "${p}" must be absolute (start with "/")`);
  if (byteLength(p) > PATH_MAX) return bad('INVALID_PATH', `${what} is longer than ${PATH_MAX} bytes`);
  for (const part of p.split('/')) {
    if (part === '.' || part === '..') return bad('INVALID_PATH', `${what} "${p}" contains a "${part}" component`);
    if (byteLength(part) > 255) return bad('INVALID_PATH', `${what} has a component longer than 255 bytes`);
  }
  return OK;
}

/**
 * Text a caller names a new thing with, before the filesystem's own rules apply (`checkBtrfsName`,
 * `checkZfsSnapshotShortName`, …, in the provider): non-empty, UTF-8, no control characters, no leading `-`.
 * Checked at the door so a hostile name never reaches a provider, whatever the filesystem.
 */
export function checkNameText(s: string, what = 'Name'): Verdict {
  const t = commonText(s, what);
  if (!t.ok) return t;
  if (s.startsWith('-')) return bad('INVALID_NAME', `${what} "${s}" starts with "-", which tools would read as an option`);
  if (byteLength(s) > PATH_MAX) return bad('INVALID_NAME', `${what} is longer than ${PATH_MAX} bytes`);
  return OK;
}

/**
 * A target as the contract takes it: an absolute path, `zfs:<dataset>[@snapshot]`, a bare ZFS name, or
 * `btrfs:<mountpoint>:<subvolume path>`. The same rules `resolveTarget` applies; which mount it names is the core's check.
 */
export function checkTarget(t: string): Verdict {
  if (typeof t !== 'string' || t.length === 0) return bad('USAGE', 'Target is empty');
  if (t.startsWith('btrfs:')) {
    const rest = t.slice(6);
    if (!rest.startsWith('/') || !rest.includes(':', 1)) return bad('INVALID_PATH', `"${t}" is not a btrfs id (btrfs:<mountpoint>:<subvolume path>)`);
    // The mountpoint may itself contain ":", so the exact split waits for the mount table; as a path it must be clean.
    return checkAbsolutePath(rest.replace(':', '/'), 'btrfs id');
  }
  if (t.startsWith('/')) return checkAbsolutePath(t, 'Target');
  const name = t.startsWith('zfs:') ? t.slice(4) : t;
  return name.includes('@') ? checkZfsSnapshot(name) : checkZfsDataset(name);
}

/** Throw the verdict as a typed error (core and helper side). */
export function assertValid(v: Verdict): void {
  if (!v.ok) throw new CowshedError(v.code, v.message);
}

/** A zod string schema that runs one of the validators and keeps its error code. */
export function validated(check: (s: string) => Verdict) {
  return z.string().superRefine((s, ctx) => {
    const v = check(s);
    if (!v.ok) ctx.addIssue({ code: 'custom', message: v.message, params: { cowshedCode: v.code } });
  });
}

export const AbsolutePath = validated((s) => checkAbsolutePath(s));
export const ZfsDatasetName = validated(checkZfsDataset);
export const ZfsSnapshotName = validated(checkZfsSnapshot);
export const FileName = validated((s) => checkFileName(s));
export const TargetText = validated(checkTarget);
export const NameText = validated((s) => checkNameText(s));
