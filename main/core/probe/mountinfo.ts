import { readFileSync } from 'node:fs';

/** One line of /proc/self/mountinfo, with the octal escapes (\040 space, \012 newline, \134 …) decoded. */
export interface MountInfo {
  mountId: number;
  parentId: number;
  device: string; // major:minor
  root: string;
  mountpoint: string;
  options: string[];
  fstype: string;
  source: string;
  superOptions: string[];
}

/** Decode the octal escapes the kernel uses in mountinfo fields. */
export function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parse the text of /proc/self/mountinfo. Malformed lines are skipped. */
export function parseMountinfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split(' ');
    const sep = f.indexOf('-', 6);
    if (f.length < 10 || sep < 0 || f.length < sep + 3) continue;
    out.push({
      mountId: Number(f[0]),
      parentId: Number(f[1]),
      device: f[2]!,
      root: unescapeMountField(f[3]!),
      mountpoint: unescapeMountField(f[4]!),
      options: f[5]!.split(','),
      fstype: f[sep + 1]!,
      source: unescapeMountField(f[sep + 2]!),
      superOptions: (f[sep + 3] ?? '').split(',').filter(Boolean),
    });
  }
  return out;
}

/** Read and parse this process's mount table. */
export function readMountinfo(file = '/proc/self/mountinfo'): MountInfo[] {
  return parseMountinfo(readFileSync(file, 'utf8'));
}

/**
 * The mount that contains `path` (longest mountpoint prefix; the last-mounted wins on ties, as the
 * kernel shows stacked mounts in order).
 */
export function mountForPath<T extends { mountpoint: string }>(mounts: readonly T[], path: string): T | null {
  let best: T | null = null;
  for (const m of mounts) {
    const mp = m.mountpoint;
    const inside = mp === '/' || path === mp || path.startsWith(mp.endsWith('/') ? mp : mp + '/');
    if (inside && (best === null || mp.length >= best.mountpoint.length)) best = m;
  }
  return best;
}
