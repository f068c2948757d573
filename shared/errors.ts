import { z } from 'zod';

/** Every error Cowshed reports carries one of these codes. */
export const ErrorCode = z.enum([
  'USAGE', // unknown verb, missing or malformed argument
  'INVALID_NAME', // a ZFS / btrfs / file name that breaks the naming rules
  'INVALID_PATH', // a path that is malformed (relative, control chars, ..)
  'PATH_NOT_FOUND', // a path given by the user does not exist
  'OUTSIDE_MOUNTS', // a path that is not on a managed (supported) filesystem
  'NOT_FOUND', // a volume / snapshot / job that no longer exists
  'EXISTS', // destination already exists
  'NOT_SUPPORTED', // the filesystem or tool cannot do this
  'NEEDS_ADMIN', // root is needed and not available
  'BUSY', // dataset / subvolume busy
  'HAS_CLONES', // snapshot has dependent clones
  'HAS_CHILDREN', // dataset has children / subvolume has nested subvolumes
  'HELD', // snapshot has user holds
  'MOUNTED', // target is mounted and cannot be removed
  'IS_DEFAULT', // btrfs default subvolume
  'READ_ONLY', // read-only filesystem or snapshot
  'RECEIVED', // btrfs received subvolume: flipping read-only breaks incremental send
  'CROSS_DEVICE', // different filesystems
  'NO_SPACE', // ENOSPC
  'PLAN_STALE', // the world changed since the plan was made
  'PLAN_NOT_FOUND', // unknown or expired plan id
  'CONFIRMATION_REQUIRED', // plan needs the typed name / --yes
  'CANCELLED',
  'TIMEOUT',
  'TOOL_MISSING', // btrfs-progs / zfs not installed
  'COMMAND_FAILED', // a command failed for a reason we could not classify
  'UNAUTHORIZED', // serve mode: token / origin / host
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Codes that mean "the caller asked for something malformed": CLI exit 2. */
export const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'INVALID_NAME',
  'INVALID_PATH',
  'PATH_NOT_FOUND',
  'OUTSIDE_MOUNTS',
]);

/** The failed command behind an error, one click away in the UI. */
export const FailedCommand = z.object({
  argv: z.array(z.string()),
  exitCode: z.number().nullable(),
  signal: z.string().nullable().optional(),
  stderr: z.string(),
});
export type FailedCommand = z.infer<typeof FailedCommand>;

/** The wire shape of an error (CLI --json stderr, IPC, WebSocket). */
export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  command: FailedCommand.optional(),
  details: z.unknown().optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** A typed error with a sentence a person understands. */
export class CowshedError extends Error {
  readonly code: ErrorCode;
  readonly command?: FailedCommand;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, opts: { command?: FailedCommand; details?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CowshedError';
    this.code = code;
    this.command = opts.command;
    this.details = opts.details;
  }
  toPayload(): ErrorPayload {
    const p: ErrorPayload = { code: this.code, message: this.message };
    if (this.command) p.command = this.command;
    if (this.details !== undefined) p.details = this.details;
    return p;
  }
}

/** Turn anything thrown into the wire shape. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof CowshedError) return e.toPayload();
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const parsed = ErrorPayload.safeParse(e);
    if (parsed.success) return parsed.data;
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message };
}

/** Exhaustiveness check for closed switches over tagged unions. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(x)}`);
}
