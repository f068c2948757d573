import { z } from 'zod';
import { CowshedError } from '../../shared/errors';
import {
  assertValid, byteLength, checkAbsolutePath, checkZfsBookmark, checkZfsDataset, checkZfsHoldTag, checkZfsPool,
  checkZfsSnapshot, checkZfsSnapshotShortName, validated, type Verdict,
} from '../../shared/validate';
import type { CheckEnv, ValueType } from './grammar';
import { requireDestOn, requireExistingOn, requireNewOn, requireNotSystem, requireOnFs } from './paths';

/** The value types of the helper's argument grammar: every one runs the shared validators. */

const OK: Verdict = { ok: true };
const bad = (message: string, code: 'INVALID_NAME' | 'USAGE' = 'USAGE'): Verdict => ({ ok: false, code, message });

/** A string value checked by a validator, with an optional helper-side check. */
export function text(label: string, check: (s: string) => Verdict, helperCheck?: (s: string, env: CheckEnv) => void): ValueType<string> {
  return {
    label,
    schema: z.lazy(() => validated(check)), // made when first used, not at start-up
    fromToken: (s) => s,
    toToken: (s) => s,
    ...(helperCheck ? { check: helperCheck } : {}),
  };
}

/** A string from a fixed pattern (flags' values, property names). */
export function pattern(label: string, re: RegExp, maxBytes = 1024): ValueType<string> {
  return text(label, (s) => (typeof s === 'string' && byteLength(s) <= maxBytes && re.test(s) ? OK : bad(`${label} "${s}" is not allowed`)));
}

/** One of a few words. */
export function oneOf(label: string, words: readonly string[]): ValueType<string> {
  return text(label, (s) => (words.includes(s) ? OK : bad(`${label} must be one of ${words.join(', ')}`)));
}

/** A comma-separated list of words from a set. */
export function listOf(label: string, words: readonly string[] | RegExp): ValueType<string> {
  const ok = (w: string) => (Array.isArray(words) ? words.includes(w) : (words as RegExp).test(w));
  return text(label, (s) => (typeof s === 'string' && s.length <= 4096 && s.split(',').every(ok) ? OK : bad(`${label} "${s}" is not allowed`)));
}

/** A bounded integer. */
export function int(label: string, min: number, max: number): ValueType<number> {
  return {
    label,
    schema: z.lazy(() => z.number().int().min(min).max(max)),
    fromToken: (s) => (/^\d{1,15}$/.test(s) ? Number(s) : undefined),
    toToken: (n) => String(n),
  };
}

// ZFS names

export const zfsDataset = text('dataset', checkZfsDataset);
export const zfsSnapshot = text('snapshot', checkZfsSnapshot);
export const zfsPool = text('pool', checkZfsPool);
export const zfsHoldTag = text('hold tag', checkZfsHoldTag);
/** A filesystem, volume or snapshot. */
export const zfsDatasetOrSnapshot = text('dataset or snapshot', (s) => (typeof s === 'string' && s.includes('@') ? checkZfsSnapshot(s) : checkZfsDataset(s)));
/** The `-i` / `-I` source of an incremental send: `@snap`, `pool/ds@snap` or a bookmark `pool/ds#mark`. */
export const zfsIncrementalSource = text('incremental source', (s) => {
  if (typeof s !== 'string') return bad('incremental source must be text');
  if (s.startsWith('@')) return checkZfsSnapshotShortName(s.slice(1));
  return s.includes('#') ? checkZfsBookmark(s) : checkZfsSnapshot(s);
});

const ZFS_PROP = /^(?:[a-z][a-z0-9_]{0,63}|[a-z0-9_.-]{1,64}:[a-z0-9_.:-]{1,192})$/;
/** Property names for `get` (or "all"). */
export const zfsPropertyList = listOf('property list', /^(?:all|[a-z][a-z0-9_]{0,63}|[a-z0-9_.-]{1,64}:[a-z0-9_.:-]{1,192}|(?:userused|userquota|groupused|groupquota)@[A-Za-z0-9_.-]{1,64})$/);
/** `-o` columns of `list`: property names. */
export const zfsColumns = listOf('columns', ZFS_PROP);
export const zfsGetFields = listOf('fields', ['all', 'name', 'property', 'value', 'received', 'source']);
export const zfsTypes = listOf('types', ['all', 'filesystem', 'volume', 'snapshot', 'snap', 'bookmark']);
export const zfsSources = listOf('sources', ['local', 'default', 'inherited', 'temporary', 'received', 'none']);
export const zfsSortProp = pattern('sort property', ZFS_PROP);

/** A `mountpoint=` value: none, legacy, or a new / empty path whose folder is on ZFS and not a system folder. */
function checkMountpointValue(v: string, env: CheckEnv): void {
  if (v === 'none' || v === 'legacy') return;
  requireNotSystem(v, 'Mountpoint');
  requireDestOn(v, ['zfs'], env.mounts, 'Mountpoint');
}

