import { planFlags, planOrCommit } from '../plan-output';
import { defineVerb } from '../verb';

export const destroyVerb = defineVerb({
  name: 'destroy',
  summary: 'Destroy a snapshot, dataset or subvolume (plan first)',
  usage: 'cowshed destroy TARGET [--dry-run | --yes] [--recursive] [--recursive-dependents] [--json]',
  help: 'Without --yes, prints the plan: every snapshot, child and clone that would go, holds that block it, the exact commands.',
  flags: {
    ...planFlags,
    recursive: { type: 'boolean', short: 'r', description: 'also destroy children / nested subvolumes' },
    'recursive-dependents': { type: 'boolean', short: 'R', description: 'also destroy clones that depend on the snapshots (ZFS)' },
  },
  positionals: [1, 1],
  async run(args, service, io) {
    const plan = await service.call('planDestroy', {
      target: args.positionals[0]!,
      recursive: Boolean(args.flags.recursive),
      recursiveDependents: Boolean(args.flags['recursive-dependents']),
    });
    return planOrCommit(plan, args, service, io);
  },
});

export const rollbackVerb = defineVerb({
  name: 'rollback',
  summary: 'Roll a volume back to a snapshot (plan first; takes a safety snapshot)',
  usage: 'cowshed rollback SNAPSHOT [--dry-run | --yes] [--force] [--json]',
  help: 'The plan lists the newer snapshots (and their clones) that rollback destroys. Consider `cowshed clone SNAPSHOT` ("restore as clone") instead.',
  flags: { ...planFlags, force: { type: 'boolean', description: 'also destroy newer snapshots and their clones (as the plan lists)' } },
  positionals: [1, 1],
  async run(args, service, io) {
    const plan = await service.call('planRollback', { snapshot: args.positionals[0]!, force: Boolean(args.flags.force) });
    return planOrCommit(plan, args, service, io);
  },
});

export const promoteVerb = defineVerb({
  name: 'promote',
  summary: 'Promote a clone: the dependency on its origin reverses (plan first)',
  usage: 'cowshed promote CLONE [--dry-run | --yes] [--json]',
  flags: { ...planFlags },
  positionals: [1, 1],
  async run(args, service, io) {
    const plan = await service.call('planPromote', { target: args.positionals[0]! });
    return planOrCommit(plan, args, service, io);
  },
});

export const detachVerb = defineVerb({
  name: 'detach',
  summary: 'Make a clone independent of its origin by send/receive (plan first)',
  usage: 'cowshed detach CLONE [--dry-run | --yes] [--swap] [--json]',
  help: 'Copies the clone into a new dataset with no origin and verifies it. With --swap, the new dataset takes the clone\'s name and the old clone is destroyed.',
  flags: { ...planFlags, swap: { type: 'boolean', description: 'swap names and destroy the old clone after verifying' } },
  positionals: [1, 1],
  async run(args, service, io) {
    const plan = await service.call('planDetach', { target: args.positionals[0]!, swap: Boolean(args.flags.swap) });
    return planOrCommit(plan, args, service, io);
  },
});
