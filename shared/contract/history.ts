import { z } from 'zod';
import { Job } from '../domain';
import { AbsolutePath } from '../validate';
import { method } from './method';
import { Target } from './volumes';

/** One distinct version of a file across snapshots. */
export const FileVersion = z.lazy(() =>
  z.object({
    /** Path of this version (inside a snapshot's browsable path, or the live path). */
    path: z.string(),
    live: z.boolean(),
    size: z.number(),
    mtime: z.string(),
    /** Snapshot ids (oldest first) in which this version appears. */
    snapshots: z.array(z.string()),
    snapshotNames: z.array(z.string()),
    hash: z.string().nullable(),
    /** The path lies inside a temporary browse clone (zfs-fuse) that goes away when released. */
    temporary: z.boolean().optional(),
  }),
);
export type FileVersion = z.infer<typeof FileVersion>;

export const DiffChange = z.lazy(() =>
  z.object({
    change: z.enum(['added', 'removed', 'modified', 'renamed']),
    path: z.string(),
    /** For renames: the old path. */
    from: z.string().optional(),
    type: z.enum(['file', 'dir', 'symlink', 'other']).optional(),
    size: z.number().nullable().optional(),
    oldSize: z.number().nullable().optional(),
    /** Only mode, owner, times or xattrs changed, not the content. */
    metadataOnly: z.boolean().optional(),
  }),
);
export type DiffChange = z.infer<typeof DiffChange>;

/** What a finished diff job reports (the changes themselves stream as `diffChanges` events). */
export const DiffSummary = z.lazy(() =>
  z.object({
    a: z.string(),
    b: z.string(),
    /** 'btrfs-send' | 'zfs-diff' | 'tree-walk' */
    method: z.string(),
    /** Why the kernel-assisted method was not used, when it was not. */
    fallbackReason: z.string().optional(),
    counts: z.object({ added: z.number(), removed: z.number(), modified: z.number(), renamed: z.number() }),
    total: z.number(),
  }),
);
export type DiffSummary = z.infer<typeof DiffSummary>;

/** The start of a file, for previews. */
export const FilePreview = z.lazy(() =>
  z.object({
    path: z.string(),
    size: z.number(),
    /** UTF-8 text, or null for binary files. */
    text: z.string().nullable(),
    binary: z.boolean(),
    truncated: z.boolean(),
  }),
);
export type FilePreview = z.infer<typeof FilePreview>;

export const SpaceReport = z.lazy(() =>
  z.object({
    target: z.string(),
    fs: z.string(),
    /** Per volume / snapshot figures (bytes, null where unknown). */
    rows: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        kind: z.enum(['volume', 'snapshot', 'file', 'folder']),
        used: z.number().nullable(),
        referenced: z.number().nullable(),
        usedBySnapshots: z.number().nullable().optional(),
        usedByDataset: z.number().nullable().optional(),
        written: z.number().nullable().optional(),
        exclusive: z.number().nullable().optional(),
        shared: z.number().nullable().optional(),
      }),
    ),
    /** Bytes freed if the chosen snapshots were deleted together; null = unknown (with reason). */
    freedTogether: z.object({ snapshots: z.array(z.string()), bytes: z.number().nullable(), reason: z.string().optional() }).nullable(),
    notes: z.array(z.string()),
  }),
);
export type SpaceReport = z.infer<typeof SpaceReport>;

/** Browse snapshots, versions of a file, diff, space. */
export const historyMethods = {
  browseSnapshot: method({
    doc: 'A read-only path where the files of a snapshot can be listed (mounting a temporary clone where needed).',
    request: () => z.object({ snapshot: Target }).strict(),
    response: () => z.object({ snapshot: z.string(), path: z.string(), temporary: z.boolean() }),
    mutating: false,
  }),
  releaseSnapshot: method({
    doc: 'Stop browsing a snapshot (unmounts a temporary clone).',
    request: () => z.object({ snapshot: Target }).strict(),
    response: () => z.object({ released: z.boolean() }),
    mutating: false,
  }),
  versions: method({
    doc: 'Distinct versions of a file across the snapshots of its volume, oldest first, live last.',
    request: () => z.object({ path: AbsolutePath, deleted: z.boolean().optional(), hash: z.boolean().optional() }).strict(),
    response: () => z.array(FileVersion),
    mutating: false,
  }),
  diff: method({
    doc: 'What changed between two snapshots, or a snapshot and live (a job; changes stream as events).',
    request: () => z.object({ a: Target, b: Target }).strict(),
    response: () => Job,
    mutating: false,
  }),
  space: method({
    doc: 'Shared / exclusive / snapshot-held bytes, and what deleting chosen snapshots together frees.',
    request: () => z.object({ target: Target, snapshots: z.array(Target).optional() }).strict(),
    response: () => SpaceReport,
    mutating: false,
  }),
  previewFile: method({
    doc: 'The first bytes of a file (live or inside a browsed snapshot), as text when it is text.',
    request: () => z.object({ path: AbsolutePath, maxBytes: z.number().int().positive().max(1048576).optional() }).strict(),
    response: () => FilePreview,
    mutating: false,
  }),
};
