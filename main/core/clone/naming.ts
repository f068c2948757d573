import { lstatSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { byteLength } from '../../../shared/validate';

const MAX_NAME_BYTES = 255;
/** Extensions kept together when a clone suffix goes before the extension. */
const DOUBLE_EXT = /\.tar\.(gz|bz2|xz|zst|lz4|lzma|Z)$/i;
const CLONE_SUFFIX = / \(clone(?: \d+)?\)$/;

/** Split a file name into stem and extension ("report.pdf" → ["report", ".pdf"]); dotfiles have no extension. */
export function splitExtension(name: string): [string, string] {
  const dbl = DOUBLE_EXT.exec(name);
  if (dbl && dbl.index > 0) return [name.slice(0, dbl.index), name.slice(dbl.index)];
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/** Cut a string to at most `max` UTF-8 bytes without splitting a character. */
export function truncateBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

function withSuffix(name: string, suffix: string, isFile: boolean): string {
  const [stem, ext] = isFile ? splitExtension(name) : [name, ''];
  const room = MAX_NAME_BYTES - byteLength(suffix) - byteLength(ext);
  return truncateBytes(stem, Math.max(1, room)) + suffix + ext;
}

/**
 * The n-th "clone here" name: "report.pdf" → "report (clone).pdf", then "report (clone 2).pdf".
 * An existing "(clone N)" suffix is replaced, so cloning a clone counts on rather than nesting.
 */
export function cloneName(name: string, n: number, isFile: boolean): string {
  const suffix = n <= 1 ? ' (clone)' : ` (clone ${n})`;
  const [stem, ext] = isFile ? splitExtension(name) : [name, ''];
  const base = stem.replace(CLONE_SUFFIX, '') || stem;
  return withSuffix(base + ext, suffix, isFile);
}

/** The n-th name for the version a restore replaces: "name (before restore)", "name (before restore 2)". */
export function beforeRestoreName(name: string, n: number, isFile: boolean): string {
  return withSuffix(name, n <= 1 ? ' (before restore)' : ` (before restore ${n})`, isFile);
}

/** A ZFS-safe clone dataset name: "data" → "data-clone", "data-clone-2". */
export function zfsCloneName(base: string, n: number): string {
  return `${base.replace(/-clone(?:-\d+)?$/, '')}-clone${n <= 1 ? '' : `-${n}`}`;
}

/** True when nothing (not even a dangling symlink) has this path. */
export function isFree(path: string): boolean {
  try {
    lstatSync(path);
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

/** The first free name in `dir` that `make(n)` gives for n = 1, 2, … */
export function firstFree(dir: string, make: (n: number) => string, taken: (name: string) => boolean = (n) => !isFree(join(dir, n))): string {
  for (let n = 1; n < 10_000; n++) {
    const name = make(n);
    if (!taken(name)) return name;
  }
  throw new Error(`no free name in ${dir}`);
}

const PARTIAL = /^\.(.*)\.cowshed-partial-(\d+)-([0-9a-f]{8})$/s;

/** The hidden sibling a clone is built in: ".name.cowshed-partial-<pid>-<random>". */
export function partialName(name: string, pid = process.pid): string {
  const suffix = `.cowshed-partial-${pid}-${randomBytes(4).toString('hex')}`;
  return '.' + truncateBytes(name, MAX_NAME_BYTES - 1 - byteLength(suffix)) + suffix;
}

/** The pid that owns a partial, or null when the name is not a partial's. */
export function parsePartialName(name: string): { name: string; pid: number } | null {
  const m = PARTIAL.exec(name);
  return m ? { name: m[1]!, pid: Number(m[2]) } : null;
}
