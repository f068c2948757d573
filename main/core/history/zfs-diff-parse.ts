import { slashPath, type EntryType, type RawChange } from './types';

/**
 * Parser for OpenZFS `zfs diff -FH A B` (lib/libzfs/libzfs_diff.c): TAB-separated
 * `[ctime] type filetype path [newpath | (+N)]`, paths absolute under the dataset's mountpoint and
 * `\0ooo`-escaped (every byte outside 0x21..0x7e and the backslash). Without -H a rename is one field
 * `old -> new`; both forms are read.
 */

const FILE_TYPES: Record<string, EntryType> = { F: 'file', '/': 'dir', '@': 'symlink', B: 'other', C: 'other', '>': 'other', '|': 'other', P: 'other', '=': 'other' };

/** Decode `\0ooo` (and `\ooo`) byte escapes into a UTF-8 string. */
export function unescapeZfsDiff(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const m = s[i] === '\\' ? /^\\0?([0-7]{3})/.exec(s.slice(i, i + 5)) : null;
    if (m) {
      bytes.push(parseInt(m[1]!, 8) & 0xff);
      i += m[0].length - 1;
    } else for (const b of enc.encode(s[i]!)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A path printed by zfs diff, made relative to the dataset's mountpoint ('/…'), or null if it is outside. */
export function relativeToMount(abs: string, mountpoint: string): string | null {
  const mp = mountpoint.replace(/\/+$/, '');
  if (abs === mp || abs === mp + '/') return '/';
  if (mp === '' || abs.startsWith(mp + '/')) return slashPath(abs.slice(mp.length + 1).replace(/\/+$/, ''));
  return null;
}

/** Parse one output line into a change; directories' "M" (their entries changed) is dropped. */
export function parseZfsDiffLine(line: string, mountpoint: string): RawChange | null {
  if (!line.trim()) return null;
  const f = line.split('\t');
  if (/^\s*\d+\.\d+$/.test(f[0]!)) f.shift(); // -t: inode change time first
  const code = f[0];
  if (code !== 'M' && code !== '+' && code !== '-' && code !== 'R') return null;
  let i = 1;
  let type: EntryType | undefined;
  if (f[1] !== undefined && f[1].length === 1 && f[1] in FILE_TYPES && f.length >= 3) {
    type = FILE_TYPES[f[1]];
    i = 2;
  }
  let path = f[i] ?? '';
  let newPath = f[i + 1];
  if (code === 'R' && newPath === undefined) {
    const arrow = path.indexOf(' -> ');
    if (arrow >= 0) {
      newPath = path.slice(arrow + 4);
      path = path.slice(0, arrow);
    }
  }
  const rel = relativeToMount(unescapeZfsDiff(path), mountpoint);
  if (rel === null) return null;
  switch (code) {
    case '+':
      return { change: 'added', path: rel, type };
    case '-':
      return { change: 'removed', path: rel, type };
    case 'M':
      if (type === 'dir' || rel === '/') return null;
      return { change: 'modified', path: rel, type, ...(newPath && /^\([+-]\d+\)$/.test(newPath) ? { metadataOnly: true } : {}) };
    case 'R': {
      const to = newPath === undefined ? null : relativeToMount(unescapeZfsDiff(newPath), mountpoint);
      if (to === null) return null;
      return { change: 'renamed', path: to, from: rel, type };
    }
  }
}
