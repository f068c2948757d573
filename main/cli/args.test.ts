import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOptions, type OptionSpec } from './args';

// Options like the verbs' (booleans with and without short names, strings, a repeatable string), plus a
// string with a short name and a one-letter long name, which util.parseArgs also reads as "-x".
const OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean' },
  recursive: { type: 'boolean', short: 'r' },
  'dry-run': { type: 'boolean', short: 'n' },
  yes: { type: 'boolean', short: 'y' },
  name: { type: 'string' },
  tag: { type: 'string', short: 't' },
  exclude: { type: 'string', multiple: true },
  q: { type: 'boolean' },
};

/** What util.parseArgs says: the result, or the error's code and first line. */
function node(args: string[]): unknown {
  try {
    const r = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message.split('\n')[0] };
  }
}
function ours(args: string[]): unknown {
  try {
    const r = parseOptions(args, OPTIONS);
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message.split('\n')[0] };
  }
}

const TOKENS = [
  '--json', '--json=1', '--recursive', '-r', '-n', '-rn', '-nry', '-y', '-ry=', '--dry-run', '--yes', '--name', '--name=x',
  '--name=', '--name=-x', '--tag', '-t', '-tv', '-rtv', '-tr', '--exclude', '--exclude=a', '-q', '-rq', '--q', '--bogus',
  '--bogus=1', '-z', '-rz', '--', '-', '--=x', '---x', 'pos', '/mnt/a b', '-5', 'value', '--constructor', '--__proto__', '-é',
];

describe('parseOptions = util.parseArgs (strict, positionals allowed)', () => {
  it('agrees on any argument list made of options, values, positionals and mistakes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })), { maxLength: 7 }), (args) => {
        expect(ours(args)).toEqual(node(args));
      }),
      { numRuns: 5000 },
    );
  });

  it('examples', () => {
    expect(parseOptions(['-rn', '/a', '--name', 'x', '--exclude=a', '--exclude', 'b', '--', '--json'], OPTIONS)).toEqual({
      values: Object.assign(Object.create(null), { recursive: true, 'dry-run': true, name: 'x', exclude: ['a', 'b'] }),
      positionals: ['/a', '--json'],
    });
    expect(() => parseOptions(['--bogus'], OPTIONS)).toThrow("Unknown option '--bogus'");
    expect(() => parseOptions(['--name'], OPTIONS)).toThrow("Option '--name <value>' argument missing");
    expect(() => parseOptions(['--name', '-r'], OPTIONS)).toThrow("Option '--name' argument is ambiguous.");
    expect(() => parseOptions(['--json=yes'], OPTIONS)).toThrow("Option '--json' does not take an argument");
  });
});