const ASSIGNABLE: Record<string, RegExp> = {
  readonly: /^(on|off)$/,
  canmount: /^(on|off|noauto)$/,
  'com.sun:auto-snapshot': /^(true|false)$/,
};
/** `prop=value` for `set`, `-o` of create / clone / snapshot: a closed set of properties plus user properties. */
export const zfsAssignment = text(
  'property assignment',
  (s) => {
    if (typeof s !== 'string') return bad('property assignment must be text');
    const eq = s.indexOf('=');
    if (eq < 1) return bad(`"${s}" is not property=value`);
    const [k, v] = [s.slice(0, eq), s.slice(eq + 1)];
    if (k === 'mountpoint') return v === 'none' || v === 'legacy' ? OK : checkAbsolutePath(v, 'Mountpoint');
    const re = ASSIGNABLE[k];
    if (re) return re.test(v) ? OK : bad(`${k} cannot be set to "${v}"`);
    if (/^[a-z0-9_.-]{1,64}:[a-z0-9_.:-]{1,192}$/.test(k)) {
      // eslint-disable-next-line no-control-regex
      return byteLength(v) <= 8191 && !/[\u0000-\u001f\u007f]/.test(v) ? OK : bad(`the value of ${k} is too long or has control characters`);
    }
    return bad(`the helper does not set the property "${k}"`);
  },
  (s, env) => {
    if (s.startsWith('mountpoint=')) checkMountpointValue(s.slice(11), env);
  },
);

export const zpoolPropertyList = listOf('pool properties', /^(?:all|[a-z][a-z0-9_]{0,63}|feature@[a-z0-9_]{1,64}|[a-z0-9_.-]{1,64}:[a-z0-9_.:-]{1,192})$/);
export const zpoolFields = listOf('fields', ['all', 'name', 'property', 'value', 'source']);

// btrfs paths and values

const pathSyntax = (s: string) => checkAbsolutePath(s);
/** An existing, canonical path on a mounted btrfs filesystem. */
export const btrfsPath = text('btrfs path', pathSyntax, (s, env) => void requireExistingOn(s, ['btrfs'], env.mounts));
/** A new path (its folder on btrfs). */
export const btrfsNewPath = text('new btrfs path', pathSyntax, (s, env) => void requireNewOn(s, ['btrfs'], env.mounts));
/** A snapshot / receive destination: an existing btrfs folder or a new path in one. */
export const btrfsDest = text('btrfs destination', pathSyntax, (s, env) => void requireDestOn(s, ['btrfs'], env.mounts));
/** The mountpoint of a btrfs filesystem (for `--subvolid N <mountpoint>`). */
export const btrfsMountpoint = text('btrfs mountpoint', pathSyntax, (s, env) => {
  requireExistingOn(s, ['btrfs'], env.mounts);
});
export const btrfsSort = pattern('sort', /^[+-]?(gen|ogen|rootid|path)(,[+-]?(gen|ogen|rootid|path)){0,3}$/);
export const btrfsGenFilter = pattern('generation filter', /^[+-]?\d{1,20}$/);
export const btrfsUuid = pattern('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
export const subvolId = int('subvolume id', 5, 2 ** 48);

/** `mount -o` options for a temporary btrfs mount. */
export const btrfsMountOptions = text('mount options', (s) => {
  if (typeof s !== 'string' || s.length > 1024) return bad('mount options are too long');
  for (const o of s.split(',')) {
    if (['ro', 'noatime', 'nodev', 'nosuid', 'noexec'].includes(o) || /^subvolid=\d{1,15}$/.test(o)) continue;
    if (o.startsWith('subvol=')) {
      const v = o.slice(7);
      // eslint-disable-next-line no-control-regex
      if (v && !/[\u0000-\u001f\u007f]/.test(v) && !v.split('/').some((c) => c === '..' || c === '.')) continue;
    }
    return bad(`mount option "${o}" is not allowed`);
  }
  return OK;
});
/** The device of a btrfs filesystem that is already mounted (the helper never mounts anything new). */
export const btrfsMountedSource = text('device', pathSyntax, (s, env) => {
  if (!env.mounts.some((m) => m.source === s && m.fstype === 'btrfs'))
    throw new CowshedError('OUTSIDE_MOUNTS', `${s} is not the device of a mounted btrfs filesystem.`);
});

/** Paths the verbs check against any managed filesystem. */
export const onFs = (kinds: Parameters<typeof requireOnFs>[1]) =>
  text('path', pathSyntax, (s, env) => void requireExistingOn(s, kinds, env.mounts));

/** Re-check that a name is a valid ZFS name (used by cross-argument checks). */
export const assertZfsName = (s: string) => assertValid(s.includes('@') ? checkZfsSnapshot(s) : checkZfsDataset(s));
