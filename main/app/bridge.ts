import { z } from 'zod';
import { EVENT_NAMES, METHOD_NAMES, eventFunctionName, type BridgeResult } from '../../shared/contract/index';
import { AbsolutePath } from '../../shared/validate';

/** The IPC channel of one contract method: one channel per method, never a generic one. */
export const methodChannel = (method: string): string => `cowshed:${method}`;
/** The IPC channel main uses to push one event to the window. */
export const eventChannel = (event: string): string => `cowshed-event:${event}`;

/**
 * Desktop-only functions the preload exposes beside the contract (serve mode has no native dialogs,
 * so they stay out of the contract). Each has its own channel and a request schema main validates.
 */
export const NATIVE_FUNCTIONS = {
  chooseFolder: {
    channel: 'cowshed-native:chooseFolder',
    request: z
      .object({ title: z.string().max(200).optional(), defaultPath: AbsolutePath.optional(), buttonLabel: z.string().max(60).optional() })
      .strict(),
  },
} as const;
export type NativeFunctionName = keyof typeof NATIVE_FUNCTIONS;
export const NATIVE_FUNCTION_NAMES = Object.keys(NATIVE_FUNCTIONS) as NativeFunctionName[];

/** The little of ipcRenderer the bridge uses (injected: the preload passes wrappers, tests pass fakes). */
export interface BridgeIpc {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Subscribe to a channel; the handler gets the payload only, never the IPC event. */
  subscribe(channel: string, handler: (payload: unknown) => void): void;
}

type Listener = (payload: unknown) => void;

/**
 * Build window.cowshed: one named function per contract method (`probe(req)`), one per native function
 * (`chooseFolder(opts)`) and one `onDid<Event>(listener) => unsubscribe` per event. Nothing else:
 * no generic invoke, no channel names, no ipcRenderer.
 */
export function buildBridge(ipc: BridgeIpc): Readonly<Record<string, (arg: never) => unknown>> {
  const bridge: Record<string, (arg: never) => unknown> = {};
  for (const m of METHOD_NAMES) {
    const channel = methodChannel(m);
    bridge[m] = (request: unknown) => ipc.invoke(channel, request) as Promise<BridgeResult<unknown>>;
  }
  for (const n of NATIVE_FUNCTION_NAMES) {
    const channel = NATIVE_FUNCTIONS[n].channel;
    bridge[n] = (request: unknown) => ipc.invoke(channel, request ?? {}) as Promise<BridgeResult<unknown>>;
  }
  for (const e of EVENT_NAMES) {
    const listeners = new Set<Listener>();
    let subscribed = false;
    bridge[eventFunctionName(e)] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventFunctionName(e)} needs a function`);
      if (!subscribed) {
        ipc.subscribe(eventChannel(e), (payload) => {
          for (const l of [...listeners]) l(payload);
        });
        subscribed = true;
      }
      const l = (payload: unknown) => (listener as Listener)(payload);
      listeners.add(l);
      return () => void listeners.delete(l);
    };
  }
  return Object.freeze(bridge);
}
