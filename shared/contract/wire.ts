import { z } from 'zod';
import { ErrorPayload } from '../errors';

/**
 * The wire format shared by the WebSocket door (serve mode) and the preload bridge's replies.
 * Client → server: a request. Server → client: a reply to that id, or an event.
 */
export const WireRequest = z.lazy(() => z.object({ id: z.number().int().nonnegative(), method: z.string().max(64), params: z.unknown() }).strict());
export type WireRequest = z.infer<typeof WireRequest>;

export const WireReply = z.lazy(() =>
  z.union([
    z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
    z.object({ id: z.number(), ok: z.literal(false), error: ErrorPayload }),
  ]),
);
export type WireReply = z.infer<typeof WireReply>;

export const WireEvent = z.lazy(() => z.object({ event: z.string(), payload: z.unknown() }));
export type WireEvent = z.infer<typeof WireEvent>;

/** A preload / IPC result: errors travel as data so their codes survive (Electron drops custom error fields). */
export type BridgeResult<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

/** The WebSocket path in serve mode. */
export const WS_PATH = '/ws';
/** The session cookie set after the per-launch token is exchanged. */
export const SESSION_COOKIE = 'cowshed_session';

/** Name of the preload function for an event: jobUpdated → onDidJobUpdated. */
export const eventFunctionName = (event: string): string => `onDid${event[0]!.toUpperCase()}${event.slice(1)}`;
