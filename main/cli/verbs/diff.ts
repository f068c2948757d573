import type { DiffChange, DiffSummary } from '../../../shared/contract/history';
import { releaseAllClones } from '../../core/history/browse-clones';
import { bytes, throwIfFailed, waitForJob } from '../io';
import { defineVerb } from '../verb';
import { absoluteArg } from './versions';

const MARK: Record<DiffChange['change'], string> = { added: '+', removed: '-', modified: 'M', renamed: 'R' };

/** One change as a line: `+ /path  (12 KiB)`, `R /old -> /new`, `m /path  (metadata)`. */
export function formatChange(c: DiffChange): string {
  const mark = c.change === 'modified' && c.metadataOnly ? 'm' : MARK[c.change];
  const slash = c.type === 'dir' ? '/' : '';
  const what = c.change === 'renamed' ? `${c.from}${slash} -> ${c.path}${slash}` : `${c.path}${slash}`;
  const size =
    c.metadataOnly ? '  (metadata)'
    : c.change === 'modified' && c.size != null && c.oldSize != null && c.size !== c.oldSize ? `  (${bytes(c.oldSize)} → ${bytes(c.size)})`
    : c.change === 'added' && c.size != null ? `  (${bytes(c.size)})`
    : c.change === 'removed' && c.oldSize != null ? `  (${bytes(c.oldSize)})`
    : '';
  return `${mark} ${JSON.stringify(what).slice(1, -1)}${size}\n`;
}

/** The closing line of a diff. */
export function formatSummary(s: DiffSummary): string {
  const { added, removed, modified, renamed } = s.counts;
  const via = s.method === 'btrfs-send' ? 'btrfs send' : s.method === 'zfs-diff' ? 'zfs diff' : 'tree comparison';
  return `${added} added, ${removed} removed, ${modified} modified, ${renamed} renamed (${via}${s.fallbackReason ? `: ${s.fallbackReason}` : ''})\n`;
}

export const diffVerb = defineVerb({
  name: 'diff',
  summary: 'What changed between two snapshots, or a snapshot and live',
  usage: 'cowshed diff A B [--summary] [--json]',
  help:
    'A and B: two snapshots of one volume, or a snapshot and the volume itself (its live state). Uses btrfs send between two read-only ' +
    'btrfs snapshots and zfs diff on OpenZFS; otherwise compares the two trees. Lines: + added, - removed, M modified, m metadata only, R renamed. ' +
    'Ctrl-C cancels.',
  flags: { summary: { type: 'boolean', description: 'print only the counts' } },
  positionals: [2, 2],
  async run(args, service, io) {
    const [a, b] = (args.positionals as [string, string]).map((x) => absoluteArg(x)) as [string, string];
    const got = new Map<string, DiffChange[]>();
    let jobId: string | null = null;
    const quiet = args.json || Boolean(args.flags.summary);
    const off = service.on((event, payload) => {
      if (event !== 'diffChanges') return;
      const p = payload as { jobId: string; changes: DiffChange[] };
      if (jobId === p.jobId && !quiet) for (const c of p.changes) io.out(formatChange(c));
      else if (args.json || jobId === null) got.set(p.jobId, [...(got.get(p.jobId) ?? []), ...p.changes]);
    });
    const onInt = () => void (jobId && service.call('cancelJob', { id: jobId }).catch(() => undefined));
    process.once('SIGINT', onInt);
    try {
      const job = await service.call('diff', { a, b });
      jobId = job.id;
      if (!quiet) for (const c of got.get(job.id) ?? []) io.out(formatChange(c));
      const end = await waitForJob(service, job, io, args.json);
      throwIfFailed(end);
      const summary = end.result as DiffSummary;
      if (args.json) io.out(JSON.stringify({ summary, changes: got.get(job.id) ?? [] }) + '\n');
      else io.out(formatSummary(summary));
      return 0;
    } finally {
      off();
      process.removeListener('SIGINT', onInt);
      await releaseAllClones(service.ctx);
    }
  },
});
