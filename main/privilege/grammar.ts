import { z } from 'zod';
import { CowshedError } from '../../shared/errors';
import type { MountInfo } from '../core/probe/mountinfo';

/**
 * The argument grammar of the helper's verbs. One declaration per verb gives: the strict zod schema of its
 * structured arguments (what crosses the wire), the parser that turns a provider's argv into those arguments
 * (app side), and the builder that turns validated arguments back into argv (helper side).
 */

/** What semantic checks may consult, read by the helper itself for each request. */
export interface CheckEnv {
  mounts: MountInfo[];
}

/** A typed argument value: its schema (with the shared validators), argv conversion and helper-side check. */
export interface ValueType<T extends string | number = string | number> {
  label: string;
  schema: z.ZodType<T>;
  /** Convert an argv token; undefined when the token cannot be this type. */
  fromToken(s: string): T | undefined;
  toToken(v: T): string;
  /** Helper-side check beyond syntax (canonical path, right filesystem…); throws a CowshedError. */
  check?(v: T, env: CheckEnv): void;
}

/** A flag: its spellings (first is canonical), and a value type when it takes one. */
export interface FlagSpec {
  names: readonly string[];
  value?: ValueType;
  multiple?: boolean;
  /** Emit `--name=value` rather than two tokens. */
  joined?: boolean;
}

/** A positional: one value, an optional one, or the rest (variadic, at most `max`). */
export interface PosSpec {
  key: string;
  type: ValueType;
  variadic?: boolean;
  optional?: boolean;
  max?: number;
}

export type Args = Record<string, unknown>;
export type ToolName = 'zfs' | 'zpool' | 'btrfs' | 'mount' | 'umount';

/** One entry of the closed verb table. */
export interface VerbSpec {
  verb: string;
  doc: string;
  tool: ToolName;
  sub: readonly string[];
  flags: Record<string, FlagSpec>;
  positionals: readonly PosSpec[];
  /** Reads change nothing; writes are journaled as mutations. */
  access: 'read' | 'write';
  /** Try as the user first ("try": works with delegation / own subvolumes), or go straight to the helper. */
  asUser: 'try' | 'never';
  /** Only valid as one side of a pipe frame (send | receive). */
  pipe?: 'source' | 'sink';
  /** Destructive verbs bind to a plan's identities (`expect`), re-checked by the helper before running. */
  plan?: 'required' | 'optional';
  timeoutMs: number;
  maxTimeoutMs: number;
  /** Cross-argument checks in the helper (same pool, plan identities…), after the value checks. */
  check?(args: Args, env: CheckEnv): Promise<void> | void;
}

/** A plan identity the app passes with a destructive verb: a ZFS name + guid, or a btrfs subvolume uuid. */
export const ExpectItem = z
  .object({
    name: z.string().min(1).max(4096).optional(),
    guid: z.string().regex(/^\d{1,20}$/).optional(),
    uuid: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/).optional(),
  })
  .strict();
export type ExpectItem = z.infer<typeof ExpectItem>;
export const Expect = z.array(ExpectItem).min(1).max(100_000);

const schemas = new WeakMap<VerbSpec, z.ZodType<Args>>();

/** The strict schema of a verb's structured arguments (no unknown field passes). */
export function argsSchema(spec: VerbSpec): z.ZodType<Args> {
  const hit = schemas.get(spec);
  if (hit) return hit;
  const shape: Record<string, z.ZodType> = {};
  for (const [key, f] of Object.entries(spec.flags)) {
    shape[key] = (!f.value ? z.literal(true) : f.multiple ? z.array(f.value.schema).min(1).max(64) : f.value.schema).optional();
  }
  for (const p of spec.positionals) {
    const s = p.variadic ? z.array(p.type.schema).min(p.optional ? 0 : 1).max(p.max ?? 256) : p.type.schema;
    shape[p.key] = p.optional ? s.optional() : s;
  }
  if (spec.plan) shape.expect = Expect.optional();
  const schema = z.object(shape).strict() as unknown as z.ZodType<Args>;
  schemas.set(spec, schema);
  return schema;
}

function findFlag(spec: VerbSpec, name: string): [string, FlagSpec] | null {
  for (const [key, f] of Object.entries(spec.flags)) if (f.names.includes(name)) return [key, f];
  return null;
}

