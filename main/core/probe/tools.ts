import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ToolInfo } from '../../../shared/domain';
import { run } from '../exec/run';
import { resolveTool, toolDirs } from '../exec/tools';
import { parseModuleVersion, parseZfsVersionText } from '../providers/zfs/parse';

/** Installed tools relevant to Cowshed, with versions. */
export interface Toolset {
  btrfs: ToolInfo;
  zfs: ToolInfo & { flavor?: 'openzfs' | 'zfs-fuse'; poolVersion?: number };
  zpool: ToolInfo;
  xfs_io: ToolInfo;
  cp: ToolInfo;
}

async function version(tool: string, args: string[], re: RegExp): Promise<ToolInfo> {
  const path = resolveTool(tool);
  if (!path) return { name: tool, path: null, version: null };
  try {
    const r = await run(tool, args, { timeoutMs: 5000, okExitCodes: [0, 1, 2] });
    const m = re.exec(r.stdout + '\n' + r.stderr);
    return { name: tool, path, version: m?.[1] ?? null };
  } catch {
    return { name: tool, path, version: null };
  }
}

/** Parse `zfs version` output ("zfs-2.2.2-1\nzfs-kmod-2.2.2-1"). */
export function parseZfsVersion(text: string): { userland: string | null; kmod: string | null } {
  const v = parseZfsVersionText(text);
  return { userland: v.userland, kmod: v.kernel };
}

function moduleVersion(): string | null {
  try {
    return parseModuleVersion(readFileSync('/sys/module/zfs/version', 'utf8'));
  } catch {
    return null;
  }
}

/**
 * OpenZFS (its kernel module's version, from /sys/module/zfs/version or `zfs version`) or zfs-fuse (pool
 * version from `zpool upgrade -v`). The module file is read first, so zfs-fuse machines spawn nothing for
 * a `version` verb they do not have.
 */
export async function detectZfs(): Promise<Toolset['zfs']> {
  const path = resolveTool('zfs');
  if (!path) return { name: 'zfs', path: null, version: null };
  const kmod = moduleVersion();
  if (kmod !== null || !resolveTool('zfs-fuse')) {
    try {
      const r = await run('zfs', ['version'], { timeoutMs: 5000 });
      const v = parseZfsVersion(r.stdout);
      if (v.userland || v.kmod) return { name: 'zfs', path, version: v.kmod ?? kmod ?? v.userland, flavor: 'openzfs' };
    } catch {
      /* OpenZFS before 0.8 has no `version` verb either */
    }
    if (kmod !== null) return { name: 'zfs', path, version: kmod, flavor: 'openzfs' };
  }
  if (resolveTool('zfs-fuse')) {
    let poolVersion: number | undefined;
    try {
      const r = await run('zpool', ['upgrade', '-v'], { timeoutMs: 5000 });
      const m = /pool version (\d+)/.exec(r.stdout);
      if (m) poolVersion = Number(m[1]);
    } catch {
      /* daemon may be down */
    }
    return { name: 'zfs', path, version: poolVersion ? `pool v${poolVersion}` : null, flavor: 'zfs-fuse', poolVersion };
  }
  return { name: 'zfs', path, version: null };
}

const CACHED_TOOLS = ['btrfs', 'zfs', 'zpool', 'zfs-fuse', 'xfs_io', 'cp'];

/** `$XDG_CACHE_HOME/cowshed/<name>` (default `~/.cache/cowshed/<name>`): what detection remembers per user. */
export function userCacheFile(name: string): string {
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache');
  return join(base, 'cowshed', name);
}
const cacheFile = () => userCacheFile('tools.json');

/** Size, mtime and inode of a file or directory (following symlinks), null when there is none. */
function stamp(path: string): [number, number, number] | null {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? [st.size, st.mtimeMs, st.ino] : null;
  } catch {
    return null; // a $PATH entry through a file, or one we may not look into
  }
}

/**
 * What detection depends on, given where each tool was found: the ZFS module version, the stamp of every
 * directory tools are looked up in, and the stamp of each tool found. Which file a lookup finds can only change
 * when a directory's entries do (installing, removing or renaming a binary, which package managers do by
 * rename, changes the directory's mtime), and a binary changed in place, or a symlink pointed elsewhere, changes
 * the stamp of the file found. Checking the cache so takes a stat per directory and per tool, not a lookup of
 * every tool in every directory (about 50 stats here, ~0.5 ms of every CLI start).
 */
function cacheKey(opts: { zfs?: boolean }, found: Record<string, string | null>): string {
  return JSON.stringify([
    opts.zfs !== false,
    moduleVersion(),
    toolDirs().map((d) => [d, stamp(d)]),
    CACHED_TOOLS.map((t) => {
      const p = found[t] ?? null;
      return [t, p, p === null ? null : stamp(p)];
    }),
  ]);
}

/** What the cache file holds. */
interface ToolsCache {
  key: string;
  found: Record<string, string | null>;
  tools: Toolset;
}

/**
 * Detect btrfs-progs, zfs/zpool (OpenZFS or zfs-fuse), xfs_io and cp. Versions only change when a binary
 * does, so the answer is cached per user, keyed as `cacheKey` says: a CLI start-up then spawns nothing for
 * detection.
 */
export async function detectTools(opts: { zfs?: boolean } = {}): Promise<Toolset> {
  const file = cacheFile();
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Partial<ToolsCache>;
    if (c.found && c.tools && c.key === cacheKey(opts, c.found)) return c.tools;
  } catch {
    /* no cache yet */
  }
  const found = Object.fromEntries(CACHED_TOOLS.map((t) => [t, resolveTool(t)]));
  const key = cacheKey(opts, found);
  const tools = await detectToolsUncached(opts);
  const checked = opts.zfs === false ? [tools.btrfs, tools.xfs_io, tools.cp] : Object.values(tools);
  const complete = checked.every((t) => t.path === null || t.version !== null);
  if (complete) {
    try {
      mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
      const c: ToolsCache = { key, found, tools };
      writeFileSync(file, JSON.stringify(c), { mode: 0o600 });
    } catch {
      /* a read-only home: detect every time */
    }
  }
  return tools;
}

/** Detect the tools by running them (in parallel). */
export async function detectToolsUncached(opts: { zfs?: boolean } = {}): Promise<Toolset> {
  const [btrfs, zfs, xfs_io, cp] = await Promise.all([
    version('btrfs', ['--version'], /btrfs-progs v?([\d.]+)/),
    opts.zfs === false ? Promise.resolve<Toolset['zfs']>({ name: 'zfs', path: resolveTool('zfs'), version: null }) : detectZfs(),
    version('xfs_io', ['-V'], /version ([\d.]+)/),
    version('cp', ['--version'], /cp \(GNU coreutils\) ([\d.]+)/),
  ]);
  const zpool: ToolInfo = { name: 'zpool', path: resolveTool('zpool'), version: zfs.version };
  return { btrfs, zfs, zpool, xfs_io, cp };
}
