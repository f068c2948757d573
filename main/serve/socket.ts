import type { WebSocket } from 'ws';
import { WireRequest, type WireEvent, type WireReply } from '../../shared/contract/index';
import { CowshedError, toErrorPayload } from '../../shared/errors';
import { dispatchCall, type CallTarget } from '../app/call-dispatch';

/** Largest message a client may send (ws closes the socket with 1009 above it). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Calls one socket may have running at once (long-polls such as `job {wait:true}` count). */
export const MAX_IN_FLIGHT = 64;
/** A socket whose unsent data passes this is too slow to keep: it is closed and reconnects. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

function send(ws: WebSocket, msg: WireReply | WireEvent): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  let text: string;
  try {
    text = JSON.stringify(msg);
  } catch (e) {
    if (!('id' in msg)) return;
    text = JSON.stringify({ id: msg.id, ok: false, error: toErrorPayload(new CowshedError('INTERNAL', `The reply could not be encoded: ${(e as Error).message}`)) });
  }
  ws.send(text);
}

/**
 * Serve the contract on one authenticated socket: every message must be a WireRequest (text, JSON, at most
 * MAX_MESSAGE_BYTES); the method must be in the contract and the Service validates the params.
 */
export function serveSocket(ws: WebSocket, service: CallTarget): void {
  let inFlight = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'Text messages only');
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    } catch {
      ws.close(1007, 'Not JSON');
      return;
    }
    const req = WireRequest.safeParse(msg);
    if (!req.success) {
      const id = (msg as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0)
        send(ws, { id, ok: false, error: new CowshedError('USAGE', 'Malformed request: expected {id, method, params}.').toPayload() });
      else ws.close(1008, 'Malformed request');
      return;
    }
    const { id, method, params } = req.data;
    if (inFlight >= MAX_IN_FLIGHT) {
      send(ws, { id, ok: false, error: new CowshedError('BUSY', `Too many requests at once (more than ${MAX_IN_FLIGHT}).`).toPayload() });
      return;
    }
    inFlight++;
    void dispatchCall(service, method, params).then((r) => {
      inFlight--;
      send(ws, r.ok ? { id, ok: true, result: r.result } : { id, ok: false, error: r.error });
    });
  });
}

/** Push one event to a socket. */
export function sendEvent(ws: WebSocket, event: string, payload: unknown): void {
  send(ws, { event, payload });
}
