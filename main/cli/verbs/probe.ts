import { CAPABILITY_KEYS } from '../../../shared/domain';
import { table } from '../io';
import { defineVerb } from '../verb';

const SHORT: Record<string, string> = { fileClone: 'reflink', snapshot: 'snap', datasetClone: 'clone', promote: 'promote', rollback: 'rollback', diff: 'diff' };

export const probeVerb = defineVerb({
  name: 'probe',
  summary: 'Mounted filesystems with their capability matrix',
  usage: 'cowshed probe [--json] [--tools]',
  help: 'Every capability that is not available says why (for example "ext4 has no shared extents").',
  flags: { tools: { type: 'boolean', description: 'also list the installed tools and their versions' } },
  positionals: [0, 0],
  async run(args, service, io) {
    const r = await service.call('probe', {});
    if (args.json) {
      io.out(JSON.stringify(args.flags.tools ? r : r.mounts, null, 2) + '\n');
      return 0;
    }
    io.out(
      table(
        ['MOUNTPOINT', 'TYPE', 'SOURCE', ...Object.values(SHORT).map((s) => s.toUpperCase())],
        r.mounts.map((m) => [m.mountpoint, m.fstype, m.source, ...Object.keys(SHORT).map((k) => (m.capabilities[k as keyof typeof m.capabilities].ok ? 'yes' : 'no'))]),
      ),
    );
    const reasons = new Set<string>();
    for (const m of r.mounts)
      for (const k of CAPABILITY_KEYS) {
        const c = m.capabilities[k];
        if (!c.ok && c.reason && (k === 'fileClone' || k === 'snapshot')) reasons.add(`${m.mountpoint}: ${k === 'fileClone' ? 'no reflink' : 'no snapshots'}: ${c.reason}`);
      }
    if (reasons.size) io.out('\n' + [...reasons].join('\n') + '\n');
    if (args.flags.tools) io.out('\n' + table(['TOOL', 'PATH', 'VERSION'], r.tools.map((t) => [t.name + (t.flavor ? ` (${t.flavor})` : ''), t.path ?? 'not installed', t.version])));
    return 0;
  },
});
