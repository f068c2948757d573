import type { Job } from '../../../../shared/domain';
import { formatBytes, formatCount } from '../../lib/format';

type Counter = NonNullable<Job['progress']>;

/** "1.2 GB of 3.4 GB" / "12 of 40 files". */
export function formatCounter(c: Counter): string {
  const bytes = c.unit === 'bytes' || c.unit === 'B';
  const f = (n: number) => (bytes ? formatBytes(n) : formatCount(n));
  const unit = bytes ? '' : ` ${c.unit}`;
  return c.total === null ? `${f(c.done)}${unit}` : `${f(c.done)} of ${f(c.total)}${unit}`;
}

/** 0..1, or null when the total is unknown. */
export const fraction = (c: Counter | null | undefined): number | null => (c && c.total ? Math.min(1, c.done / c.total) : null);

/** How long a job ran (or has been running). */
export function formatDuration(job: Pick<Job, 'startedAt' | 'finishedAt'>, now = Date.now()): string {
  if (!job.startedAt) return '';
  const ms = (job.finishedAt ? new Date(job.finishedAt).getTime() : now) - new Date(job.startedAt).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const MECHANISM: Record<string, string> = {
  'reflink-file': 'reflink',
  'copy-file': 'full copy',
  'btrfs-snapshot': 'btrfs writable snapshot',
  'zfs-clone': 'ZFS snapshot + clone',
  'tree-copy': 'tree copy with reflinked files',
};

/** One line about what a finished job produced. */
export function describeResult(job: Job): string | null {
  const r = job.result as Record<string, unknown> | undefined | null;
  if (!r || typeof r !== 'object') return null;
  if (typeof r.mechanism === 'string' && typeof r.destination === 'string') {
    const parts = [`${MECHANISM[r.mechanism] ?? r.mechanism}`];
    if (r.sharingVerified === true) parts.push('blocks shared ✓');
    else if (r.mechanism === 'copy-file') parts.push('no blocks shared');
    if (typeof r.files === 'number' && r.files > 1) parts.push(`${formatCount(r.files)} files`);
    if (typeof r.bytes === 'number') parts.push(formatBytes(r.bytes));
    return `→ ${r.destination} · ${parts.join(' · ')}`;
  }
  if (typeof r.message === 'string') return r.message;
  if (typeof r.summary === 'string') return r.summary;
  if (Array.isArray(r.destroyed)) return `Destroyed ${formatCount(r.destroyed.length)} object${r.destroyed.length === 1 ? '' : 's'}`;
  return null;
}

/** A clone job's destination path, if it is one. */
export const cloneDestination = (job: Job): string | null => {
  const r = job.result as { destination?: unknown } | undefined;
  return r && typeof r.destination === 'string' ? r.destination : null;
};
