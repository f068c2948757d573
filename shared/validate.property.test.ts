// Property-based hostile input for the one set of validators: > 10,000 generated hostile names and paths per run,
// each refused with a typed error (verdict, thrown CowshedError, and the zod schema's issue code agree).
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absPath, bytes, edgyString, fileName, hostileFileName, hostilePath, hostileSnapshotShortName, hostileZfsDataset,
  hostileNameText, hostileTarget, hostileZfsSnapshot, ZFS_CHARS, zfsComponent, zfsDataset, zfsSnapshot,
} from '../e2e/fixtures/hostile';
import { CowshedError, type ErrorCode } from './errors';
import {
  AbsolutePath, assertValid, checkAbsolutePath, checkBtrfsName, checkFileName, checkZfsBookmark, checkZfsDataset,
  checkNameText, checkTarget, checkZfsSnapshot, checkZfsSnapshotShortName, FileName, NameText, TargetText, type Verdict, ZfsDatasetName, ZfsSnapshotName,
} from './validate';
import type { z } from 'zod';

const RUNS = 1200;
let generated = 0;

/** Refused with `code` by the verdict, by assertValid (typed throw) and by the zod schema when given. */
function refused(v: Verdict, code: ErrorCode): boolean {
  generated++;
  if (v.ok || v.code !== code || !v.message) return false;
  try {
    assertValid(v);
    return false;
  } catch (e) {
    if (!(e instanceof CowshedError) || e.code !== code) return false;
  }
  return true;
}

function schemaCode(schema: z.ZodType, s: string): ErrorCode | 'ok' | 'untyped' {
  const r = schema.safeParse(s);
  if (r.success) return 'ok';
  const issue = r.error.issues[0] as { params?: { cowshedCode?: ErrorCode } } | undefined;
  return issue?.params?.cowshedCode ?? 'untyped';
}

const prop = <T>(arb: fc.Arbitrary<T>, f: (x: T) => boolean, runs = RUNS) => fc.assert(fc.property(arb, f), { numRuns: runs });

describe('hostile ZFS names are refused with INVALID_NAME', () => {
  it('datasets: characters, empty components, leading -, . / .., over 255 bytes, @ / #, pools', () =>
    prop(hostileZfsDataset, ([, n]) => refused(checkZfsDataset(n), 'INVALID_NAME') && schemaCode(ZfsDatasetName, n) === 'INVALID_NAME', 2 * RUNS));
  it('full snapshot names: exactly one @, % and , in the snapshot part, bad datasets, over 255 bytes', () =>
    prop(hostileZfsSnapshot, ([, n]) => refused(checkZfsSnapshot(n), 'INVALID_NAME') && schemaCode(ZfsSnapshotName, n) === 'INVALID_NAME', 2 * RUNS));
  it('short snapshot names (createSnapshot --name)', () => prop(hostileSnapshotShortName, ([, n]) => refused(checkZfsSnapshotShortName(n), 'INVALID_NAME')));
  it('bookmarks: a snapshot name with # instead of @ is refused as a bookmark when hostile', () =>
    prop(hostileZfsSnapshot.filter(([r]) => !r.includes('#') && r !== 'no @'), ([, n]) => refused(checkZfsBookmark(n.replace('@', '#')), 'INVALID_NAME')));
  it('a snapshot name is never a dataset and a dataset is never a snapshot', () =>
    prop(fc.tuple(zfsSnapshot, zfsDataset), ([s, d]) => refused(checkZfsDataset(s), 'INVALID_NAME') && refused(checkZfsSnapshot(d), 'INVALID_NAME')));
});

describe('hostile btrfs / file names are refused with INVALID_NAME', () => {
  it('/, . and .., over 255 bytes (multi-byte too), leading -, controls and newlines, lone surrogates', () =>
    prop(hostileFileName, ([, n]) => refused(checkBtrfsName(n), 'INVALID_NAME') && refused(checkFileName(n), 'INVALID_NAME') && schemaCode(FileName, n) === 'INVALID_NAME', 2 * RUNS));
});

describe('hostile paths are refused with INVALID_PATH', () => {
  it('relative, . and .. components, controls, NUL, lone surrogates, over-long', () =>
    prop(hostilePath, ([, p]) => refused(checkAbsolutePath(p), 'INVALID_PATH') && schemaCode(AbsolutePath, p) === 'INVALID_PATH', 2 * RUNS));
});

