/**
 * The one declaration of the ZFS properties Cowshed reads. The argv that asks for them (`zfs get -H -p`,
 * OpenZFS `zfs list -H -p`, `-j`) and the parsers that read the answers all come from this table.
 */
type Kind = 'text' | 'int' | 'bool' | 'list';
interface Column {
  /** The zfs property name. */
  prop: string;
  kind: Kind;
  /** Only OpenZFS knows this property (zfs-fuse answers "bad property list"). */
  openzfsOnly?: boolean;
}

/** Every property Cowshed reads, with how its text becomes a value. */
export const ZFS_COLUMNS = {
  type: { prop: 'type', kind: 'text' },
  /** uint64, often above 2^53: kept as decimal text. */
  guid: { prop: 'guid', kind: 'text' },
  createtxg: { prop: 'createtxg', kind: 'int' },
  creation: { prop: 'creation', kind: 'int' },
  used: { prop: 'used', kind: 'int' },
  available: { prop: 'available', kind: 'int' },
  referenced: { prop: 'referenced', kind: 'int' },
  usedbysnapshots: { prop: 'usedbysnapshots', kind: 'int' },
  usedbydataset: { prop: 'usedbydataset', kind: 'int' },
  mountpoint: { prop: 'mountpoint', kind: 'text' },
  mounted: { prop: 'mounted', kind: 'bool' },
  canmount: { prop: 'canmount', kind: 'text' },
  origin: { prop: 'origin', kind: 'text' },
  readonly: { prop: 'readonly', kind: 'bool' },
  userrefs: { prop: 'userrefs', kind: 'int' },
  clones: { prop: 'clones', kind: 'list', openzfsOnly: true },
  written: { prop: 'written', kind: 'int', openzfsOnly: true },
} as const satisfies Record<string, Column>;

/** The name of a declared column. */
export type ColumnKey = keyof typeof ZFS_COLUMNS;
type ValueOf<K extends Kind> = K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;
/** One parsed row: the name plus each asked-for column (null where zfs printed "-"). */
export type ZfsRow<K extends ColumnKey> = { name: string } & { [P in K]: ValueOf<(typeof ZFS_COLUMNS)[P]['kind']> | null };

/** Convert one printed value by its column kind; "-" (does not apply / unreadable) is null. */
export function parseValue(key: ColumnKey, text: string): string | number | boolean | string[] | null {
  if (text === '-' || text === '') return null;
  const kind: Kind = ZFS_COLUMNS[key].kind;
  switch (kind) {
    case 'int':
      return /^\d+$/.test(text) ? Number(text) : null;
    case 'bool':
      return text === 'on' || text === 'yes' ? true : text === 'off' || text === 'no' ? false : null;
    case 'list':
      return text.split(',').filter(Boolean);
    case 'text':
      return text;
  }
}

/** Keys that this zfs can answer (drops OpenZFS-only ones on zfs-fuse). */
export function supportedKeys<K extends ColumnKey>(keys: readonly K[], openzfs: boolean): K[] {
  return keys.filter((k) => openzfs || !('openzfsOnly' in ZFS_COLUMNS[k]));
}

/** Scope of a read: recursion depth and, for list, the types and sort. */
export interface ReadScope {
  recursive?: boolean;
  depth?: number;
  /** list only (zfs-fuse's get has no -t): filesystem, volume, snapshot, bookmark, all. */
  types?: string[];
  /** list only: sort ascending by this property. */
  sortBy?: string;
}

function scopeFlags(s: ReadScope): string[] {
  const f: string[] = [];
  if (s.depth !== undefined) f.push('-d', String(s.depth));
  else if (s.recursive) f.push('-r');
  return f;
}

/** `zfs get -H -p -o name,property,value PROPS …`: works on zfs-fuse and every OpenZFS. */
export function getArgs(keys: readonly ColumnKey[], targets: readonly string[], scope: ReadScope = {}): string[] {
  return ['get', '-H', '-p', ...scopeFlags(scope), '-o', 'name,property,value', keys.map((k) => ZFS_COLUMNS[k].prop).join(','), ...targets];
}

/** `zfs list -H -p -o name,PROPS …`: OpenZFS only (zfs-fuse's list has no -p and prints guid as "11.6E"). */
export function listArgs(keys: readonly ColumnKey[], targets: readonly string[], scope: ReadScope = {}): string[] {
  const a = ['list', '-H', '-p', '-o', ['name', ...keys.map((k) => ZFS_COLUMNS[k].prop)].join(',')];
  if (scope.types?.length) a.push('-t', scope.types.join(','));
  if (scope.sortBy) a.push('-s', scope.sortBy);
  return [...a, ...scopeFlags(scope), ...targets];
}

