import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ToolInfo } from '../../../shared/domain';
import { run } from '../exec/run';
import { resolveTool } from '../exec/tools';
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

/** What the detection depends on: each tool's path, size and mtime, and the ZFS module version. */
function cacheKey(opts: { zfs?: boolean }): string {
  const parts: unknown[] = [opts.zfs !== false, moduleVersion()];
  for (const t of CACHED_TOOLS) {
    const p = resolveTool(t);
    if (!p) {
      parts.push([t, null]);
      continue;
    }
    try {
      const st = statSync(p);
      parts.push([t, p, st.size, st.mtimeMs, st.ino]);
    } catch {
      parts.push([t, p, null]);
    }
  }
  return JSON.stringify(parts);
}

/**
 * Detect btrfs-progs, zfs/zpool (OpenZFS or zfs-fuse), xfs_io and cp. Versions only change when a binary
 * does, so the answer is cached per user keyed by each binary's path, size, mtime and inode (and the
 * ZFS module version): a CLI start-up then spawns nothing for detection.
 */
export async function detectTools(opts: { zfs?: boolean } = {}): Promise<Toolset> {
  const key = cacheKey(opts);
  const file = cacheFile();
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as { key: string; tools: Toolset };
    if (c.key === key) return c.tools;
  } catch {
    /* no cache yet */
  }
  const tools = await detectToolsUncached(opts);
  const checked = opts.zfs === false ? [tools.btrfs, tools.xfs_io, tools.cp] : Object.values(tools);
  const complete = checked.every((t) => t.path === null || t.version !== null);
  if (complete) {
    try {
      mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
      writeFileSync(file, JSON.stringify({ key, tools }), { mode: 0o600 });
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
