/**
 * Line parser for `btrfs receive --dump` (btrfs-progs cmds/receive-dump.c): `<op padded to 16> <path> [args]`.
 * The path is C-escaped (`\ ` space, `\n`, `\\`, `\ooo` for other unprintables). btrfs-progs 6.2 escapes the
 * `dest=` value of rename / link / symlink too; older releases printed it raw, so `dest=` always takes the
 * rest of the line.
 */

/** One operation of the send stream, paths already made relative to the snapshot root ('' = the root). */
export interface DumpOp {
  op: string;
  path: string;
  args: Record<string, string>;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', ' ': ' ', '\\': '\\' };

/** Decode the C escapes btrfs-progs uses. Octal escapes are bytes, so the result is decoded as UTF-8. */
export function unescapeDump(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1]!;
      if (/[0-7]/.test(n) && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
        bytes.push(parseInt(s.slice(i + 1, i + 4), 8) & 0xff);
        i += 3;
        continue;
      }
      const simple = SIMPLE[n];
      if (simple !== undefined) {
        bytes.push(simple.charCodeAt(0));
        i += 1;
        continue;
      }
    }
    for (const b of enc.encode(c)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Read one escaped token starting at `i`: up to the first unescaped space. */
function readToken(line: string, i: number): { raw: string; end: number } {
  let j = i;
  while (j < line.length && line[j] !== ' ') j += line[j] === '\\' ? 2 : 1;
  return { raw: line.slice(i, Math.min(j, line.length)), end: j };
}

/** Ops whose only argument is `dest=`, which may contain spaces. */
const DEST_OPS = new Set(['rename', 'link', 'symlink']);

/** Split a line into op, raw (still prefixed) path and arguments; null for lines that are not operations. */
export function splitDumpLine(line: string): { op: string; rawPath: string; args: Record<string, string> } | null {
  const m = /^([a-z_]+) +/.exec(line);
  if (!m) return null;
  const op = m[1]!;
  const tok = readToken(line, m[0].length);
  const path = unescapeDump(tok.raw);
  const rest = line.slice(tok.end).replace(/^ +/, '');
  const args: Record<string, string> = {};
  if (DEST_OPS.has(op)) {
    if (rest.startsWith('dest=')) args.dest = unescapeDump(rest.slice(5));
  } else {
    let i = 0;
    while (i < rest.length) {
      const t = readToken(rest, i);
      const eq = t.raw.indexOf('=');
      if (eq > 0) args[t.raw.slice(0, eq)] = unescapeDump(t.raw.slice(eq + 1));
      i = t.end;
      while (rest[i] === ' ') i++;
    }
  }
  return { op, rawPath: path, args };
}

/**
 * Stateful parser: learns the snapshot prefix (`./<name>`) from the `snapshot` / `subvol` header and
 * returns operations with paths relative to the snapshot root.
 */
export class DumpParser {
  private prefix: string | null = null;
  private partial = '';

  /** The subvolume header, once seen. */
  header: { kind: 'snapshot' | 'subvol'; uuid?: string; parentUuid?: string; transid?: number } | null = null;

  private rel(p: string): string {
    const pre = this.prefix;
    if (pre === null) return p.replace(/^\.\//, '');
    if (p === pre || p === pre + '/') return '';
    if (p.startsWith(pre + '/')) return p.slice(pre.length + 1).replace(/\/+$/, '');
    return p.replace(/^\.\//, '').replace(/\/+$/, '');
  }

  /** Parse one complete line; null for headers and unknown lines. */
  line(line: string): DumpOp | null {
    const s = splitDumpLine(line);
    if (!s) return null;
    if (s.op === 'snapshot' || s.op === 'subvol') {
      this.prefix = s.rawPath.replace(/\/+$/, '');
      this.header = {
        kind: s.op,
        uuid: s.args.uuid,
        parentUuid: s.args.parent_uuid,
        transid: s.args.transid ? Number(s.args.transid) : undefined,
      };
      return null;
    }
    const args = { ...s.args };
    // rename's dest and clone's from carry the prefix; link's dest is relative to the subvolume already.
    if (s.op === 'rename' && args.dest !== undefined) args.dest = this.rel(args.dest);
    if (s.op === 'clone' && args.from !== undefined) args.from = this.rel(args.from);
    if (s.op === 'link' && args.dest !== undefined) args.dest = args.dest.replace(/^\.\//, '').replace(/\/+$/, '');
    return { op: s.op, path: this.rel(s.rawPath), args };
  }

  /** Feed a chunk of stdout; returns the operations of the complete lines in it. */
  chunk(text: string): DumpOp[] {
    const data = this.partial + text;
    const lines = data.split('\n');
    this.partial = lines.pop() ?? '';
    const out: DumpOp[] = [];
    for (const l of lines) {
      const op = this.line(l);
      if (op) out.push(op);
    }
    return out;
  }

  /** Flush the last line (output without a trailing newline). */
  end(): DumpOp[] {
    const l = this.partial;
    this.partial = '';
    const op = l ? this.line(l) : null;
    return op ? [op] : [];
  }
}
