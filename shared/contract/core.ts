import { z } from 'zod';
import { DirEntry, Job, JournalEntry, Mount, ToolInfo, Volume } from '../domain';
import { AbsolutePath } from '../validate';
import { method } from './method';
import { Target } from './volumes';

/** Probe, volumes, jobs, journal and directory listing. */
export const coreMethods = {
  probe: method({
    doc: 'Mounted filesystems with their capability matrix, and the installed tools.',
    request: () => z.object({ refresh: z.boolean().optional() }).strict(),
    response: () => z.object({ mounts: z.array(Mount), tools: z.array(ToolInfo) }),
    mutating: false,
  }),
  volumes: method({
    doc: 'Datasets / subvolumes (with lineage fields), of one filesystem or of all.',
    request: () => z.object({ target: Target.optional() }).strict(),
    response: () => z.array(Volume),
    mutating: false,
  }),
  listDir: method({
    doc: 'Entries of a folder (live or inside a snapshot).',
    request: () => z.object({ path: AbsolutePath }).strict(),
    response: () => z.object({ path: z.string(), entries: z.array(DirEntry), truncated: z.boolean() }),
    mutating: false,
  }),
  jobs: method({
    doc: 'Running and recently finished jobs.',
    request: () => z.object({}).strict(),
    response: () => z.array(Job),
    mutating: false,
  }),
  job: method({
    doc: 'One job, waiting for it to finish when wait is true.',
    request: () => z.object({ id: z.string(), wait: z.boolean().optional() }).strict(),
    response: () => Job,
    mutating: false,
  }),
  cancelJob: method({
    doc: 'Cancel a running or queued job.',
    request: () => z.object({ id: z.string() }).strict(),
    response: () => Job,
    mutating: true,
  }),
  journal: method({
    doc: 'The newest entries of the journal of mutating commands.',
    request: () => z.object({ limit: z.number().int().positive().max(10000).optional() }).strict(),
    response: () => z.array(JournalEntry),
    mutating: false,
  }),
};
