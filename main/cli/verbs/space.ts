import type { SpaceReport } from '../../../shared/contract/history';
import { bytes, table } from '../io';
import { defineVerb } from '../verb';
import { absoluteArg } from './versions';

/** Human rendering of a space report. */
export function formatSpace(r: SpaceReport): string {
  const zfs = r.fs === 'zfs';
  const headers = zfs ? ['NAME', 'KIND', 'USED', 'REFER', 'BY SNAPSHOTS', 'BY DATASET', 'WRITTEN'] : ['NAME', 'KIND', 'REFER', 'EXCLUSIVE', 'SHARED'];
  const rows = r.rows.map((x) =>
    zfs
      ? [x.label, x.kind, bytes(x.used), bytes(x.referenced), bytes(x.usedBySnapshots), bytes(x.usedByDataset), bytes(x.written)]
      : [x.label, x.kind, bytes(x.referenced), bytes(x.exclusive), bytes(x.shared)],
  );
  let out = table(headers, rows);
  const f = r.freedTogether;
  if (f) {
    const names = f.snapshots.map((s) => s.replace(/^zfs:.*@/, '')).join(', ');
    out += `\nFreed if deleted together (${names}): ${f.bytes === null ? 'unknown' : bytes(f.bytes)}${f.reason ? ` (${f.reason})` : ''}\n`;
  }
  if (r.notes.length) out += '\n' + r.notes.map((n) => `Note: ${n}`).join('\n') + '\n';
  return out;
}

export const spaceVerb = defineVerb({
  name: 'space',
  summary: 'Shared / exclusive / snapshot-held bytes of a volume, folder or file',
  usage: 'cowshed space TARGET [--snapshots A,B,…] [--json]',
  help:
    'ZFS: used, referenced, usedbysnapshots, usedbydataset and written per dataset and snapshot. btrfs: exclusive and shared from ' +
    'btrfs filesystem du (and quota groups when quotas are already on). A file: its shared and exclusive extents (FIEMAP). ' +
    '--snapshots asks what deleting those snapshots together would free.',
  flags: { snapshots: { type: 'string', description: 'comma-separated snapshots of TARGET (ids, names or paths)' } },
  positionals: [1, 1],
  async run(args, service, io) {
    const list = typeof args.flags.snapshots === 'string' ? args.flags.snapshots.split(',').map((s) => absoluteArg(s.trim())).filter(Boolean) : undefined;
    const r = await service.call('space', { target: absoluteArg(args.positionals[0]!), ...(list ? { snapshots: list } : {}) });
    io.out(args.json ? JSON.stringify(r, null, 2) + '\n' : formatSpace(r));
    return 0;
  },
});
