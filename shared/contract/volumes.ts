import { z } from 'zod';
import { Job, Lineage, Plan, Snapshot, Volume } from '../domain';
import { NameText, TargetText } from '../validate';
import { method } from './method';

/**
 * Targets are either an absolute path inside a managed mount, or a Cowshed id:
 * `btrfs:<mountpoint>:<subvolume path from the top level>` or `zfs:<dataset>[@snapshot]`.
 */
export const Target = TargetText.max(8192);

/** Snapshots, clones, lineage and the plans for destroy / rollback / promote / detach. */
export const volumeMethods = {
  snapshots: method({
    doc: 'Snapshots of a volume, oldest first (by createtxg / generation).',
    request: () => z.object({ target: Target }).strict(),
    response: () => z.array(Snapshot),
    mutating: false,
  }),
  createSnapshot: method({
    doc: 'Create a snapshot (read-only by default on btrfs; recursive is atomic on ZFS).',
    request: () => z
      .object({ target: Target, name: NameText.optional(), readonly: z.boolean().optional(), recursive: z.boolean().optional() })
      .strict(),
    response: () => z.array(Snapshot),
    mutating: true,
  }),
  renameSnapshot: method({
    doc: 'Rename a snapshot.',
    request: () => z.object({ target: Target, newName: NameText }).strict(),
    response: () => Snapshot,
    mutating: true,
  }),
  setReadonly: method({
    doc: 'Set or clear the read-only flag of a subvolume / dataset.',
    request: () => z.object({ target: Target, readonly: z.boolean() }).strict(),
    response: () => Volume,
    mutating: true,
  }),
  hold: method({
    doc: 'Place (or release) a user hold on a ZFS snapshot.',
    request: () => z.object({ target: Target, tag: NameText, release: z.boolean().optional() }).strict(),
    response: () => Snapshot,
    mutating: true,
  }),
  cloneSnapshot: method({
    doc: 'Clone a snapshot into a new writable volume (zfs clone / btrfs writable snapshot).',
    request: () => z.object({ snapshot: Target, name: NameText }).strict(),
    response: () => Volume,
    mutating: true,
  }),
  lineage: method({
    doc: 'The snapshot / clone graph around a volume.',
    request: () => z.object({ target: Target }).strict(),
    response: () => Lineage,
    mutating: false,
  }),
  planDestroy: method({
    doc: 'Plan a destroy: everything that would go, what blocks it, the exact commands.',
    request: () => z
      .object({ target: Target, recursive: z.boolean().optional(), recursiveDependents: z.boolean().optional() })
      .strict(),
    response: () => Plan,
    mutating: false,
  }),
  planRollback: method({
    doc: 'Plan a rollback to a snapshot: the newer snapshots (and their clones) it would destroy.',
    request: () => z.object({ snapshot: Target, force: z.boolean().optional() }).strict(),
    response: () => Plan,
    mutating: false,
  }),
  planPromote: method({
    doc: 'Plan promoting a clone: the dependency reverses and snapshots move.',
    request: () => z.object({ target: Target }).strict(),
    response: () => Plan,
    mutating: false,
  }),
  planDetach: method({
    doc: 'Plan making a clone independent of its origin by send/receive.',
    request: () => z.object({ target: Target, swap: z.boolean().optional() }).strict(),
    response: () => Plan,
    mutating: false,
  }),
  commitPlan: method({
    doc: 'Carry out a plan; refused if anything it names changed since.',
    request: () => z.object({ planId: z.string(), confirm: z.string().optional() }).strict(),
    response: () => Job,
    mutating: true,
  }),
  getPlan: method({
    doc: 'A plan made earlier, while it is still valid.',
    request: () => z.object({ planId: z.string() }).strict(),
    response: () => Plan,
    mutating: false,
  }),
};
