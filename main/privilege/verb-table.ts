import { argsSchema, parseArgv, type Args, type VerbSpec } from './grammar';
import { btrfsVerbs } from './verbs/btrfs';
import { mountVerbs } from './verbs/mount';
import { zfsVerbs } from './verbs/zfs';

/** The closed list of verbs the helper accepts. Nothing outside it ever runs as root through Cowshed. */
export const VERBS: ReadonlyMap<string, VerbSpec> = new Map([...zfsVerbs, ...btrfsVerbs, ...mountVerbs].map((v) => [v.verb, v]));

/** The only pipelines the helper builds: a stream source into its matching sink. */
export const PIPES: ReadonlySet<string> = new Set(['zfs.send|zfs.receive', 'btrfs.send|btrfs.receive', 'btrfs.send|btrfs.receive.dump']);

/** A provider's command recognised as a helper verb with structured arguments. */
export interface Matched {
  spec: VerbSpec;
  args: Args;
}

const toolName = (tool: string) => (tool.startsWith('/') ? tool.slice(tool.lastIndexOf('/') + 1) : tool);

/**
 * Recognise `tool args…` as a verb of the table (app side). Null when no verb fits or the arguments break
 * the verb's grammar: such a command can only ever run as the user.
 */
export function matchCommand(tool: string, args: readonly string[]): Matched | null {
  const name = toolName(tool);
  for (const spec of VERBS.values()) {
    if (spec.tool !== name) continue;
    const parsed = parseArgv(spec, args);
    if (parsed && argsSchema(spec).safeParse(parsed).success) return { spec, args: parsed };
  }
  return null;
}

/** Recognise `a | b` as an allowed helper pipeline. */
export function matchPipeline(a: { tool: string; args: readonly string[] }, b: { tool: string; args: readonly string[] }): { from: Matched; to: Matched } | null {
  const from = matchCommand(a.tool, a.args);
  const to = matchCommand(b.tool, b.args);
  if (!from || !to || !PIPES.has(`${from.spec.verb}|${to.spec.verb}`)) return null;
  return { from, to };
}
