import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, eventFunctionName, METHOD_NAMES } from '../../shared/contract/index';
import { methodChannel, NATIVE_FUNCTION_NAMES, NATIVE_FUNCTIONS } from './bridge';
import { DOCS_URL } from './navigation-policy';
import { CONTENT_SECURITY_POLICY } from './web-policy';
import { WEB_PREFERENCES } from './window-options';

// Electron's security checklist, asserted on the BUILT bundles (dist/main/app.cjs, dist/preload/preload.cjs):
// their text, and what they actually do when loaded against a recording stand-in for the electron module.
const dist = resolve(__dirname, '..', '..', 'dist');
const APP = join(dist, 'main', 'app.cjs');
const PRELOAD = join(dist, 'preload', 'preload.cjs');
const requireCjs = createRequire(__filename);

type Fn = (...a: never[]) => unknown;
type Loader = { _load: (request: string, parent: unknown, isMain: boolean) => unknown };

/** Load a built bundle with `electron` replaced by `fake`. */
function loadWith(file: string, fake: unknown): void {
  const loader = Module as unknown as Loader;
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === 'electron') return fake;
    return original.call(this, request, parent, isMain);
  };
  try {
    delete requireCjs.cache[file];
    requireCjs(file);
  } finally {
    loader._load = original;
  }
}

function fakeWebContents(id: number, url = 'app://cowshed/index.html') {
  const mainFrame = { url, parent: null, processId: 1, routingId: id };
  return {
    id,
    mainFrame,
    handlers: new Map<string, Fn>(),
    windowOpen: null as null | ((d: { url: string }) => unknown),
    sent: [] as unknown[],
    on(ev: string, fn: Fn) {
      this.handlers.set(ev, fn);
      return this;
    },
    setWindowOpenHandler(fn: (d: { url: string }) => unknown) {
      this.windowOpen = fn;
    },
    getURL: () => url,
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    },
  };
}

function fakeElectron() {
  const rec = {
    sandboxEnabled: false,
    schemes: [] as { scheme: string; privileges: Record<string, unknown> }[],
    windows: [] as { options: { webPreferences: Record<string, unknown> }; loaded: string[]; webContents: ReturnType<typeof fakeWebContents> }[],
    app: new Map<string, Fn>(),
    protocol: new Map<string, (r: { url: string; method: string }) => Promise<Response>>(),
    ipc: new Map<string, (event: unknown, req: unknown) => Promise<unknown>>(),
    permissionRequest: null as null | Fn,
    permissionCheck: null as null | Fn,
    devicePermission: null as null | Fn,
    sessionEvents: new Map<string, Fn>(),
    headersReceived: null as null | Fn,
    menu: null as unknown,
    openExternal: vi.fn(async () => undefined),
  };
  let nextId = 1;
  class BrowserWindow {
    webContents: ReturnType<typeof fakeWebContents>;
    loaded: string[] = [];
    constructor(public options: { webPreferences: Record<string, unknown> }) {
      this.webContents = fakeWebContents(nextId++);
      rec.windows.push(this);
    }
    once() {}
    on() {}
    isDestroyed = () => false;
    loadURL(u: string) {
      this.loaded.push(u);
      return Promise.resolve();
    }
    static getAllWindows = () => rec.windows;
    static fromWebContents = () => null;
  }
  const electron = {
    app: {
      enableSandbox: () => void (rec.sandboxEnabled = true),
      requestSingleInstanceLock: () => true,
      on: (ev: string, fn: Fn) => void rec.app.set(ev, fn),
      whenReady: () => Promise.resolve(),
      isPackaged: true,
      getVersion: () => '0.0.0',
      quit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: typeof rec.schemes) => void rec.schemes.push(...s),
      handle: (scheme: string, fn: (r: { url: string; method: string }) => Promise<Response>) => void rec.protocol.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => void (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => void (rec.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Fn) => void (rec.devicePermission = fn),
        on: (ev: string, fn: Fn) => void rec.sessionEvents.set(ev, fn),
        webRequest: { onHeadersReceived: (fn: Fn) => void (rec.headersReceived = fn) },
      },
    },
    ipcMain: { handle: (ch: string, fn: (event: unknown, req: unknown) => Promise<unknown>) => void rec.ipc.set(ch, fn) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (rec.menu = m) },
    shell: { openExternal: rec.openExternal },
    dialog: { showOpenDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    BrowserWindow,
  };
  return { electron, rec };
}