describe('hostile contract targets and new-name text are refused at the door', () => {
  it('zfs: and bare ZFS names, paths, btrfs ids (INVALID_NAME / INVALID_PATH / USAGE)', () =>
    prop(hostileTarget(), ([, t, code]) => refused(checkTarget(t), code) && schemaCode(TargetText, t) === code, 2 * RUNS));
  it('names for new snapshots, clones and hold tags: controls, non-UTF-8, leading -, empty', () =>
    prop(hostileNameText, ([, n]) => refused(checkNameText(n), 'INVALID_NAME') && schemaCode(NameText, n) === 'INVALID_NAME'));
});

describe('valid inputs are accepted (the generators are honest)', () => {
  it('names and paths built from the rules pass', () =>
    prop(fc.tuple(zfsDataset, zfsSnapshot, zfsComponent, fileName, absPath), ([d, s, c, n, p]) =>
      checkZfsDataset(d).ok && checkZfsSnapshot(s).ok && checkZfsSnapshotShortName(c).ok && checkBtrfsName(n).ok && checkAbsolutePath(p).ok &&
      checkTarget(`zfs:${d}`).ok && checkTarget(s).ok && checkTarget(p).ok && checkTarget(`btrfs:${p}:${n}`).ok && checkNameText(n).ok,
    ));
});

// Independent models of "safe to hand to a tool": whatever a validator accepts must satisfy them, exactly.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s); // throws URIError on a lone surrogate
    return true;
  } catch {
    return false;
  }
};
const zfsCharset = (c: string) => c.length > 0 && [...c].every((x) => ZFS_CHARS.includes(x));
const zfsComp = (c: string) => zfsCharset(c) && !c.startsWith('-') && c !== '.' && c !== '..';
const zfsPoolOk = (p: string) => zfsComp(p) && /^[A-Za-z]/.test(p) && !/^(mirror|raidz\d?|draid\d?|spare|log)$|^c[0-9]/.test(p);
const datasetModel = (s: string) => bytes(s) <= 255 && s.split('/').every((c, i) => (i === 0 ? zfsPoolOk(c) : zfsComp(c)));
const snapshotModel = (s: string) => {
  const at = s.split('@');
  return at.length === 2 && bytes(s) <= 255 && datasetModel(at[0]!) && zfsComp(at[1]!);
};
const fileModel = (s: string) =>
  s.length > 0 && wellFormed(s) && !UNSAFE_TEXT.test(s) && !s.includes('/') && !s.startsWith('-') && s !== '.' && s !== '..' && bytes(s) <= 255;
const pathModel = (s: string) =>
  s.startsWith('/') && wellFormed(s) && !UNSAFE_TEXT.test(s) && bytes(s) <= 4096 && s.split('/').every((c) => c !== '.' && c !== '..' && bytes(c) <= 255);

describe('accepted ⇔ safe, on arbitrary and edge-token strings', () => {
  const anyText = fc.oneof(edgyString, hostileZfsDataset.map(([, n]) => n), hostileFileName.map(([, n]) => n), hostilePath.map(([, p]) => p));
  it('ZFS datasets and snapshots', () =>
    prop(anyText, (s) => {
      generated += 2;
      return checkZfsDataset(s).ok === datasetModel(s) && checkZfsSnapshot(s).ok === snapshotModel(s);
    }, 2 * RUNS));
  it('file names and absolute paths', () =>
    prop(anyText, (s) => {
      generated += 2;
      return checkFileName(s).ok === fileModel(s) && checkAbsolutePath(s).ok === pathModel(s);
    }, 2 * RUNS));
  it('every refusal is typed, never a throw', () =>
    prop(fc.oneof(anyText, fc.anything()), (s) => {
      const all = [checkZfsDataset, checkZfsSnapshot, checkZfsBookmark, checkFileName, checkAbsolutePath].map((f) => f(s as string));
      return all.every((v) => v.ok || v.code === 'INVALID_NAME' || v.code === 'INVALID_PATH');
    }));
  it('generated at least 10,000 hostile inputs this run', () => expect(generated).toBeGreaterThanOrEqual(10_000));
});