function setFlag(out: Args, key: string, f: FlagSpec, token: string | undefined): boolean {
  if (!f.value) {
    out[key] = true;
    return true;
  }
  if (token === undefined) return false;
  const v = f.value.fromToken(token);
  if (v === undefined) return false;
  if (f.multiple) out[key] = [...((out[key] as unknown[]) ?? []), v];
  else if (key in out) return false;
  else out[key] = v;
  return true;
}

/** Parse a provider's argv (after the tool) into this verb's arguments; null when it does not fit. */
export function parseArgv(spec: VerbSpec, argv: readonly string[]): Args | null {
  if (argv.length < spec.sub.length || spec.sub.some((s, i) => argv[i] !== s)) return null;
  const rest = argv.slice(spec.sub.length);
  const out: Args = {};
  const pos: string[] = [];
  let onlyPos = false;
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (!onlyPos && t === '--') {
      onlyPos = true;
    } else if (!onlyPos && t.startsWith('--')) {
      const eq = t.indexOf('=');
      const hit = findFlag(spec, eq < 0 ? t : t.slice(0, eq));
      if (!hit) return null;
      if (!hit[1].value && eq >= 0) return null;
      if (!setFlag(out, hit[0], hit[1], hit[1].value ? (eq >= 0 ? t.slice(eq + 1) : rest[++i]) : undefined)) return null;
    } else if (!onlyPos && t.startsWith('-') && t.length > 1) {
      const exact = findFlag(spec, t);
      if (exact) {
        if (!setFlag(out, exact[0], exact[1], exact[1].value ? rest[++i] : undefined)) return null;
        continue;
      }
      for (let j = 1; j < t.length; j++) {
        const hit = findFlag(spec, '-' + t[j]);
        if (!hit) return null;
        if (hit[1].value) {
          if (!setFlag(out, hit[0], hit[1], t.length > j + 1 ? t.slice(j + 1) : rest[++i])) return null;
          break;
        }
        setFlag(out, hit[0], hit[1], undefined);
      }
    } else {
      pos.push(t);
    }
  }
  let k = 0;
  for (const [n, p] of spec.positionals.entries()) {
    const fixedAfter = spec.positionals.slice(n + 1).filter((q) => !q.variadic && !q.optional).length;
    const take = p.variadic ? Math.max(0, pos.length - k - fixedAfter) : k < pos.length ? 1 : 0;
    if (take === 0 && !p.optional && !p.variadic) return null;
    const vals: (string | number)[] = [];
    for (const s of pos.slice(k, k + take)) {
      const v = p.type.fromToken(s);
      if (v === undefined) return null;
      vals.push(v);
    }
    k += take;
    if (p.variadic) {
      if (vals.length || !p.optional) out[p.key] = vals;
    } else if (vals.length) out[p.key] = vals[0];
  }
  return k === pos.length ? out : null;
}

/** Build argv (after the tool) from validated arguments: canonical flag spellings, flags before positionals. */
export function buildArgv(spec: VerbSpec, args: Args): string[] {
  const argv = [...spec.sub];
  for (const [key, f] of Object.entries(spec.flags)) {
    const v = args[key];
    if (v === undefined) continue;
    if (!f.value) {
      argv.push(f.names[0]!);
      continue;
    }
    for (const one of (f.multiple ? v : [v]) as (string | number)[]) {
      const tok = f.value.toToken(one);
      if (f.joined) argv.push(`${f.names[0]}=${tok}`);
      else argv.push(f.names[0]!, tok);
    }
  }
  for (const p of spec.positionals) {
    const v = args[p.key];
    if (v === undefined) continue;
    for (const one of (p.variadic ? v : [v]) as (string | number)[]) argv.push(p.type.toToken(one));
  }
  return argv;
}

/** Run every value's helper-side check, then the verb's own. */
export async function checkArgs(spec: VerbSpec, args: Args, env: CheckEnv): Promise<void> {
  const each = (t: ValueType | undefined, v: unknown) => {
    if (t?.check && v !== undefined) for (const one of Array.isArray(v) ? v : [v]) t.check(one as never, env);
  };
  for (const [key, f] of Object.entries(spec.flags)) each(f.value, args[key]);
  for (const p of spec.positionals) each(p.type, args[p.key]);
  await spec.check?.(args, env);
}

/** The identities a destructive verb was given, or a typed refusal. */
export function requireExpect(args: Args, what: string): ExpectItem[] {
  const e = args.expect as ExpectItem[] | undefined;
  if (!e?.length)
    throw new CowshedError('PLAN_NOT_FOUND', `The helper refuses to ${what} without a plan: it needs the identities (guid / uuid) the plan was made from.`);
  return e;
}