beforeAll(() => {
  if (!existsSync(APP) || !existsSync(PRELOAD)) throw new Error(`The built bundles are missing (${APP}, ${PRELOAD}): run \`npm run build\` first.`);
  const built = Math.min(statSync(APP).mtimeMs, statSync(PRELOAD).mtimeMs);
  const root = resolve(__dirname, '..', '..');
  const sources = [...readdirSync(__dirname).map((f) => join(__dirname, f)), ...readdirSync(join(root, 'shared', 'contract')).map((f) => join(root, 'shared', 'contract', f))];
  const newer = sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && statSync(f).mtimeMs > built);
  if (newer.length) throw new Error(`The built bundles are older than ${newer.join(', ')}: run \`npm run build\` first.`);
});
afterEach(() => vi.restoreAllMocks());

describe('dist/main/app.cjs (text)', () => {
  const text = () => readFileSync(APP, 'utf8');
  it('contains the hardening, and never file://', () => {
    const t = text();
    expect(t).toMatch(/sandbox:\s*(true|!0)/);
    expect(t).toMatch(/contextIsolation:\s*(true|!0)/);
    expect(t).toMatch(/nodeIntegration:\s*(false|!1)/);
    expect(t).toMatch(/webSecurity:\s*(true|!0)/);
    expect(t).toMatch(/allowRunningInsecureContent:\s*(false|!1)/);
    expect(t).toMatch(/webviewTag:\s*(false|!1)/);
    for (const s of ['setWindowOpenHandler', 'will-navigate', 'will-redirect', 'will-attach-webview', 'web-contents-created', 'setPermissionRequestHandler',
      'setPermissionCheckHandler', 'registerSchemesAsPrivileged', 'enableSandbox', 'requestSingleInstanceLock', 'Content-Security-Policy'])
      expect(t, s).toContain(s);
    expect(t).not.toContain('file://');
    expect(t).not.toMatch(/\.loadFile\(/);
    expect(t).not.toMatch(/nodeIntegration:\s*(true|!0)|contextIsolation:\s*(false|!1)|sandbox:\s*(false|!1)|webSecurity:\s*(false|!1)/);
  });
});

describe('dist/main/app.cjs (behaviour)', () => {
  async function boot(uid = 1000) {
    const { electron, rec } = fakeElectron();
    vi.spyOn(process, 'getuid').mockReturnValue(uid);
    loadWith(APP, electron);
    await new Promise((r) => setTimeout(r, 0));
    return rec;
  }

  it('opens one sandboxed window on app:// with exactly the checked options', async () => {
    const rec = await boot();
    expect(rec.sandboxEnabled).toBe(true);
    expect(rec.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) }]);
    expect(rec.windows).toHaveLength(1);
    const w = rec.windows[0]!;
    const { preload, devTools: _d, ...prefs } = w.options.webPreferences;
    const { devTools: _e, ...expected } = WEB_PREFERENCES;
    expect(prefs).toEqual(expected);
    expect(w.options.webPreferences.devTools).toBe(false); // packaged build
    expect(preload).toBe(PRELOAD);
    expect(w.loaded).toEqual(['app://cowshed/index.html']);
  });

  it('denies navigation, redirects, webviews and new windows for every webContents', async () => {
    const rec = await boot();
    const wc = fakeWebContents(99, 'https://anything.example/');
    rec.app.get('web-contents-created')!({} as never, wc as never);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      wc.handlers.get(ev)!(e as never, 'https://evil.example/' as never);
      expect(e.preventDefault, ev).toHaveBeenCalled();
    }
    const frameNav = { preventDefault: vi.fn(), url: 'app://cowshed/other.html' };
    wc.handlers.get('will-frame-navigate')!(frameNav as never);
    expect(frameNav.preventDefault).toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://cowshed/index.html', `${DOCS_URL}x`])
      expect(wc.windowOpen!({ url })).toEqual({ action: 'deny' });
    expect(rec.openExternal).not.toHaveBeenCalled();
    // A link to exactly the documentation opens in the user's browser, still in no new window.
    expect(wc.windowOpen!({ url: DOCS_URL })).toEqual({ action: 'deny' });
    expect(rec.openExternal.mock.calls).toEqual([[DOCS_URL]]);
  });

  it('adds the CSP header to app:// responses the session sees, and leaves others alone', async () => {
    const rec = await boot();
    const cb = vi.fn();
    rec.headersReceived!({ url: 'app://cowshed/index.html', responseHeaders: { 'Content-Type': ['text/html'] } } as never, cb as never);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    const other = vi.fn();
    rec.headersReceived!({ url: 'devtools://devtools/bundled/x.html', responseHeaders: {} } as never, other as never);
    expect(other).toHaveBeenCalledWith({});
  });

  it('denies permissions and downloads', async () => {
    const rec = await boot();
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const cb = vi.fn();
      rec.permissionRequest!(null as never, p as never, cb as never, { requestingUrl: 'app://cowshed/index.html' } as never);
      expect(cb, p).toHaveBeenCalledWith(false);
      expect(rec.permissionCheck!(null as never, p as never, 'app://cowshed' as never, {} as never)).toBe(false);
    }
    expect(rec.devicePermission!()).toBe(false);
    const dl = { preventDefault: vi.fn() };
    rec.sessionEvents.get('will-download')!(dl as never);
    expect(dl.preventDefault).toHaveBeenCalled();
  });

  it('serves app:// from dist/renderer with the CSP header, and nothing outside it', async () => {
    const rec = await boot();
    const handle = rec.protocol.get('app')!;
    const ok = await handle({ url: 'app://cowshed/index.html', method: 'GET' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toContain('<div id="root">');
    for (const url of ['app://cowshed/../../package.json', 'app://cowshed/%2e%2e/%2e%2e/package.json', 'app://cowshed/..%2f..%2fpackage.json', 'app://evil/index.html'])
      expect((await handle({ url, method: 'GET' })).status, url).toBe(404);
    expect((await handle({ url: 'app://cowshed/index.html', method: 'POST' })).status).toBe(404);
  });

  it('registers one IPC channel per method, each checking the sender and validating the payload', async () => {
    const rec = await boot();
    expect([...rec.ipc.keys()].sort()).toEqual([...METHOD_NAMES.map(methodChannel), ...NATIVE_FUNCTION_NAMES.map((n) => NATIVE_FUNCTIONS[n].channel)].sort());
    const ours = rec.windows[0]!.webContents;
    const event = (sender: ReturnType<typeof fakeWebContents>, frame: unknown) => ({ sender, senderFrame: frame });
    const jobs = rec.ipc.get(methodChannel('jobs'))!;
    await expect(jobs(event(ours, ours.mainFrame), {})).resolves.toEqual({ ok: true, result: expect.any(Array) });
    await expect(jobs(event(ours, ours.mainFrame), { extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'USAGE' } });
    const stranger = fakeWebContents(42);
    await expect(jobs(event(stranger, stranger.mainFrame), {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const subframe = { url: 'app://cowshed/index.html', parent: ours.mainFrame, processId: 1, routingId: 77 };
    await expect(jobs(event(ours, subframe), {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const elsewhere = { ...ours.mainFrame, url: 'https://evil.example/' };
    await expect(jobs(event(ours, elsewhere), {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    await expect(jobs(event(ours, null), {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const choose = rec.ipc.get(NATIVE_FUNCTIONS.chooseFolder.channel)!;
    await expect(choose(event(ours, ours.mainFrame), { defaultPath: 'relative' })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_PATH' } });
    await expect(choose(event(stranger, stranger.mainFrame), {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('sets the File, Edit, View, Help menu; Help opens the documentation', async () => {
    const rec = await boot();
    const menu = rec.menu as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    menu[3]!.submenu!.find((i) => i.label?.includes('Documentation'))!.click!();
    expect(rec.openExternal.mock.calls).toEqual([[DOCS_URL]]);
  });

  it('refuses to run as root, before touching Electron', async () => {
    const { electron, rec } = fakeElectron();
    vi.spyOn(process, 'getuid').mockReturnValue(0);
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(() => loadWith(APP, electron)).toThrow('exit 1');
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/will not open its window as root/);
    expect(rec.windows).toHaveLength(0);
    expect(rec.schemes).toHaveLength(0);
  });
});

describe('dist/preload/preload.cjs', () => {
  it('requires nothing but electron, and exposes only the named bridge', () => {
    const text = readFileSync(PRELOAD, 'utf8');
    const requires = [...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    const exposed: [string, Record<string, unknown>][] = [];
    const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, result: null })), on: vi.fn() };
    loadWith(PRELOAD, { contextBridge: { exposeInMainWorld: (k: string, v: Record<string, unknown>) => exposed.push([k, v]) }, ipcRenderer });
    expect(exposed.map(([k]) => k)).toEqual(['cowshed']);
    const api = exposed[0]![1];
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, ...NATIVE_FUNCTION_NAMES, ...EVENT_NAMES.map(eventFunctionName)].sort());
    expect(Object.values(api).includes(ipcRenderer)).toBe(false);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    void (api.probe as (r: unknown) => Promise<unknown>)({});
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('cowshed:probe', {});
  });
});
