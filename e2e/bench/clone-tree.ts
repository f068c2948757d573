/**
 * The clone benchmark's tree and the comparison that proves a clone kept everything `cp -a` keeps.
 * Used by e2e/bench/clone.bench.ts (full size) and e2e/fs/clone*.test.ts (small).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Sizes cycle through these; every 200th file is 1 MiB. */
export const SIZES = [0, 100, 1000, 4096, 8192, 20000, 65536];

export interface TreeSpec {
  folders: number;
  subfolders: number;
  filesPerFolder: number;
}

/** The tree: 20,000 files in 400 folders × 10 subfolders (~390 MB). */
export const FULL: TreeSpec = { folders: 400, subfolders: 10, filesPerFolder: 5 };

function setfattr(path: string, name: string, value: string): void {
  const r = spawnSync('setfattr', ['-h', '-n', name, '-v', value, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setfattr ${path}: ${r.stderr}`);
}

/**
 * Random content (slices of a random pool at varying offsets), plus symlinks (relative, absolute, dangling,
 * one pointing out of the tree), hard links, a sparse file, xattrs on files and folders, odd modes and an
 * old mtime on a folder.
 */
export function generateTree(root: string, spec: TreeSpec): { files: number; bytes: number } {
  const pool = randomFillSync(Buffer.alloc(4 << 20));
  let n = 0;
  let bytes = 0;
  mkdirSync(root, { recursive: true });
  for (let a = 0; a < spec.folders; a++) {
    const da = join(root, `d${a}`);
    mkdirSync(da);
    for (let b = 0; b < spec.subfolders; b++) {
      const db = join(da, `s${b}`);
      mkdirSync(db);
      for (let f = 0; f < spec.filesPerFolder; f++, n++) {
        const size = n % 200 === 199 ? 1 << 20 : SIZES[n % SIZES.length]!;
        const off = (n * 7919) % (pool.length - size);
        writeFileSync(join(db, `f${f}.bin`), pool.subarray(off, off + size));
        bytes += size;
      }
    }
  }
  const d = (i: number, j?: number) => (j === undefined ? `d${i % spec.folders}` : `d${i % spec.folders}/s${j % spec.subfolders}`);
  symlinkSync(`${d(0, 0)}/f1.bin`, join(root, 'link-relative'));
  symlinkSync('/etc/hostname', join(root, 'link-out-of-tree'));
  symlinkSync('does/not/exist', join(root, 'link-dangling'));
  symlinkSync(`../${d(0)}`, join(root, d(1), 'link-to-folder'));
  linkSync(join(root, d(0, 0), 'f3.bin'), join(root, 'hard-a.bin'));
  linkSync(join(root, d(0, 0), 'f3.bin'), join(root, d(1), 'hard-b.bin'));
  const fd = openSync(join(root, 'sparse.img'), 'w');
  writeSync(fd, pool.subarray(0, 4096), 0, 4096, 32 << 20);
  writeSync(fd, pool.subarray(4096, 8192), 0, 4096, 96 << 20);
  closeSync(fd);
  spawnSync('truncate', ['-s', '128M', join(root, 'sparse.img')]);
  setfattr(join(root, d(0, 0), 'f2.bin'), 'user.cowshed.note', 'hello');
  setfattr(join(root, d(0, 0), 'f2.bin'), 'user.cowshed.second', 'world');
  setfattr(join(root, d(0)), 'user.cowshed.folder', 'yes');
  spawnSync('chmod', ['0640', join(root, d(0, 0), 'f4.bin')]);
  spawnSync('chmod', ['0755', join(root, d(0, 0), 'f0.bin')]);
  spawnSync('chmod', ['2775', join(root, d(2))]);
  spawnSync('chmod', ['0555', join(root, d(3, 3))]);
  spawnSync('chown', ['1234:2345', join(root, d(0, 0), 'f1.bin')]);
  spawnSync('chown', ['-h', '1234:2345', join(root, 'link-relative')]);
  spawnSync('chown', ['4321:5432', join(root, d(4))]);
  utimesSync(join(root, d(5)), new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
  return { files: n, bytes };
}

/** One entry's comparable facts (link groups and xattrs are compared separately). */
interface Facts {
  type: string;
  mode: number;
  uid: number;
  gid: number;
  mtimeNs: bigint;
  nlink: number;
  size: number;
  content: string;
}

function facts(path: string): Facts {
  const st = lstatSync(path, { bigint: true });
  const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
  let content = '';
  if (type === 'file') content = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (type === 'symlink') content = readlinkSync(path);
  return { type, mode: Number(st.mode), uid: Number(st.uid), gid: Number(st.gid), mtimeNs: st.mtimeNs, nlink: Number(st.nlink), size: type === 'dir' ? 0 : Number(st.size), content };
}

function walk(root: string, rel = '', out: string[] = []): string[] {
  for (const n of readdirSync(rel ? join(root, rel) : root).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    out.push(r);
    if (lstatSync(join(root, r)).isDirectory()) walk(root, r, out);
  }
  return out;
}

/** `getfattr -R -d -m - -h` of a tree, paths relative, for comparing xattrs. */
function xattrDump(root: string): string {
  const r = spawnSync('getfattr', ['-R', '-d', '-m', '-', '-h', '-e', 'hex', '.'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  return r.stdout
    .split('\n\n')
    .map((b) => b.trim())
    .filter(Boolean)
    .sort()
    .join('\n\n');
}

/**
 * Differences between two trees in types, modes, owners, mtimes (ns, symlinks' own included), sizes, link
 * counts, hard-link structure, content hashes, symlink targets and xattrs.
 * Empty means identical.
 */
export function compareTrees(a: string, b: string, opts: { max?: number } = {}): string[] {
  const diffs: string[] = [];
  const max = opts.max ?? 20;
  const la = walk(a);
  const lb = walk(b);
  if (la.join('\n') !== lb.join('\n')) {
    const sa = new Set(la);
    const sb = new Set(lb);
    for (const x of la) if (!sb.has(x)) diffs.push(`missing in ${b}: ${x}`);
    for (const x of lb) if (!sa.has(x)) diffs.push(`extra in ${b}: ${x}`);
  }
  const groupsA = new Map<bigint, string[]>();
  const groupsB = new Map<bigint, string[]>();
  for (const rel of la) {
    if (diffs.length >= max) break;
    const pa = join(a, rel);
    const pb = join(b, rel);
    let fb: Facts;
    try {
      fb = facts(pb);
    } catch {
      continue;
    }
    const fa = facts(pa);
    for (const k of Object.keys(fa) as (keyof Facts)[]) if (fa[k] !== fb[k]) diffs.push(`${rel}: ${k} ${String(fa[k])} ≠ ${String(fb[k])}`);
    if (fa.type === 'file' && fa.nlink > 1) {
      const ia = lstatSync(pa, { bigint: true }).ino;
      const ib = lstatSync(pb, { bigint: true }).ino;
      groupsA.set(ia, [...(groupsA.get(ia) ?? []), rel]);
      groupsB.set(ib, [...(groupsB.get(ib) ?? []), rel]);
    }
  }
  const norm = (g: Map<bigint, string[]>) => [...g.values()].map((x) => x.join('|')).sort().join('\n');
  if (norm(groupsA) !== norm(groupsB)) diffs.push(`hard-link groups differ:\n${norm(groupsA)}\nvs\n${norm(groupsB)}`);
  const xa = xattrDump(a);
  const xb = xattrDump(b);
  if (xa !== xb) diffs.push(`xattrs differ:\n${xa.slice(0, 400)}\nvs\n${xb.slice(0, 400)}`);
  return diffs.slice(0, max);
}

/** Allocated bytes of a file (sparse check). */
export const allocated = (p: string): number => lstatSync(p).blocks * 512;
