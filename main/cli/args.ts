/**
 * Command-line options of a verb, parsed the way `util.parseArgs` does with `strict: true` and positionals
 * allowed (same results, same errors, the same first line of each message), for the options verbs declare.
 * Why not util.parseArgs itself: Node compiles its functions on their first call, outside the code cache the
 * `cowshed` launcher keeps for the bundle, and that first call was ~0.7 ms of every CLI run (second calls take
 * 0.04 ms), a tenth of the budget of a listing verb. The property test in args.test.ts holds the two equal.
 */
export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What util.parseArgs throws: its code and message. */
export class ArgsError extends Error {
  constructor(
    readonly code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' | 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
    message: string,
  ) {
    super(message);
  }
}

const unknown = (raw: string) =>
  new ArgsError(
    'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    `Unknown option '${raw}'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(raw)}`,
  );

/** Parse `args` against `options`: positionals, and option values by long name (a null-prototype object). */
export function parseOptions(args: readonly string[], options: Record<string, OptionSpec>): { values: OptionValues; positionals: string[] } {
  const own = (name: string): OptionSpec | undefined => (Object.hasOwn(options, name) ? options[name] : undefined);
  const byShort = new Map<string, string>();
  for (const name of Object.keys(options)) if (options[name]!.short) byShort.set(options[name]!.short!, name);
  const values = Object.create(null) as OptionValues;
  const positionals: string[] = [];
  const label = (name: string) => (options[name]!.short ? `-${options[name]!.short}, --${name}` : `--${name}`);
  const store = (name: string, value: string | boolean) => {
    if (!options[name]!.multiple) values[name] = value;
    else ((values[name] as (string | boolean)[] | undefined) ?? (values[name] = [])).push(value);
  };
  /** A string option's value from the next argument (`--name VALUE`, `-n VALUE`). */
  const nextValue = (name: string, raw: string, i: number): string => {
    const v = args[i + 1];
    if (v === undefined) throw new ArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${label(name)} <value>' argument missing`);
    if (v.length > 1 && v[0] === '-') {
      const example = raw.startsWith('--') ? `'${raw}=-XYZ'` : `'--${name}=-XYZ' or '${raw}-XYZ'`;
      throw new ArgsError(
        'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
        `Option '${raw}' argument is ambiguous.\nDid you forget to specify the option argument for '${raw}'?\nTo specify an option argument starting with a dash use ${example}.`,
      );
    }
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.length < 2 || a[0] !== '-') {
      positionals.push(a); // "-" alone is a positional too
      continue;
    }
    if (a[1] === '-') {
      // --name, --name=value
      const eq = a.indexOf('=', 3); // a name of one character at least, as util.parseArgs reads it
      const raw = eq < 0 ? a : a.slice(0, eq);
      const name = raw.slice(2);
      const o = own(name);
      if (!o) throw unknown(raw);
      if (o.type === 'boolean') {
        if (eq >= 0) throw new ArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${label(name)}' does not take an argument`);
        store(name, true);
      } else if (eq >= 0) store(name, a.slice(eq + 1));
      else store(name, nextValue(name, raw, i++));
      continue;
    }
    // -x, -xVALUE (x takes a string), -xyz (a group: each a flag, a string option last or taking the rest)
    for (let k = 1; k < a.length; k++) {
      const raw = `-${a[k]}`;
      const name = byShort.get(a[k]!) ?? (own(a[k]!) ? a[k]! : undefined); // as util.parseArgs: -x also names a long option "x"
      if (name === undefined) throw unknown(raw);
      if (options[name]!.type === 'boolean') store(name, true);
      else if (k < a.length - 1) {
        store(name, a.slice(k + 1));
        break;
      } else store(name, nextValue(name, raw, i++));
    }
  }
  return { values, positionals };
}
