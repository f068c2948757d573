/**
 * `btrfs subvolume list`: the columns we ask for and the parser that reads them come from one declaration.
 * btrfs-progs 6.2 has no JSON for this command, so this is the one place its text is scraped.
 *
 * Line format (columns appear only when asked for, always in this order):
 *   ID <id> gen <gen> [cgen <ogen>] [parent <id>] top level <id> [otime <date time>]
 *   [parent_uuid <uuid|->] [received_uuid <uuid|->] [uuid <uuid|->] path <path>
 * `-s` (snapshots only) also switches on cgen and otime. The path is the rest of the line; a path containing a
 * newline continues on the next line(s), which do not start with "ID ".
 *
 * We always list with `-a`: its paths are full paths from the top level, with a "<FS_TREE>/" marker on the
 * rows whose parent is not the subvolume the path argument lives in. Without -a, btrfs-progs strips the listed
 * mount's own subvolume from some paths only (mounted at subvol=home, "home/user" prints as "user", while
 * a top-level "user" prints the same), which cannot be told apart: see list-subvol-mount-default.txt.
 */
import { CowshedError } from '../../../../shared/errors';

/** Optional columns, keyed by the flag that asks for them. */
export const LIST_FIELDS = {
  cgen: { flag: '-c', label: 'cgen', value: '(\\d+)' },
  parent: { flag: '-p', label: 'parent', value: '(\\d+)' },
  otime: { flag: null, label: 'otime', value: '(-|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)' },
  parentUuid: { flag: '-q', label: 'parent_uuid', value: '(\\S+)' },
  receivedUuid: { flag: '-R', label: 'received_uuid', value: '(\\S+)' },
  uuid: { flag: '-u', label: 'uuid', value: '(\\S+)' },
} as const;
export type ListField = keyof typeof LIST_FIELDS;

/** What to list: which columns, which rows, and how paths are scoped. */
export interface ListQuery {
  fields: readonly Exclude<ListField, 'otime'>[];
  /** `-s`: only snapshots (subvolumes made by snapshotting); adds cgen and otime. */
  snapshotsOnly?: boolean;
  /** `-r`: only read-only subvolumes. */
  readonlyOnly?: boolean;
  /** `all` (-a, every subvolume, full paths) or `below` (-o, children of the path's subvolume). */
  scope: 'all' | 'below';
}

/** One parsed row. Columns that were not asked for are null; "-" (no such uuid / time) is null too. */
export interface ListRow {
  id: number;
  gen: number;
  cgen: number | null;
  parent: number | null;
  topLevel: number;
  /** Creation time, ISO (btrfs prints local time: we run it with TZ=UTC). */
  otime: string | null;
  parentUuid: string | null;
  receivedUuid: string | null;
  uuid: string | null;
  /** Full path from the top level, without the "<FS_TREE>/" marker. */
  path: string;
}

const ORDER: readonly ListField[] = ['cgen', 'parent', 'otime', 'parentUuid', 'receivedUuid', 'uuid'];
const FS_TREE = '<FS_TREE>/';

/** The columns a query makes btrfs print, in print order. */
export function printedFields(q: ListQuery): ListField[] {
  const want = new Set<ListField>(q.fields);
  if (q.snapshotsOnly) {
    want.add('cgen');
    want.add('otime');
  }
  return ORDER.filter((f) => want.has(f));
}

/** argv (after the tool name) for a query on `path`. */
export function listArgs(q: ListQuery, path: string): string[] {
  const args = ['subvolume', 'list', q.scope === 'all' ? '-a' : '-o'];
  if (q.snapshotsOnly) args.push('-s');
  if (q.readonlyOnly) args.push('-r');
  for (const f of ORDER) {
    const flag = LIST_FIELDS[f].flag;
    if (flag && (q.fields as readonly ListField[]).includes(f) && !(q.snapshotsOnly && f === 'cgen')) args.push(flag);
  }
  args.push(path);
  return args;
}

/** The line regex for a query, built from the same declaration as the argv (one named group per column). */
function lineRegex(q: ListQuery): RegExp {
  const col = (f: ListField) => `${LIST_FIELDS[f].label} (?<${f}>${LIST_FIELDS[f].value})`;
  const fields = printedFields(q);
  const before = fields.filter((f) => f === 'cgen' || f === 'parent').map((f) => ' ' + col(f));
  const after = fields.filter((f) => f !== 'cgen' && f !== 'parent').map((f) => '\\s+' + col(f));
  return new RegExp(`^ID (?<id>\\d+) gen (?<gen>\\d+)${before.join('')} top level (?<top>\\d+)${after.join('')}\\s+path (?<path>[\\s\\S]*)$`);
}

const START = /^ID \d+ gen \d+ /;
const dash = (s: string | undefined): string | null => (s === undefined || s === '-' ? null : s);
const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));
const otimeIso = (s: string | undefined): string | null => (s === undefined || s === '-' ? null : `${s.replace(' ', 'T')}.000Z`);

/**
 * Parse the output of `listArgs(q, path)`. `baseId` is the id of the subvolume `path` lives in (the mount's
 * subvolid): with -a, exactly the rows whose top level differs from it carry the "<FS_TREE>/" marker.
 */
export function parseList(text: string, q: ListQuery, baseId: number): ListRow[] {
  const re = lineRegex(q);
  const rows: ListRow[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const g = START.test(line) ? re.exec(line)?.groups : undefined;
    if (!g) {
      const last = rows.at(-1);
      if (!last || START.test(line))
        throw new CowshedError('COMMAND_FAILED', `Unexpected output from btrfs subvolume list: ${JSON.stringify(line.slice(0, 200))}`);
      last.path += '\n' + line; // a subvolume name with a newline in it
      continue;
    }
    const topLevel = Number(g.top);
    let path = g.path!;
    if (q.scope === 'all' && topLevel !== baseId && path.startsWith(FS_TREE)) path = path.slice(FS_TREE.length);
    rows.push({
      id: Number(g.id),
      gen: Number(g.gen),
      cgen: num(g.cgen),
      parent: num(g.parent),
      topLevel,
      otime: otimeIso(g.otime),
      parentUuid: dash(g.parentUuid),
      receivedUuid: dash(g.receivedUuid),
      uuid: dash(g.uuid),
      path,
    });
  }
  return rows;
}
