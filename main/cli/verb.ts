import type { Service } from '../core/service';
import type { CliIO } from './io';

export type FlagSpec = { type: 'boolean' | 'string'; short?: string; description: string; multiple?: boolean };

/** Parsed arguments of a verb. */
export interface VerbArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
}

/** One CLI verb: its help text, flags and body. Return the exit code. */
export interface Verb {
  name: string;
  summary: string;
  usage: string;
  /** Extra help paragraphs. */
  help?: string;
  flags: Record<string, FlagSpec>;
  /** Number of positionals: [min, max]. */
  positionals: [number, number];
  run(args: VerbArgs, service: Service, io: CliIO): Promise<number>;
}

export const defineVerb = (v: Verb): Verb => v;
