import { z } from 'zod';
import { CowshedError, ErrorPayload, type ErrorCode } from '../../shared/errors';

/**
 * The helper's wire protocol: newline-delimited JSON frames over stdio (or a pty, or a Unix socket).
 * Every frame is pure ASCII (non-ASCII and DEL are \u-escaped) so a terminal line discipline cannot alter it.
 * The client is untrusted from the helper's side: its frames are small, strict and zod-validated.
 */
export const PROTOCOL_VERSION = 1;
/** Largest frame the helper accepts from the app (requests are small structured arguments). */
export const MAX_REQUEST_FRAME = 64 * 1024;
/** Largest frame the app accepts from the helper (output chunks are split well below this). */
export const MAX_RESPONSE_FRAME = 1024 * 1024;
/** Raw bytes per output frame (base64 grows it by a third). */
export const OUTPUT_CHUNK = 48 * 1024;

const Id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Per-request execution options the app may ask for; the helper clamps them to the verb's limits. */
export const RequestOptions = z
  .object({
    timeoutMs: z.number().int().positive().max(7 * 24 * 3600_000).optional(),
    okExitCodes: z.array(z.number().int().min(0).max(255)).max(16).optional(),
  })
  .strict();
export type RequestOptions = z.infer<typeof RequestOptions>;

/** One helper call: a verb of the closed table with its structured arguments. */
export const RequestFrame = z.object({ t: z.literal('req'), id: Id, verb: z.string().max(64), args: z.unknown(), opts: RequestOptions.optional() }).strict();
/** Two verbs joined stdout → stdin inside the helper (send | receive). */
export const PipeFrame = z
  .object({
    t: z.literal('pipe'),
    id: Id,
    from: z.object({ verb: z.string().max(64), args: z.unknown() }).strict(),
    to: z.object({ verb: z.string().max(64), args: z.unknown() }).strict(),
    opts: RequestOptions.optional(),
  })
  .strict();
export const CancelFrame = z.object({ t: z.literal('cancel'), id: Id }).strict();
/** Everything the app may send. */
export const ClientFrame = z.discriminatedUnion('t', [RequestFrame, PipeFrame, CancelFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** One process the helper ran for a request, as it ended. */
export const CommandOutcome = z.object({ argv: z.array(z.string()), exitCode: z.number().nullable(), signal: z.string().nullable(), stderr: z.string() });
export type CommandOutcome = z.infer<typeof CommandOutcome>;

/** Everything the helper sends. */
export const HelperFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready'), v: z.number(), pid: z.number(), callerUid: z.number() }),
  z.object({ t: z.literal('spawn'), id: Id, argv: z.array(z.string()) }),
  z.object({ t: z.literal('out'), id: Id, stream: z.enum(['stdout', 'stderr']), data: z.string() }),
  z.object({ t: z.literal('progress'), id: Id, bytes: z.number() }),
  z.object({ t: z.literal('done'), id: Id, commands: z.array(CommandOutcome), durationMs: z.number() }),
  z.object({ t: z.literal('error'), id: Id.nullable(), error: ErrorPayload }),
]);
export type HelperFrame = z.infer<typeof HelperFrame>;

/** Encode one frame as an ASCII-only line. */
export function encodeFrame(frame: unknown): string {
  return JSON.stringify(frame).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}

/**
 * Splits a byte/character stream into frames. Oversized lines are dropped up to the next newline and
 * reported once, as are lines with anything but printable ASCII; `\r` before `\n` (a terminal's ONLCR)
 * is ignored.
 */
export class FrameDecoder {
  private buf = '';
  private skipping = false;
  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onBad: (why: 'oversize' | 'not-ascii') => void,
  ) {}

  push(chunk: string | Buffer): void {
    this.buf += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl < 0) break;
      const line = this.buf.slice(0, nl).replace(/\r+$/, '');
      this.buf = this.buf.slice(nl + 1);
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      if (line.length > this.maxBytes) {
        this.onBad('oversize');
        continue;
      }
      if (/[^\x20-\x7e]/.test(line)) {
        this.onBad('not-ascii');
        continue;
      }
      if (line.length) this.onLine(line);
    }
    if (this.buf.length > this.maxBytes) {
      this.buf = '';
      if (!this.skipping) this.onBad('oversize');
      this.skipping = true;
    }
  }
}

/** Turn a zod failure from the helper's schemas into a typed error; shared validators keep their own code. */
export function schemaError(what: string, err: z.ZodError): CowshedError {
  const issue = err.issues[0]!;
  const own = (issue as { params?: { cowshedCode?: ErrorCode } }).params?.cowshedCode;
  const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
  const extra = issue.code === 'unrecognized_keys' ? `: unexpected field ${(issue as { keys?: string[] }).keys?.join(', ')}` : '';
  return new CowshedError(own ?? 'USAGE', `The helper refused ${what}${extra}: ${issue.message}${where}`);
}
