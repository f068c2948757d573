import { existsSync, readFileSync } from 'node:fs';
import type { ToolInfo } from '../../../shared/domain';
import { run } from '../exec/run';
import { resolveTool } from '../exec/tools';

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
  const u = /^zfs-(\d+\.\d+\.\d+[^\s]*)/m.exec(text);
  const k = /^zfs-kmod-(\d+\.\d+\.\d+[^\s]*)/m.exec(text);
  return { userland: u?.[1] ?? null, kmod: k?.[1] ?? null };
}

async function detectZfs(): Promise<Toolset['zfs']> {
  const path = resolveTool('zfs');
  if (!path) return { name: 'zfs', path: null, version: null };
  // OpenZFS: `zfs version` (2.0+) and /sys/module/zfs/version.
  try {
    const r = await run('zfs', ['version'], { timeoutMs: 5000 });
    const v = parseZfsVersion(r.stdout);
    if (v.userland || v.kmod) return { name: 'zfs', path, version: v.kmod ?? v.userland, flavor: 'openzfs' };
  } catch {
    /* zfs-fuse has no `version` verb */
  }
  if (existsSync('/sys/module/zfs/version')) {
    const v = readFileSync('/sys/module/zfs/version', 'utf8').trim();
    return { name: 'zfs', path, version: v, flavor: 'openzfs' };
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
