import type { Plan } from '../../shared/domain';
import type { Service } from '../core/service';
import { bytes, throwIfFailed, waitForJob, type CliIO } from './io';
import type { VerbArgs } from './verb';

/** Human text of a plan: what goes, what blocks, the exact commands. */
export function formatPlan(p: Plan): string {
  const lines = [p.title, ''];
  for (const s of p.summary) lines.push(s);
  if (p.items.length) {
    lines.push('', 'Affected:');
    for (const i of p.items) lines.push(`  ${i.action.padEnd(8)} ${i.type.padEnd(10)} ${i.label}${i.bytes != null ? `  (${bytes(i.bytes)})` : ''}${i.note ? `  — ${i.note}` : ''}`);
  }
  if (p.blockers.length) {
    lines.push('', 'Blocked:');
    for (const b of p.blockers) lines.push(`  ${b.code}: ${b.message}`);
  }
  if (p.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of p.warnings) lines.push(`  ${w}`);
  }
  if (p.bytesFreed != null) lines.push('', `Space expected back: ${bytes(p.bytesFreed)}`);
  if (p.commands.length) {
    lines.push('', 'Commands:');
    for (const c of p.commands) lines.push('  ' + c.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Flags shared by every plan verb. */
export const planFlags = {
  'dry-run': { type: 'boolean' as const, short: 'n', description: 'print the plan and change nothing (the default without --yes)' },
  yes: { type: 'boolean' as const, short: 'y', description: 'commit the plan (refused if anything it names changed since)' },
};

/**
 * Print a plan (--dry-run, or no --yes), or commit it (--yes) and wait for the job.
 * --yes stands for the typed-name confirmation: the user named the target on the command line.
 */
export async function planOrCommit(plan: Plan, args: VerbArgs, service: Service, io: CliIO): Promise<number> {
  if (!args.flags.yes || args.flags['dry-run']) {
    if (args.json) io.out(JSON.stringify(plan, null, 2) + '\n');
    else {
      io.out(formatPlan(plan));
      if (!args.flags['dry-run']) io.out('\nNothing was changed. Run again with --yes to carry out this plan.\n');
    }
    return 0;
  }
  const job = await service.call('commitPlan', { planId: plan.id, confirm: plan.confirmText ?? undefined });
  const end = await waitForJob(service, job, io, args.json);
  throwIfFailed(end);
  if (args.json) io.out(JSON.stringify({ plan, job: end }, null, 2) + '\n');
  else {
    io.out(`Done: ${plan.title}\n`);
    const r = end.result as { notes?: string[] } | undefined;
    for (const n of r?.notes ?? []) io.out(`  ${n}\n`);
  }
  return 0;
}
