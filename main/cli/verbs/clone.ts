import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CloneMechanism, ClonePreview, CloneResult, ReflinkPolicy } from '../../../shared/contract/clone';
import type { Job } from '../../../shared/domain';
import { CowshedError } from '../../../shared/errors';
import { parseId } from '../../../shared/ids';
import type { Service } from '../../core/service';
import { bytes, throwIfFailed, waitForJob, type CliIO } from '../io';
import { defineVerb } from '../verb';

const POLICIES = ['always', 'auto', 'never'] as const;
const MECHANISMS = ['reflink-file', 'copy-file', 'btrfs-snapshot', 'zfs-clone', 'tree-copy'] as const;

/** Wait for a job; Ctrl-C / SIGTERM cancel it (so the partial is removed) instead of killing the process. */
export async function waitCancellable(service: Service, job: Job, io: CliIO, json: boolean): Promise<Job> {
  const cancel = () => {
    io.err('\ncowshed: cancelling…\n');
    service.call('cancelJob', { id: job.id }).catch(() => undefined);
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  try {
    return await waitForJob(service, job, io, json);
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

/** Human text of a clone preview. */
export function formatPreview(p: ClonePreview): string {
  const lines = [`Clone ${p.source}`, `   to ${p.destination}`, '', `Mechanism: ${p.mechanism} — ${p.description}`, '', 'Considered:'];
  for (const o of p.options) lines.push(`  ${o.ok ? 'yes' : 'no '} ${o.mechanism.padEnd(15)} ${o.ok ? o.description : o.reason ?? ''}`);
  if (p.createsLineage) lines.push('', 'Creates lineage: the clone depends on a new snapshot of the source.');
  if (p.warnings.length) lines.push('', 'Warnings:', ...p.warnings.map((w) => `  ${w}`));
  return lines.join('\n') + '\n';
}

/** Human text of a finished clone. */
export function formatResult(r: CloneResult, ms: number | null): string {
  const how =
    r.method === 'snapshot' ? 'as a writable btrfs snapshot' : r.method === 'clone' ? 'as a ZFS snapshot + clone' : r.method === 'copy' ? 'by copying the data' : 'by reflink';
  const lines = [`Cloned ${r.source}`, `    → ${r.destination}`, `  ${how}${r.sharingVerified ? ' (shared blocks verified)' : ''}`];
  if (r.method === 'reflink' || r.method === 'copy') lines.push(`  ${r.files} ${r.files === 1 ? 'entry' : 'entries'}, ${bytes(r.bytes)}${ms !== null ? ` in ${(ms / 1000).toFixed(2)} s` : ''}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n') + '\n';
}

/** A path as typed: relative paths are taken from the working directory, like cp does. */
export const cliPath = (p: string): string => (p.startsWith('/') || p === '' ? p : resolve(p));

/** `zfs:…`, `btrfs:…`, or a bare `pool/ds@snap` that is not an existing relative path. */
const isVolumeId = (s: string): boolean =>
  s.startsWith('zfs:') || s.startsWith('btrfs:') || (!s.startsWith('/') && s.includes('@') && !existsSync(s));

/** A ZFS snapshot id (`zfs:pool/ds@snap` or `pool/ds@snap`) or a btrfs id: cloned by the volume provider. */
function volumeId(src: string): { id: string; defaultName: string } | null {
  const p = parseId(src);
  if (p.kind === 'btrfs') {
    const last = p.rest.split(':').pop()!.split('/').filter(Boolean).pop() ?? 'subvolume';
    return { id: src, defaultName: `${last} (clone)` };
  }
  const name = p.kind === 'zfs' ? p.name : p.kind === 'bare' ? p.text : null;
  if (!name) return null;
  if (!name.includes('@')) throw new CowshedError('USAGE', `${src} is a dataset; clone its folder by path (its mountpoint), or name a snapshot (pool/ds@snap).`);
  const [ds, snap] = name.split('@') as [string, string];
  return { id: p.kind === 'zfs' ? src : `zfs:${src}`, defaultName: `${ds}-${snap.replace(/[^A-Za-z0-9_\-.:]/g, '_')}-clone` };
}

export const cloneVerb = defineVerb({
  name: 'clone',
  summary: 'Clone a file, folder or volume by the cheapest correct mechanism',
  usage: 'cowshed clone SRC [DST] [--reflink always|auto|never] [--mechanism M] [--overwrite] [--dry-run] [--json]',
  help: [
    'DST defaults to "name (clone)" beside SRC ("report (clone).pdf", then "(clone 2)"). A btrfs subvolume root becomes a',
    'writable snapshot; a ZFS dataset root becomes snapshot + clone; anything else is copied like `cp -a` with every file',
    'reflinked, built hidden and renamed into place when complete. --reflink always (default) fails rather than copy;',
    'auto copies where blocks cannot be shared (after a free-space check) and says so; never always copies.',
    'SRC may also be a snapshot id (zfs:pool/ds@snap, btrfs:<mountpoint>:<path>): DST is then the new volume\'s name.',
    'An existing DST is refused unless --overwrite (check it with --dry-run first). Ctrl-C cancels and leaves nothing.',
  ].join('\n'),
  flags: {
    reflink: { type: 'string', description: 'always (default) | auto | never' },
    mechanism: { type: 'string', description: `force one of: ${MECHANISMS.join(', ')}` },
    overwrite: { type: 'boolean', description: 'replace an existing DST (after checking the preview)' },
    'dry-run': { type: 'boolean', short: 'n', description: 'print how the clone would be made, change nothing' },
  },
  positionals: [1, 2],
  async run(args, service, io) {
    const [src, dst] = args.positionals as [string, string | undefined];
    const reflink = args.flags.reflink as string | undefined;
    if (reflink !== undefined && !(POLICIES as readonly string[]).includes(reflink))
      throw new CowshedError('USAGE', `--reflink must be always, auto or never (not "${reflink}").`);
    const mechanism = args.flags.mechanism as string | undefined;
    if (mechanism !== undefined && !(MECHANISMS as readonly string[]).includes(mechanism))
      throw new CowshedError('USAGE', `--mechanism must be one of ${MECHANISMS.join(', ')}.`);

    const vol = isVolumeId(src) ? volumeId(src) : null;
    if (vol) {
      const v = await service.call('cloneSnapshot', { snapshot: vol.id, name: dst ?? vol.defaultName });
      io.out(args.json ? JSON.stringify(v, null, 2) + '\n' : `Cloned ${src} → ${v.id}${v.path ? ` (${v.path})` : ''}\n`);
      return 0;
    }
    const req = {
      source: cliPath(src),
      ...(dst ? { destination: cliPath(dst) } : {}),
      ...(reflink ? { reflink: reflink as ReflinkPolicy } : {}),
      ...(mechanism ? { mechanism: mechanism as CloneMechanism } : {}),
      ...(args.flags.overwrite ? { overwrite: true } : {}),
    };
    if (args.flags['dry-run']) {
      const preview = await service.call('planClone', req);
      io.out(args.json ? JSON.stringify(preview, null, 2) + '\n' : formatPreview(preview));
      return 0;
    }
    if (reflink === 'auto' && !args.json) {
      // "auto" copies only after saying so.
      const preview = await service.call('planClone', req);
      for (const w of preview.warnings) if (/cannot be shared/.test(w)) io.err(`cowshed: ${w}\n`);
    }
    const job = await service.call('clone', req);
    const end = await waitCancellable(service, job, io, args.json);
    throwIfFailed(end);
    const result = end.result as CloneResult;
    const ms = end.startedAt && end.finishedAt ? Date.parse(end.finishedAt) - Date.parse(end.startedAt) : null;
    io.out(args.json ? JSON.stringify(result, null, 2) + '\n' : formatResult(result, ms));
    return 0;
  },
});