/** `zfs get -j -p PROPS …` (OpenZFS 2.3+). Not --json-int: it turns guids into JSON numbers that lose digits. */
export function jsonGetArgs(keys: readonly ColumnKey[], targets: readonly string[], scope: ReadScope = {}): string[] {
  return ['get', '-j', '-p', ...scopeFlags(scope), keys.map((k) => ZFS_COLUMNS[k].prop).join(','), ...targets];
}

function emptyRow<K extends ColumnKey>(name: string, keys: readonly K[]): ZfsRow<K> {
  const r: Record<string, unknown> = { name };
  for (const k of keys) r[k] = null;
  return r as ZfsRow<K>;
}

const byProp = new Map<string, ColumnKey>(Object.entries(ZFS_COLUMNS).map(([k, c]) => [c.prop, k as ColumnKey]));

/**
 * Parse `zfs get -H -p` lines. `fields` names the printed columns (default the `-o name,property,value`
 * Cowshed asks for; the 4-column default adds `source`). Split on TAB only: names may hold spaces.
 * Rows come back in first-seen order.
 */
export function parseGet<K extends ColumnKey>(
  text: string,
  keys: readonly K[],
  fields: readonly ('name' | 'property' | 'value' | 'source')[] = ['name', 'property', 'value'],
  fixedName = '',
): ZfsRow<K>[] {
  const rows = new Map<string, ZfsRow<K>>();
  const want = new Set<ColumnKey>(keys);
  const vi = fields.indexOf('value');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let parts = line.split('\t');
    // A value with a TAB in it (user text) would add fields: they belong to the value column.
    if (parts.length > fields.length) parts = [...parts.slice(0, vi), parts.slice(vi, vi + parts.length - fields.length + 1).join('\t'), ...parts.slice(vi + parts.length - fields.length + 1)];
    if (parts.length < fields.length) continue;
    const at = (f: string) => parts[fields.indexOf(f as never)]!;
    const name = fields.includes('name') ? at('name') : fixedName;
    const key = byProp.get(at('property'));
    if (key === undefined || !want.has(key)) continue;
    let row = rows.get(name);
    if (!row) rows.set(name, (row = emptyRow(name, keys)));
    (row as Record<string, unknown>)[key] = parseValue(key, at('value'));
  }
  return [...rows.values()];
}

/** Parse `zfs list -H -p -o name,PROPS` lines (OpenZFS): one TAB-separated row per dataset. */
export function parseList<K extends ColumnKey>(text: string, keys: readonly K[]): ZfsRow<K>[] {
  const out: ZfsRow<K>[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const parts = line.split('\t');
    if (parts.length !== keys.length + 1) continue;
    const row = emptyRow(parts[0]!, keys) as Record<string, unknown>;
    keys.forEach((k, i) => (row[k] = parseValue(k, parts[i + 1]!)));
    out.push(row as ZfsRow<K>);
  }
  return out;
}

interface JsonDataset {
  name?: string;
  type?: string;
  createtxg?: string | number;
  properties?: Record<string, { value?: unknown }>;
}

/**
 * Parse `zfs list|get -j` (OpenZFS 2.3+). Values are read as text (so guids keep every digit); `type`,
 * `createtxg` and `name` also come from the dataset's own fields when not asked as properties.
 */
export function parseJson<K extends ColumnKey>(text: string, keys: readonly K[]): ZfsRow<K>[] {
  const doc = JSON.parse(text) as { datasets?: Record<string, JsonDataset> };
  const out: ZfsRow<K>[] = [];
  for (const [name, ds] of Object.entries(doc.datasets ?? {})) {
    const row = emptyRow(ds.name ?? name, keys) as Record<string, unknown>;
    for (const k of keys) {
      const v = ds.properties?.[ZFS_COLUMNS[k].prop]?.value;
      if (v !== undefined) row[k] = parseValue(k, String(v));
    }
    if ('type' in row && row.type === null && ds.type) row.type = ds.type.toLowerCase();
    if ('createtxg' in row && row.createtxg === null && ds.createtxg !== undefined) row.createtxg = parseValue('createtxg', String(ds.createtxg));
    out.push(row as ZfsRow<K>);
  }
  return out;
}
