import { CowshedError } from '../../shared/errors';
import { Service } from '../core/service';
import { parseOptions } from './args';
import { processIO, reportError, type CliIO } from './io';
import type { Verb, VerbArgs } from './verb';
import { verbs } from './verbs/index';

function mainHelp(): string {
  const w = Math.max(...verbs.map((v) => v.name.length));
  return [
    'cowshed: snapshots and clones for copy-on-write filesystems (btrfs, ZFS, XFS reflink)',
    '',
    'Usage: cowshed <verb> [args] [--json]',
    '',
    'Verbs:',
    ...verbs.map((v) => `  ${v.name.padEnd(w)}  ${v.summary}`),
    '',
    'Targets: a path inside a mount, btrfs:<mountpoint>:<subvolume path>, or zfs:<dataset>[@snapshot].',
    'Exit codes: 0 success, 1 the operation failed, 2 bad input.',
    'Run `cowshed <verb> --help` for a verb\'s options.',
    '',
  ].join('\n');
}

function verbHelp(v: Verb): string {
  const flags = Object.entries(v.flags).map(([k, f]) => `  --${k}${f.type === 'string' ? ' VALUE' : ''}${f.short ? `, -${f.short}` : ''}\n      ${f.description}`);
  return [`${v.summary}`, '', `Usage: ${v.usage}`, ...(v.help ? ['', v.help] : []), '', 'Options:', ...flags, '  --json\n      one JSON document on stdout; errors as JSON on stderr', '  --help\n      this help', ''].join('\n');
}

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[], io: CliIO = processIO, service?: Service): Promise<number> {
  const json = argv.includes('--json');
  const [verbName, ...rest] = argv;
  if (!verbName || verbName === '--help' || verbName === '-h' || verbName === 'help') {
    io.out(mainHelp());
    return verbName ? 0 : 2;
  }
  if (verbName === '--version') {
    io.out('cowshed 0.1.0\n');
    return 0;
  }
  const verb = verbs.find((v) => v.name === verbName);
  try {
    if (!verb) throw new CowshedError('USAGE', `Unknown verb "${verbName}". Run \`cowshed --help\` for the list.`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(verbHelp(verb));
      return 0;
    }
    let parsed: ReturnType<typeof parseOptions>;
    try {
      parsed = parseOptions(rest, { json: { type: 'boolean' }, ...verb.flags });
    } catch (e) {
      throw new CowshedError('USAGE', `${(e as Error).message.split('\n')[0]}\nUsage: ${verb.usage}`);
    }
    const [min, max] = verb.positionals;
    if (parsed.positionals.length < min) throw new CowshedError('USAGE', `Missing argument.\nUsage: ${verb.usage}`);
    if (parsed.positionals.length > max) throw new CowshedError('USAGE', `Too many arguments.\nUsage: ${verb.usage}`);
    const args: VerbArgs = { positionals: parsed.positionals, flags: parsed.values as VerbArgs['flags'], json };
    return await verb.run(args, service ?? new Service(), io);
  } catch (e) {
    return reportError(io, e, json);
  }
}
