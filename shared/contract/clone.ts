import { z } from 'zod';
import { Job, Plan } from '../domain';
import { AbsolutePath } from '../validate';
import { method } from './method';
import { Target } from './volumes';

/** cp-like reflink policy. */
export const ReflinkPolicy = z.lazy(() => z.enum(['always', 'auto', 'never']));
export type ReflinkPolicy = z.infer<typeof ReflinkPolicy>;

/** How a clone is made. */
export const CloneMechanism = z.lazy(() => z.enum(['reflink-file', 'copy-file', 'btrfs-snapshot', 'zfs-clone', 'tree-copy']));
export type CloneMechanism = z.infer<typeof CloneMechanism>;

/** What "clone here" will do, shown before it runs. */
export const ClonePreview = z.lazy(() =>
  z.object({
    source: z.string(),
    destination: z.string(),
    /** The mechanism that will run. */
    mechanism: CloneMechanism,
    /** Every mechanism considered, with why it can or cannot be used. */
    options: z.array(z.object({ mechanism: CloneMechanism, ok: z.boolean(), reason: z.string().optional(), description: z.string() })),
    description: z.string(),
    createsLineage: z.boolean(),
    /** Set when an explicit destination exists and the user must confirm a plan. */
    destinationExists: z.boolean(),
    warnings: z.array(z.string()),
  }),
);
export type ClonePreview = z.infer<typeof ClonePreview>;

/** What a finished clone job reports. */
export const CloneResult = z.lazy(() =>
  z.object({
    source: z.string(),
    destination: z.string(),
    mechanism: CloneMechanism,
    /** 'reflink' | 'copy' | 'snapshot' | 'clone' */
    method: z.string(),
    /** Sharing checked with FIEMAP (btrfs/XFS) or known by construction (snapshot / clone). */
    sharingVerified: z.boolean(),
    files: z.number(),
    bytes: z.number(),
    /** Things recreated differently or skipped (special files, other mounts). */
    notes: z.array(z.string()),
  }),
);
export type CloneResult = z.infer<typeof CloneResult>;

const CloneRequest = z.lazy(() =>
  z
    .object({
      source: AbsolutePath,
      destination: AbsolutePath.optional(),
      reflink: ReflinkPolicy.optional(),
      mechanism: CloneMechanism.optional(),
      /** Confirms replacing an existing destination (after seeing the preview). */
      overwrite: z.boolean().optional(),
    })
    .strict(),
);

/** Per-file extent sharing as FIEMAP reports it. */
export const FileInfo = z.lazy(() =>
  z.object({
    path: z.string(),
    type: z.enum(['file', 'dir', 'symlink', 'other']),
    size: z.number(),
    allocated: z.number(),
    sharedBytes: z.number().nullable(),
    exclusiveBytes: z.number().nullable(),
    mtime: z.string(),
    mode: z.number(),
    uid: z.number(),
    gid: z.number(),
    ino: z.number(),
    nlink: z.number(),
    mountpoint: z.string().nullable(),
    fstype: z.string().nullable(),
    volumeId: z.string().nullable(),
  }),
);
export type FileInfo = z.infer<typeof FileInfo>;

/** "Clone here", clone to, restore from a snapshot, file properties. */
export const cloneMethods = {
  planClone: method({
    doc: 'Show how a file, folder or volume would be cloned, before it runs.',
    request: () => CloneRequest,
    response: () => ClonePreview,
    mutating: false,
  }),
  clone: method({
    doc: 'Clone a file, folder or volume by the cheapest correct mechanism (a job; result is a CloneResult).',
    request: () => CloneRequest,
    response: () => Job,
    mutating: true,
  }),
  planRestore: method({
    doc: 'Plan restoring a file or folder from a snapshot into the live volume by reflink.',
    request: () => z
      .object({
        path: AbsolutePath,
        snapshot: Target,
        to: AbsolutePath.optional(),
        mode: z.enum(['keep-both', 'overwrite']).optional(),
      })
      .strict(),
    response: () => Plan,
    mutating: false,
  }),
  fileInfo: method({
    doc: 'Size, allocation and shared / exclusive bytes of a file or folder.',
    request: () => z.object({ path: AbsolutePath }).strict(),
    response: () => FileInfo,
    mutating: false,
  }),
};
