/** Parsers for the zfs / zpool outputs that are not property tables: holds, dry runs, estimates, versions. */

/** One user hold on a snapshot. */
export interface Hold {
  snapshot: string;
  tag: string;
  /** Seconds since the epoch with `holds -p`; the local-time text otherwise. */
  time: number | string;
}

/** `zfs holds -H [-p] [-r] SNAP…`: snapshot<TAB>tag<TAB>time per line (tags may hold spaces). */
export function parseHolds(text: string): Hold[] {
  const out: Hold[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parts = line.split('\t');
    if (parts.length < 3) continue;
    const time = parts[parts.length - 1]!;
    out.push({ snapshot: parts[0]!, tag: parts.slice(1, -1).join('\t'), time: /^\d+$/.test(time) ? Number(time) : time });
  }
  return out;
}

/** `zfs destroy -nvp …`: what would be destroyed and (for snapshot arguments) the exact bytes reclaimed. */
export function parseDestroyDryRun(text: string): { destroy: string[]; reclaim: number | null } {
  const destroy: string[] = [];
  let reclaim: number | null = null;
  for (const line of text.split('\n')) {
    const [k, ...rest] = line.split('\t');
    const v = rest.join('\t');
    if (k === 'destroy' && v) destroy.push(v);
    else if (k === 'reclaim' && /^\d+$/.test(v)) reclaim = Number(v);
  }
  return { destroy, reclaim };
}

/**
 * `zfs send -nP` / `-nvP`: the stream size estimate — the "size<TAB>N" line, else the sum of the
 * full / incremental lines. null when absent or bogus (a known bug prints sizes near 2^64).
 */
export function parseSendEstimate(text: string): number | null {
  let size: number | null = null;
  let sum = 0;
  let parts = 0;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    const last = f[f.length - 1]!.trim();
    if (!/^\d+$/.test(last)) continue;
    if (f[0] === 'size' && f.length === 2) size = Number(last);
    else if ((f[0] === 'full' && f.length === 3) || (f[0] === 'incremental' && f.length === 4)) {
      sum += Number(last);
      parts++;
    }
  }
  const v = size ?? (parts ? sum : null);
  return v !== null && v < 2 ** 60 ? v : null;
}

/** `zpool get -H -p [-o name,property,value] PROPS POOL`: rows as pool → property → value. */
export function parseZpoolGet(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const line of text.split('\n')) {
    const parts = line.split('\t');
    if (parts.length < 3) continue;
    const [pool, prop, value] = parts as [string, string, string];
    if (!out.has(pool)) out.set(pool, new Map());
    out.get(pool)!.set(prop, value);
  }
  return out;
}

/** `zfs version` text: "zfs-2.2.2-1" and "zfs-kmod-2.2.2-1" lines (either may be missing). */
export function parseZfsVersionText(text: string): { userland: string | null; kernel: string | null } {
  const u = /^zfs-(\d+\.\d+[^\s]*)/m.exec(text);
  const k = /^zfs-kmod-(\d+\.\d+[^\s]*)/m.exec(text);
  return { userland: u?.[1] ?? null, kernel: k?.[1] ?? null };
}

/** `zfs version --json` (2.3+): {"zfs_version":{"userland":"zfs-2.4.0-1","kernel":"zfs-kmod-2.4.0-1"}}. */
export function parseZfsVersionJson(text: string): { userland: string | null; kernel: string | null } {
  const doc = JSON.parse(text) as { zfs_version?: { userland?: string; kernel?: string } };
  const strip = (s: string | undefined, p: string) => (s && s.startsWith(p) ? s.slice(p.length) : (s ?? null));
  return { userland: strip(doc.zfs_version?.userland, 'zfs-'), kernel: strip(doc.zfs_version?.kernel, 'zfs-kmod-') };
}

/** /sys/module/zfs/version: one line such as "2.3.2-1" (no prefix). */
export function parseModuleVersion(text: string): string | null {
  const line = text.split('\n')[0]?.trim() ?? '';
  return /^\d+\.\d+/.test(line) ? line : null;
}
