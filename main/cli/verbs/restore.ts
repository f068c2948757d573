import type { CloneResult } from '../../../shared/contract/clone';
import { CowshedError } from '../../../shared/errors';
import { throwIfFailed } from '../io';
import { formatPlan } from '../plan-output';
import { defineVerb } from '../verb';
import { cliPath, formatResult, waitCancellable } from './clone';

export const restoreVerb = defineVerb({
  name: 'restore',
  summary: 'Restore a file or folder from a snapshot by reflink',
  usage: 'cowshed restore FILE --from SNAPSHOT [--to DEST] [--overwrite --yes] [--dry-run] [--json]',
  help: [
    'FILE is the live path; its version in SNAPSHOT (a btrfs snapshot path, btrfs:<mountpoint>:<path>, or zfs:pool/ds@snap)',
    'is cloned back by reflink (a copy where blocks cannot be shared, and it says so). When FILE exists, the current',
    'version is kept as "name (before restore)"; with --overwrite it is replaced, which needs --yes after checking the plan.',
  ].join('\n'),
  flags: {
    from: { type: 'string', description: 'the snapshot to restore from (required)' },
    to: { type: 'string', description: 'restore to this path instead of FILE' },
    overwrite: { type: 'boolean', description: 'replace what is at the destination instead of keeping it as "(before restore)"' },
    yes: { type: 'boolean', short: 'y', description: 'confirm a plan that replaces something' },
    'dry-run': { type: 'boolean', short: 'n', description: 'print the plan and change nothing' },
  },
  positionals: [1, 1],
  async run(args, service, io) {
    const from = args.flags.from as string | undefined;
    if (!from) throw new CowshedError('USAGE', 'Say which snapshot to restore from: --from SNAPSHOT.');
    const plan = await service.call('planRestore', {
      path: cliPath(args.positionals[0]!),
      snapshot: from.startsWith('/') || from.includes(':') || from.includes('@') ? from : cliPath(from),
      ...(args.flags.to ? { to: cliPath(args.flags.to as string) } : {}),
      mode: args.flags.overwrite ? 'overwrite' : 'keep-both',
    });
    const replaces = plan.items.some((i) => i.action === 'replace');
    if (args.flags['dry-run'] || (replaces && !args.flags.yes)) {
      // A ZFS snapshot may be served by a temporary clone while the plan exists: let it go now.
      if (/^zfs:|@/.test(from)) await service.call('releaseSnapshot', { snapshot: from.startsWith('zfs:') ? from : `zfs:${from}` }).catch(() => undefined);
      io.out(args.json ? JSON.stringify(plan, null, 2) + '\n' : formatPlan(plan));
      if (args.flags['dry-run']) return 0;
      throw new CowshedError('CONFIRMATION_REQUIRED', 'This restore replaces the current version: nothing was changed. Run again with --yes to carry it out.');
    }
    const job = await service.call('commitPlan', { planId: plan.id });
    const end = await waitCancellable(service, job, io, args.json);
    throwIfFailed(end);
    const result = end.result as CloneResult;
    io.out(args.json ? JSON.stringify({ plan, result }, null, 2) + '\n' : formatResult(result, null).replace(/^Cloned/, 'Restored'));
    return 0;
  },
});
