// Electron main process: the window, the app:// protocol, session hardening, IPC and the menu.
// The only place (with preload.ts and electron-ipc.ts) that imports electron; the policies live in plain modules.
import { app, BrowserWindow, dialog, Menu, protocol, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Service } from '../core/service';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appRequestPath, isAppUrl } from './app-protocol';
import { eventChannel } from './bridge';
import { registerIpc } from './electron-ipc';
import { menuTemplate } from './menu-template';
import { isDocsUrl, isNavigationAllowed, isPermissionAllowed } from './navigation-policy';
import { rootRefusal } from './root-guard';
import { resolveStaticFile, SECURITY_HEADERS, staticFileHeaders } from './web-policy';
import { windowOptions } from './window-options';

const refusal = rootRefusal(process.getuid?.());
if (refusal) {
  process.stderr.write(refusal + '\n');
  process.exit(1);
}

// dist/main/app.cjs → dist/renderer, dist/preload/preload.cjs
const RENDERER_ROOT = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, '..', 'preload', 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

const trustedWebContents = new Set<number>();
let mainWindow: BrowserWindow | null = null;

/** Open the documentation in the user's browser: a literal URL, so nothing the renderer sends can reach openExternal. */
function openDocs(): void {
  void shell.openExternal('https://github.com/cowshed/cowshed#readme');
}

/** Deny navigation, redirects, new windows and webviews for every webContents, ours or not. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (e, url) => {
    if (!isNavigationAllowed(url)) e.preventDefault();
  });
  contents.on('will-frame-navigate', (e) => {
    if (!isNavigationAllowed(e.url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isNavigationAllowed(url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isDocsUrl(url)) openDocs();
    return { action: 'deny' };
  });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (e) => e.preventDefault());
  // The CSP again on every app:// response the session sees, beside the protocol handler's own header. A literal for
  // static checkers (Electronegativity); built-bundle.test.ts holds it equal to CONTENT_SECURITY_POLICY.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) return callback({});
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
        ],
      },
    });
  });
}

function registerAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const pathname = appRequestPath(request.url, request.method);
    const file = pathname === null ? null : await resolveStaticFile(RENDERER_ROOT, pathname);
    if (!file) return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, { status: 200, headers: staticFileHeaders(file) });
  });
}

function createWindow(): void {
  const options = windowOptions(PRELOAD, { devTools: !app.isPackaged });
  const win = new BrowserWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      // The checklist repeated as literals for static checkers (Electronegativity); built-bundle.test.ts holds the
      // options this window really gets equal to WEB_PREFERENCES.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const id = win.webContents.id;
  trustedWebContents.add(id);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    trustedWebContents.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  void win.loadURL(APP_INDEX_URL);
}

function about(): void {
  const opts = { type: 'info' as const, title: 'About Cowshed', message: `Cowshed ${app.getVersion()}`, detail: 'Snapshots and clones for copy-on-write filesystems.' };
  void (mainWindow ? dialog.showMessageBox(mainWindow, opts) : dialog.showMessageBox(opts));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession();
    registerAppProtocol();
    const service = new Service();
    registerIpc(service, trustedWebContents);
    service.on((event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (!win.isDestroyed() && trustedWebContents.has(win.webContents.id) && isAppUrl(win.webContents.getURL())) win.webContents.send(eventChannel(event), payload);
      }
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate({ openDocs, about }, { isMac: process.platform === 'darwin', isPackaged: app.isPackaged })),
    );
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
}
