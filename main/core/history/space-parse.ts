/**
 * Scrapers for the space figures btrfs-progs 6.2 prints as text (`filesystem du -s --raw`, `qgroup show --raw`)
 * and OpenZFS's parsable dry-run destroy (`zfs destroy -nvp`). One function per format, each with a fixture test.
 */

/** One row of `btrfs filesystem du -s --raw`: bytes (null for "-"). */
export interface DuRow {
  total: number | null;
  exclusive: number | null;
  setShared: number | null;
  path: string;
}

const num = (s: string) => (s === '-' ? null : Number(s));

/** Parse `btrfs filesystem du [-s] --raw PATH…` (the file name is the rest of the line; it may hold spaces). */
export function parseBtrfsDu(text: string): DuRow[] {
  const out: DuRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+|-)\s+(\d+|-)\s+(\d+|-)\s\s(.*)$/.exec(line);
    if (m) out.push({ total: num(m[1]!), exclusive: num(m[2]!), setShared: num(m[3]!), path: m[4]! });
  }
  return out;
}

/** One qgroup: level/id with referenced and exclusive bytes. */
export interface QgroupRow {
  level: number;
  id: number;
  referenced: number;
  exclusive: number;
}

/** Parse `btrfs qgroup show --raw` (columns after the first three, like Parent and Path, are ignored). */
export function parseQgroups(text: string): QgroupRow[] {
  const out: QgroupRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)\/(\d+)\s+(\d+)\s+(\d+)/.exec(line);
    if (m) out.push({ level: Number(m[1]), id: Number(m[2]), referenced: Number(m[3]), exclusive: Number(m[4]) });
  }
  return out;
}

/** Parse `zfs destroy -nvp …@a,b`: the snapshots it would destroy and the bytes it would reclaim. */
export function parseDestroyDryRun(text: string): { destroy: string[]; reclaim: number | null } {
  const destroy: string[] = [];
  let reclaim: number | null = null;
  for (const line of text.split('\n')) {
    const [k, v] = line.split('\t');
    if (k === 'destroy' && v) destroy.push(v);
    else if (k === 'reclaim' && v && /^\d+$/.test(v)) reclaim = Number(v);
  }
  return { destroy, reclaim };
}
