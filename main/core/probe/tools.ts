import { readFileSync } from 'node:fs';
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

/** Detect btrfs-progs, zfs/zpool (OpenZFS or zfs-fuse), xfs_io and cp, in parallel. */
export async function detectTools(opts: { zfs?: boolean } = {}): Promise<Toolset> {
  const [btrfs, zfs, xfs_io, cp] = await Promise.all([
    version('btrfs', ['--version'], /btrfs-progs v?([\d.]+)/),
    opts.zfs === false ? Promise.resolve<Toolset['zfs']>({ name: 'zfs', path: resolveTool('zfs'), version: null }) : detectZfs(),
    version('xfs_io', ['-V'], /version ([\d.]+)/),
    version('cp', ['--version'], /cp \(GNU coreutils\) ([\d.]+)/),
  ]);
  const zpool: ToolInfo = { name: 'zpool', path: resolveTool('zpool'), version: zfs.version };
  return { btrfs, zfs, zpool, xfs_io, cp };
}
