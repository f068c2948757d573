import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, appRequestPath, isAppUrl } from './app-protocol';
import { DOCS_URL, isDocsUrl, isNavigationAllowed, isPermissionAllowed } from './navigation-policy';
import { rootRefusal } from './root-guard';
import { isTrustedSender } from './trusted-sender';
import { WEB_PREFERENCES, windowOptions } from './window-options';

describe('window options', () => {
  it('carry every item of the checklist', () => {
    const o = windowOptions('/opt/cowshed/dist/preload/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/opt/cowshed/dist/preload/preload.cjs',
    });
    expect(o.webPreferences?.enableBlinkFeatures ?? '').toBe('');
    expect(windowOptions('/p', { devTools: false }).webPreferences?.devTools).toBe(false);
    expect(Object.isFrozen(WEB_PREFERENCES) || typeof WEB_PREFERENCES === 'object').toBe(true);
  });
});

describe('app:// origin', () => {
  it('is a standard, secure scheme that bypasses nothing', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, corsEnabled: false });
    expect(APP_INDEX_URL).toBe('app://cowshed/index.html');
    expect(APP_INDEX_URL.startsWith('file:')).toBe(false);
  });
  it('recognises only app://cowshed', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl('app://cowshed/assets/x.js?y#z')).toBe(true);
    for (const u of ['app://evil/index.html', 'app://cowshed.evil/', 'app://user@cowshed/', 'app://cowshed:8080/', 'file:///index.html', 'https://cowshed/', 'about:blank', 'not a url', ''])
      expect(isAppUrl(u), u).toBe(false);
  });
  it('maps GET/HEAD requests for our host to a pathname', () => {
    expect(appRequestPath('app://cowshed/index.html', 'GET')).toBe('/index.html');
    expect(appRequestPath('app://cowshed/', 'HEAD')).toBe('/');
    // The URL parser removes dot segments before the path reaches resolveStaticFile.
    expect(appRequestPath('app://cowshed/%2e%2e/%2e%2e/x', 'GET')).toBe('/x');
    expect(appRequestPath('app://other/index.html', 'GET')).toBeNull();
    expect(appRequestPath('app://cowshed/index.html', 'POST')).toBeNull();
  });
});

describe('trusted IPC sender', () => {
  const ours = new Set([7]);
  const frame = (url: string, isMainFrameOfSender = true) => ({ url, isMainFrameOfSender });
  it('accepts the main frame of our window on app://cowshed', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: frame('app://cowshed/index.html') }, ours)).toBe(true);
  });
  it.each([
    ['another webContents', { webContentsId: 8, frame: frame('app://cowshed/index.html') }],
    ['a subframe', { webContentsId: 7, frame: frame('app://cowshed/index.html', false) }],
    ['a destroyed frame', { webContentsId: 7, frame: null }],
    ['a page that navigated away', { webContentsId: 7, frame: frame('https://evil.example/') }],
    ['file://', { webContentsId: 7, frame: frame('file:///opt/cowshed/dist/renderer/index.html') }],
    ['another app:// host', { webContentsId: 7, frame: frame('app://evil/index.html') }],
  ])('refuses %s', (_what, sender) => {
    expect(isTrustedSender(sender, ours)).toBe(false);
  });
});

describe('navigation, external links and permissions', () => {
  it('never allows navigation', () => {
    for (const u of ['app://cowshed/index.html', 'https://example.com/', 'file:///etc/passwd']) expect(isNavigationAllowed(u)).toBe(false);
  });
  it('opens only the documentation URL, exactly', () => {
    expect(DOCS_URL).toMatch(/^https:\/\//);
    expect(isDocsUrl(DOCS_URL)).toBe(true);
    for (const u of [
      'http://github.com/cowshed/cowshed#readme',
      'https://github.com/cowshed/cowshed-evil',
      'https://github.com.evil.example/cowshed/cowshed#readme',
      'https://user:pw@github.com/cowshed/cowshed#readme',
      `${DOCS_URL}/../../evil`,
      'file:///etc/passwd',
      'javascript:alert(1)',
      '',
    ])
      expect(isDocsUrl(u), u).toBe(false);
  });
  it('denies every permission except clipboard writes from our page', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'usb', 'serial'])
      expect(isPermissionAllowed(p, 'app://cowshed/index.html'), p).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://cowshed/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined)).toBe(false);
  });
});

describe('root guard', () => {
  it('refuses root with an explanation, and nobody else', () => {
    expect(rootRefusal(0)).toMatch(/will not open its window as root[\s\S]*helper/);
    expect(rootRefusal(1000)).toBeNull();
    expect(rootRefusal(undefined)).toBeNull();
  });
});
