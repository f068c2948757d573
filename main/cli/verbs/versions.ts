import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileVersion } from '../../../shared/contract/history';
import { releaseAllClones } from '../../core/history/browse-clones';
import { bytes, table } from '../io';
import { defineVerb } from '../verb';

/** A relative path typed on the command line, made absolute when it names something here; other text as is. */
export function absoluteArg(arg: string, mayBeMissing = false): string {
  if (arg.startsWith('/') || /^(zfs|btrfs):/.test(arg)) return arg;
  return mayBeMissing || existsSync(arg) ? resolve(arg) : arg;
}

/** Snapshot names, shortened when a version spans many: "s1, s2 … s9 (9)". */
export function snapshotList(v: FileVersion): string {
  const names = [...v.snapshotNames, ...(v.live ? ['live'] : [])];
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 2).join(', ')} … ${names[names.length - 1]} (${names.length})`;
}

/** Human rendering of the versions of a file. */
export function formatVersions(path: string, vs: FileVersion[], deleted: boolean): string {
  if (vs.length === 0) return deleted ? `No snapshot holds ${path}.\n` : `${path} has no versions.\n`;
  const rows = vs.map((v, i) => [String(i + 1), v.mtime.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), bytes(v.size), snapshotList(v), v.hash ? v.hash.slice(0, 12) : '', v.live ? '(live)' : v.temporary ? '(temporary clone)' : v.path]);
  const hasHash = vs.some((v) => v.hash);
  const headers = ['#', 'MODIFIED', 'SIZE', 'IN', ...(hasHash ? ['SHA-256'] : []), 'PATH'];
  const out = table(headers, rows.map((r) => (hasHash ? r : [...r.slice(0, 4), r[5]])));
  const held = [...new Set(vs.flatMap((v) => v.snapshotNames))];
  const tail = deleted && !vs.some((v) => v.live)
    ? `\nStill held by ${held.length} snapshot${held.length === 1 ? '' : 's'}: ${held.join(', ')}. Destroying them (cowshed destroy SNAPSHOT --dry-run first) removes it for good.\n`
    : `\nRestore a version: cowshed restore ${path} --from SNAPSHOT\n`;
  return out + tail;
}

export const versionsVerb = defineVerb({
  name: 'versions',
  summary: 'Distinct versions of a file across the snapshots of its volume',
  usage: 'cowshed versions FILE [--deleted] [--hash] [--json]',
  help:
    'Oldest first, the live file last. Appearances with the same inode, size and modification time (or the very same blocks) are one version. ' +
    '--deleted finds a path that no longer exists live and lists the snapshots that still hold it. --hash compares contents (SHA-256) too.',
  flags: {
    deleted: { type: 'boolean', description: 'the path may be gone live: list the snapshots that still hold it' },
    hash: { type: 'boolean', description: 'also merge versions with equal content, and show their SHA-256' },
  },
  positionals: [1, 1],
  async run(args, service, io) {
    const path = absoluteArg(args.positionals[0]!, true);
    try {
      const vs = await service.call('versions', { path, deleted: Boolean(args.flags.deleted), hash: Boolean(args.flags.hash) });
      io.out(args.json ? JSON.stringify(vs, null, 2) + '\n' : formatVersions(path, vs, Boolean(args.flags.deleted)));
      return 0;
    } finally {
      await releaseAllClones(service.ctx);
    }
  },
});
