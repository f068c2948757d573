import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, eventFunctionName, METHOD_NAMES } from '../../shared/contract/index';
import { CowshedError } from '../../shared/errors';
import { buildBridge, eventChannel, methodChannel, NATIVE_FUNCTION_NAMES, NATIVE_FUNCTIONS } from './bridge';
import { dispatchCall, isMethodName } from './call-dispatch';

function fakeIpc() {
  const handlers = new Map<string, (p: unknown) => void>();
  return {
    handlers,
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, result: { channel, request } })),
    subscribe: vi.fn((channel: string, h: (p: unknown) => void) => void handlers.set(channel, h)),
  };
}

describe('the preload bridge', () => {
  it('has exactly one named function per method, native function and event, and nothing generic', () => {
    const bridge = buildBridge(fakeIpc());
    const expected = [...METHOD_NAMES, ...NATIVE_FUNCTION_NAMES, ...EVENT_NAMES.map(eventFunctionName)].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    for (const k of ['invoke', 'send', 'on', 'ipcRenderer', 'call', 'sendSync']) expect(bridge).not.toHaveProperty(k);
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
  it('sends each method on its own channel with the request only', async () => {
    const ipc = fakeIpc();
    const bridge = buildBridge(ipc) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    await expect(bridge.probe!({ refresh: true }, 'extra')).resolves.toEqual({ ok: true, result: { channel: 'cowshed:probe', request: { refresh: true } } });
    expect(ipc.invoke).toHaveBeenCalledWith(methodChannel('probe'), { refresh: true });
    await bridge.chooseFolder!();
    expect(ipc.invoke).toHaveBeenLastCalledWith(NATIVE_FUNCTIONS.chooseFolder.channel, {});
  });
  it('delivers events to listeners until they unsubscribe, subscribing to IPC once', () => {
    const ipc = fakeIpc();
    const bridge = buildBridge(ipc) as unknown as Record<string, (l: unknown) => () => void>;
    const a = vi.fn();
    const b = vi.fn();
    const offA = bridge.onDidJobUpdated!(a);
    bridge.onDidJobUpdated!(b);
    expect(ipc.subscribe).toHaveBeenCalledOnce();
    ipc.handlers.get(eventChannel('jobUpdated'))!({ id: 'j1' });
    offA();
    ipc.handlers.get(eventChannel('jobUpdated'))!({ id: 'j2' });
    expect(a.mock.calls).toEqual([[{ id: 'j1' }]]);
    expect(b.mock.calls).toEqual([[{ id: 'j1' }], [{ id: 'j2' }]]);
    expect(() => bridge.onDidJobUpdated!('not a function')).toThrow(TypeError);
  });
  it('validates native requests with their schema', () => {
    const s = NATIVE_FUNCTIONS.chooseFolder.request;
    expect(s.safeParse({ title: 'Clone to…', defaultPath: '/mnt/data' }).success).toBe(true);
    expect(s.safeParse({ defaultPath: 'relative/path' }).success).toBe(false);
    expect(s.safeParse({ properties: ['openFile'] }).success).toBe(false);
  });
});

describe('dispatchCall', () => {
  const service = {
    call: vi.fn(async (method: string, req: unknown) => {
      if (method === 'jobs') throw new CowshedError('NOT_FOUND', 'gone');
      if (method === 'journal') throw new Error('boom');
      return { method, req };
    }),
  };
  it('accepts only own contract method names', async () => {
    expect(isMethodName('probe')).toBe(true);
    for (const m of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'Probe', 42, null]) {
      expect(isMethodName(m)).toBe(false);
      const r = await dispatchCall(service, m, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    }
    expect(service.call).not.toHaveBeenCalled();
  });
  it('returns results and errors as data, keeping codes', async () => {
    await expect(dispatchCall(service, 'probe', {})).resolves.toEqual({ ok: true, result: { method: 'probe', req: {} } });
    await expect(dispatchCall(service, 'jobs', {})).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    await expect(dispatchCall(service, 'journal', {})).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });
});
