import { CowshedError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import { pipeline } from '../../exec/run';
import type { JobContext } from '../../jobs/jobs';
import { classifyZfs } from './errors';
import { zfsRead } from './exec';
import type { ZfsFeatures } from './features';
import { parseSendEstimate } from './parse';

/** The exact stream size where OpenZFS can estimate it (`zfs send -nP`), else the caller's guess. */
export async function sendEstimate(f: ZfsFeatures, snapshots: readonly string[], fallback: number | null): Promise<number | null> {
  if (!f.sendEstimate || snapshots.length === 0) return fallback;
  try {
    const first = await zfsRead(['send', '-nP', snapshots[0]!]);
    let total = parseSendEstimate(first.stdout + '\n' + first.stderr);
    if (snapshots.length > 1) {
      const inc = await zfsRead(['send', '-nP', '-I', snapshots[0]!, snapshots[snapshots.length - 1]!]);
      const n = parseSendEstimate(inc.stdout + '\n' + inc.stderr);
      total = total === null || n === null ? null : total + n;
    }
    return total ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * `zfs send | zfs receive` without a shell: the first snapshot in full (so the copy depends on nothing),
 * then `-I first last` for the rest. Journaled, shown on the job console, byte progress, cancellable.
 * Returns the bytes sent. On failure nothing is cleaned up here: the caller knows what to remove.
 */
export async function copySnapshots(
  ctx: CoreContext,
  snapshots: readonly string[],
  to: string,
  job: JobContext,
  total: number | null,
): Promise<number> {
  if (snapshots.length === 0) throw new CowshedError('INTERNAL', 'Nothing to send.');
  // Received datasets are mounted (no -u): the copy is verified file by file. Never -F: nothing is overwritten.
  const streams: { send: string[]; recv: string[] }[] = [{ send: ['send', snapshots[0]!], recv: ['receive', to] }];
  if (snapshots.length > 1) streams.push({ send: ['send', '-I', snapshots[0]!, snapshots[snapshots.length - 1]!], recv: ['receive', to] });
  let sent = 0;
  for (const s of streams) {
    const started = Date.now();
    const base = sent;
    const uid = process.getuid?.() ?? -1;
    job.output('info', `$ zfs ${s.send.join(' ')} | zfs ${s.recv.join(' ')}\n`);
    try {
      const r = await pipeline({ tool: 'zfs', args: s.send }, { tool: 'zfs', args: s.recv }, {
        signal: job.signal,
        classify: classifyZfs,
        timeoutMs: 24 * 3_600_000,
        onBytes: (n) => {
          sent = base + n;
          job.progress(sent, total === null ? null : Math.max(total, sent), 'bytes');
        },
        onStderr: (c) => job.output('stderr', c.toString('utf8')),
      });
      job.command(r.a.argv);
      job.command(r.b.argv);
      for (const x of [r.a, r.b]) ctx.journal.append({ time: new Date().toISOString(), uid, verb: 'send-receive', argv: x.argv, outcome: 'ok', exitCode: 0, durationMs: Date.now() - started });
    } catch (e) {
      const cmd = (e as { command?: { argv: string[]; exitCode: number | null; stderr: string } }).command;
      ctx.journal.append({
        time: new Date().toISOString(), uid, verb: 'send-receive', argv: cmd?.argv ?? ['zfs', ...s.send], outcome: 'failed',
        exitCode: cmd?.exitCode ?? null, durationMs: Date.now() - started, stderr: cmd?.stderr.slice(0, 4000),
      });
      throw e;
    }
  }
  job.progress(sent, sent, 'bytes');
  return sent;
}
