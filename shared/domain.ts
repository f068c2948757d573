import { z } from 'zod';
import { ErrorCode, ErrorPayload } from './errors';

// Each schema is made the first time it is used (z.lazy), not when this module loads: most runs of the CLI check
// one request and never parse a domain object (see contract/method.ts).

/** A filesystem kind Cowshed knows how to talk to. */
export const FsKind = z.lazy(() => z.enum(['btrfs', 'zfs', 'xfs', 'ext4', 'other']));
export type FsKind = z.infer<typeof FsKind>;

/** One capability: ok, or not ok with a reason a person understands. */
export const Capability = z.lazy(() =>
  z.object({
    ok: z.boolean(),
    reason: z.string().optional(),
    /** Extra facts, e.g. the diff method ("btrfs-send", "zfs-diff", "tree-walk"). */
    method: z.string().optional(),
    /** True when the action works but needs admin rights. */
    needsAdmin: z.boolean().optional(),
  }),
);
export type Capability = z.infer<typeof Capability>;

export const CAPABILITY_KEYS = [
  'fileClone',
  'cloneAcrossVolumes',
  'snapshot',
  'writableSnapshot',
  'datasetClone',
  'promote',
  'rollback',
  'diff',
  'sendReceive',
  'dedupe',
  'spaceAccounting',
  'listVolumes',
] as const;
export type CapabilityKey = (typeof CAPABILITY_KEYS)[number];
export const Capabilities = z.lazy(() =>
  z.object(
    Object.fromEntries(CAPABILITY_KEYS.map((k) => [k, Capability])) as Record<CapabilityKey, typeof Capability>,
  ),
);
export type Capabilities = z.infer<typeof Capabilities>;

/** A mounted filesystem with its capability matrix. */
export const Mount = z.lazy(() =>
  z.object({
    mountpoint: z.string(),
    fstype: z.string(),
    kind: FsKind,
    source: z.string(),
    /** Subvolume / dataset root inside the filesystem (mountinfo "root" field). */
    root: z.string(),
    options: z.array(z.string()),
    readonly: z.boolean(),
    /** Device id "major:minor" (btrfs subvolumes share a filesystem but not st_dev). */
    device: z.string(),
    /** btrfs subvolume id from mount options, ZFS dataset name, … */
    subvolId: z.number().optional(),
    subvolPath: z.string().optional(),
    capabilities: Capabilities,
  }),
);
export type Mount = z.infer<typeof Mount>;

/** Installed tools and their versions. */
export const ToolInfo = z.lazy(() =>
  z.object({
    name: z.string(),
    path: z.string().nullable(),
    version: z.string().nullable(),
    /** e.g. "openzfs" or "zfs-fuse" for zfs. */
    flavor: z.string().optional(),
  }),
);
export type ToolInfo = z.infer<typeof ToolInfo>;

/** Per-filesystem identity: a tagged union, closed everywhere with assertNever. */
export const VolumeIdentity = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('btrfs'), fsUuid: z.string(), subvolId: z.number(), uuid: z.string() }),
    z.object({ kind: z.literal('zfs'), dataset: z.string(), guid: z.string() }),
    z.object({ kind: z.literal('reflink'), mountpoint: z.string() }),
  ]),
);
export type VolumeIdentity = z.infer<typeof VolumeIdentity>;

/**
 * Something that can be snapshotted: a ZFS dataset or a btrfs subvolume.
 * `id` is the Cowshed id: `btrfs:<mountpoint>:<path from top level>` or `zfs:<dataset>`.
 */
export const Volume = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: FsKind,
    name: z.string(),
    identity: VolumeIdentity,
    /** Where its files can be reached, if mounted / reachable. */
    path: z.string().nullable(),
    /** Parent volume id in the tree (dataset parent; btrfs parent subvolume). */
    parentId: z.string().nullable(),
    isSnapshot: z.boolean(),
    readonly: z.boolean(),
    /** ZFS origin snapshot id / btrfs parent uuid (snapshot of). */
    origin: z.string().nullable(),
    /** btrfs received uuid. */
    receivedUuid: z.string().nullable().optional(),
    created: z.string().nullable(), // ISO time
    /** createtxg (ZFS) or generation (btrfs): the real order. */
    generation: z.number().nullable(),
    space: z
      .object({
        used: z.number().nullable(),
        available: z.number().nullable(),
        referenced: z.number().nullable(),
        usedBySnapshots: z.number().nullable(),
      })
      .partial()
      .optional(),
    /** Provider-specific facts (btrfs: parentUuid, topLevel, otime; zfs: type, mountpoint…). */
    extra: z.record(z.string(), z.unknown()).optional(),
  }),
);
export type Volume = z.infer<typeof Volume>;

