/**
 * Snapshot names and where new snapshots go.
 *
 * Placement: a `.snapshots` folder *beside* the subvolume (in the folder that holds it), so snapshots are not
 * inside the tree they copy, outlive it, and do not turn into nested subvolumes that block deleting it — the
 * Timeshift way (its snapshots sit next to @ and @home, not in them). When the subvolume is itself the root of
 * a mount (`/` on subvol=@, `/home` on subvol=@home, or the top level), the folder beside it is not reachable,
 * so the snapshots go into `.snapshots` inside it — where Snapper users look (`/.snapshots`, `/home/.snapshots`).
 * Snapshots of a snapshot that already lives in a `.snapshots` folder stay in that folder.
 * A missing `.snapshots` is made as a subvolume (as Snapper does): snapshots of the subvolume that holds it
 * then do not copy it, and it is made with btrfs itself, which the privileged helper can run.
 */
import { basename, dirname } from 'node:path';
import { byteLength, checkBtrfsName, type Verdict } from '../../../../shared/validate';
import { joinAbs } from './btrfs-fs';

/** The folder snapshots go in by default. */
export const SNAPSHOT_DIR = '.snapshots';

/** Where new snapshots of the subvolume reachable at `subvolPath` go; `isMountRoot` when a mount shows it as its root. */
export function defaultSnapshotDir(subvolPath: string, isMountRoot: boolean): string {
  if (isMountRoot || subvolPath === '/') return joinAbs(subvolPath, SNAPSHOT_DIR);
  const parent = dirname(subvolPath);
  return basename(parent) === SNAPSHOT_DIR ? parent : joinAbs(parent, SNAPSHOT_DIR);
}

/** Where a writable clone of a snapshot goes by default: beside its `.snapshots` folder, or beside it. */
export function defaultCloneDir(snapshotPath: string): string {
  const parent = dirname(snapshotPath);
  return basename(parent) === SNAPSHOT_DIR ? dirname(parent) : parent;
}

/** "2024-05-01T10:00:00Z": ISO 8601 in UTC to the second (colons are fine in btrfs names). */
export const isoStamp = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Cut a string to at most `max` UTF-8 bytes without splitting a character. */
function cutBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/**
 * The default name `<subvolume>-<ISO timestamp>`, with `-2`, `-3`… when `taken` says the name is used.
 * The subvolume part is shortened so the whole name stays within 255 bytes. Returns the validator's verdict
 * when even that is not a valid name (a subvolume whose own name starts with "-", say).
 */
export function defaultSnapshotName(subvolName: string, now: Date, taken: (name: string) => boolean): { name: string } | { verdict: Verdict } {
  const stamp = isoStamp(now);
  const base = subvolName === '' || subvolName === '<top level>' ? 'top-level' : subvolName;
  for (let n = 1; n < 1000; n++) {
    const suffix = `-${stamp}${n === 1 ? '' : `-${n}`}`;
    const name = cutBytes(base, 255 - byteLength(suffix)) + suffix;
    const verdict = checkBtrfsName(name);
    if (!verdict.ok) return { verdict };
    if (!taken(name)) return { name };
  }
  return { verdict: { ok: false, code: 'EXISTS', message: `Too many snapshots named ${base}-${stamp}.` } };
}
