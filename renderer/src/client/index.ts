import {
  EVENT_NAMES, eventFunctionName, WS_PATH,
  type BridgeResult, type CowshedClient, type EventName, type EventPayload, type MethodName, type Req, type Res, type WireReply, type WireEvent,
} from '../../../shared/contract/index';
import { CowshedError, type ErrorPayload } from '../../../shared/errors';

/** What the Electron preload exposes on window.cowshed: one named function per method and per event. */
export type PreloadBridge = { [M in MethodName]: (req: Req<M>) => Promise<BridgeResult<Res<M>>> } & {
  [k: string]: unknown;
};

declare global {
  interface Window {
    cowshed?: PreloadBridge;
  }
}

const toError = (e: ErrorPayload) => new CowshedError(e.code, e.message, { command: e.command, details: e.details });

/** The client over the Electron preload bridge. */
export function bridgeClient(bridge: PreloadBridge): CowshedClient {
  return {
    async call(method, request) {
      const fn = bridge[method] as unknown as (r: unknown) => Promise<BridgeResult<never>>;
      const r = await fn(request);
      if (!r.ok) throw toError(r.error);
      return r.result;
    },
    on(event, listener) {
      const fn = bridge[eventFunctionName(event)] as (l: (p: unknown) => void) => () => void;
      return fn((p) => listener(p as never));
    },
  };
}

/** The client over serve mode's WebSocket (the session cookie authenticates the upgrade). */
export function socketClient(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`): CowshedClient & { ready: Promise<void> } {
  let ws: WebSocket;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const queue: string[] = [];
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  let retry = 250;

  const connect = () => {
    ws = new WebSocket(url);
    ws.onopen = () => {
      retry = 250;
      readyResolve();
      for (const m of queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as WireReply | WireEvent;
      if ('event' in msg) {
        for (const l of listeners.get(msg.event as EventName) ?? []) l(msg.payload);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(toError(msg.error));
    };
    ws.onclose = () => {
      for (const [, p] of pending) p.reject(new CowshedError('INTERNAL', 'The connection to Cowshed was lost. Reconnecting…'));
      pending.clear();
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect();

  return {
    ready,
    call<M extends MethodName>(method: M, request: Req<M>): Promise<Res<M>> {
      const id = nextId++;
      const text = JSON.stringify({ id, method, params: request });
      return new Promise<Res<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    on<E extends EventName>(event: E, listener: (p: EventPayload<E>) => void) {
      if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${event}`);
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}

/** Native dialogs of the desktop window; null in serve mode (the UI then offers its own folder picker). */
export interface NativeDialogs {
  /** The OS folder chooser: the chosen absolute path, or null when cancelled. */
  chooseFolder(opts?: { title?: string; defaultPath?: string; buttonLabel?: string }): Promise<string | null>;
}

export function nativeDialogs(): NativeDialogs | null {
  const fn = window.cowshed?.chooseFolder as ((opts: unknown) => Promise<BridgeResult<string | null>>) | undefined;
  if (typeof fn !== 'function') return null;
  return {
    async chooseFolder(opts = {}) {
      const r = await fn(opts);
      if (!r.ok) throw toError(r.error);
      return r.result;
    },
  };
}

let client: CowshedClient | null = null;

/** The one client the renderer uses: the preload bridge in Electron, the WebSocket in a browser. */
export function getClient(): CowshedClient {
  if (!client) client = window.cowshed ? bridgeClient(window.cowshed) : socketClient();
  return client;
}

/** Replace the client (component tests). */
export function setClient(c: CowshedClient): void {
  client = c;
}