/** A point-in-time snapshot of a volume. */
export const Snapshot = z.lazy(() =>
  z.object({
    id: z.string(),
    volumeId: z.string(),
    name: z.string(),
    fullName: z.string(),
    identity: VolumeIdentity,
    created: z.string().nullable(),
    generation: z.number().nullable(),
    readonly: z.boolean(),
    /** A read-only path whose files can be listed, where one exists right now. */
    browsePath: z.string().nullable(),
    space: z
      .object({ used: z.number().nullable(), referenced: z.number().nullable(), written: z.number().nullable() })
      .partial()
      .optional(),
    clones: z.array(z.string()).optional(),
    holds: z.array(z.string()).optional(),
  }),
);
export type Snapshot = z.infer<typeof Snapshot>;

/** One node and edge set of the lineage graph. */
export const LineageNode = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: z.enum(['volume', 'snapshot', 'clone']),
    label: z.string(),
    fs: FsKind,
    identity: VolumeIdentity.optional(),
    readonly: z.boolean().optional(),
    created: z.string().nullable().optional(),
  }),
);
export const LineageEdge = z.lazy(() =>
  z.object({
    from: z.string(),
    to: z.string(),
    /** snapshot-of: volume → its snapshot; clone-of: snapshot → clone; received-from; child. */
    kind: z.enum(['snapshot-of', 'clone-of', 'received-from', 'child']),
  }),
);
export const Lineage = z.lazy(() => z.object({ focus: z.string(), nodes: z.array(LineageNode), edges: z.array(LineageEdge) }));
export type Lineage = z.infer<typeof Lineage>;

/** What a plan will do to one object. */
export const PlanItem = z.lazy(() =>
  z.object({
    action: z.enum(['destroy', 'rollback', 'promote', 'rename', 'create', 'replace', 'keep', 'move']),
    id: z.string(),
    label: z.string(),
    type: z.enum(['snapshot', 'filesystem', 'volume', 'subvolume', 'clone', 'file', 'folder', 'bookmark']),
    /** The identity it was planned against (guid / uuid / createtxg / inode). */
    identity: z.record(z.string(), z.union([z.string(), z.number()])),
    bytes: z.number().nullable().optional(),
    note: z.string().optional(),
  }),
);
export type PlanItem = z.infer<typeof PlanItem>;

/** The preview of a destructive or far-reaching action. */
export const Plan = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: z.enum(['destroy', 'rollback', 'promote', 'restore', 'detach', 'clone']),
    fs: FsKind,
    target: z.string(),
    title: z.string(),
    /** Sentences explaining what happens, in words. */
    summary: z.array(z.string()),
    items: z.array(PlanItem),
    /** Holds / mounts / nested objects that block the plan; committing is refused while any exist. */
    blockers: z.array(z.object({ code: ErrorCode, message: z.string(), ids: z.array(z.string()).optional() })),
    warnings: z.array(z.string()),
    /** The exact commands that will run, as argv arrays. */
    commands: z.array(z.array(z.string())),
    bytesFreed: z.number().nullable(),
    /** What the user must type to confirm, or null when a click is enough (single snapshot). */
    confirmText: z.string().nullable(),
    createdAt: z.string(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
);
export type Plan = z.infer<typeof Plan>;

export const JobState = z.lazy(() => z.enum(['queued', 'running', 'done', 'failed', 'cancelled']));
/** Long work with progress and cancel. */
export const Job = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    /** Serialisation key: one mutating job per key at a time (pool / filesystem). */
    key: z.string().nullable(),
    state: JobState,
    progress: z.object({ done: z.number(), total: z.number().nullable(), unit: z.string() }).nullable(),
    /** Secondary counter, e.g. files when progress is bytes. */
    secondary: z.object({ done: z.number(), total: z.number().nullable(), unit: z.string() }).nullable().optional(),
    cancellable: z.boolean(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    result: z.unknown().optional(),
    error: ErrorPayload.optional(),
    /** Commands the job ran (argv), newest last. */
    commands: z.array(z.array(z.string())).optional(),
  }),
);
export type Job = z.infer<typeof Job>;

/** One line in the append-only journal of mutating commands. */
export const JournalEntry = z.lazy(() =>
  z.object({
    time: z.string(),
    uid: z.number(),
    verb: z.string(),
    argv: z.array(z.string()),
    outcome: z.enum(['ok', 'failed']),
    exitCode: z.number().nullable(),
    durationMs: z.number(),
    stderr: z.string().optional(),
    /** How it ran when not directly by the app, e.g. "helper:sudo-pty" (the privileged helper). */
    via: z.string().optional(),
  }),
);
export type JournalEntry = z.infer<typeof JournalEntry>;

/** A directory entry for the file pane. */
export const DirEntry = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.enum(['file', 'dir', 'symlink', 'other']),
    size: z.number(),
    mtime: z.string(),
    mode: z.number(),
    ino: z.number(),
    /** True when this directory is a subvolume / dataset root. */
    volumeRoot: z.boolean().optional(),
  }),
);
export type DirEntry = z.infer<typeof DirEntry>;
