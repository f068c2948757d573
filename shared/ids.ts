/**
 * Cowshed ids. A btrfs subvolume: `btrfs:<mountpoint>:<path from the top level>` (the top level itself is
 * `btrfs:<mountpoint>:` with an empty path). A ZFS dataset or snapshot: `zfs:<name>`.
 * The same ids are used by the CLI, the contract and the UI.
 */
export type ParsedId =
  | { kind: 'btrfs'; rest: string }
  | { kind: 'zfs'; name: string }
  | { kind: 'path'; path: string }
  | { kind: 'bare'; text: string };

export function parseId(target: string): ParsedId {
  if (target.startsWith('btrfs:')) return { kind: 'btrfs', rest: target.slice(6) };
  if (target.startsWith('zfs:')) return { kind: 'zfs', name: target.slice(4) };
  if (target.startsWith('/')) return { kind: 'path', path: target };
  return { kind: 'bare', text: target };
}

export const btrfsId = (mountpoint: string, subvolPath: string): string => `btrfs:${mountpoint}:${subvolPath}`;
export const zfsId = (name: string): string => `zfs:${name}`;

/**
 * Split the rest of a btrfs id against the known btrfs mountpoints (longest match wins, so mountpoints
 * containing ":" still resolve).
 */
export function splitBtrfsId(rest: string, mountpoints: readonly string[]): { mountpoint: string; subvolPath: string } | null {
  let best: string | null = null;
  for (const m of mountpoints) if (rest.startsWith(m + ':') && (best === null || m.length > best.length)) best = m;
  if (best === null) return null;
  return { mountpoint: best, subvolPath: rest.slice(best.length + 1) };
}
