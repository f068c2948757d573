/**
 * Parsers for `btrfs subvolume show` and `btrfs subvolume get-default` (btrfs-progs 6.2 text; no JSON).
 * `show` is the fallback for what `list` cannot print: the top level's uuid, the creation time of subvolumes
 * that are not snapshots, and the flags of one subvolume. It also walks every subvolume to print the
 * "Snapshot(s)" section, so it is slow on filesystems with many snapshots: use it only where needed.
 */
import { CowshedError } from '../../../../shared/errors';

/** What `btrfs subvolume show` says about one subvolume. */
export interface ShowInfo {
  /** First line: the path from the top level ("/" for the top level itself). */
  path: string;
  name: string;
  uuid: string | null;
  parentUuid: string | null;
  receivedUuid: string | null;
  /** ISO creation time (otime). */
  otime: string | null;
  id: number;
  gen: number;
  /** Generation at creation (ogen / cgen). */
  cgen: number;
  parentId: number;
  topLevel: number;
  readonly: boolean;
  /** Paths (from the top level) of the subvolumes whose parent uuid is this one. */
  snapshots: string[];
}

/** argv for `show` of the subvolume with id `id` on the filesystem mounted at `mountpoint`. */
export const showArgs = (mountpoint: string, id: number): string[] => ['subvolume', 'show', '-r', String(id), mountpoint];

/** argv for `get-default`. */
export const getDefaultArgs = (mountpoint: string): string[] => ['subvolume', 'get-default', mountpoint];

const dash = (s: string | undefined): string | null => (s === undefined || s === '-' || s === '' ? null : s);

/** "2026-11-21 15:19:34 +0000" → ISO (UTC). */
export function showTimeIso(s: string | undefined): string | null {
  const m = s && /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-])(\d\d)(\d\d)$/.exec(s);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Parse `btrfs subvolume show` output. */
export function parseShow(text: string): ShowInfo {
  const lines = text.split('\n');
  const kv = new Map<string, string>();
  const snapshots: string[] = [];
  let inSnapshots = false;
  for (const line of lines.slice(1)) {
    if (inSnapshots) {
      if (/^\t\t\t\t/.test(line)) {
        snapshots.push(line.slice(4));
        continue;
      }
      inSnapshots = false;
    }
    const m = /^\t([^:\t]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'Snapshot(s)') inSnapshots = true;
    else if (!kv.has(m[1]!)) kv.set(m[1]!, m[2]!);
  }
  const id = kv.get('Subvolume ID');
  if (id === undefined || !/^\d+$/.test(id)) throw new CowshedError('COMMAND_FAILED', 'Unexpected output from btrfs subvolume show (no "Subvolume ID").');
  const n = (k: string) => Number(kv.get(k) ?? NaN);
  return {
    path: lines[0] ?? '',
    name: kv.get('Name') ?? '',
    uuid: dash(kv.get('UUID')),
    parentUuid: dash(kv.get('Parent UUID')),
    receivedUuid: dash(kv.get('Received UUID')),
    otime: showTimeIso(kv.get('Creation time')),
    id: Number(id),
    gen: n('Generation'),
    cgen: n('Gen at creation'),
    parentId: n('Parent ID'),
    topLevel: n('Top level ID'),
    readonly: (kv.get('Flags') ?? '').split(/[\s,|]+/).includes('readonly'),
    snapshots,
  };
}

/** Parse `btrfs subvolume get-default`: "ID 5 (FS_TREE)" or "ID 256 gen 13 top level 5 path home". */
export function parseGetDefault(text: string): { id: number } {
  const m = /^ID (\d+)[ \n]/.exec(text);
  if (!m) throw new CowshedError('COMMAND_FAILED', `Unexpected output from btrfs subvolume get-default: ${JSON.stringify(text.slice(0, 200))}`);
  return { id: Number(m[1]) };
}
