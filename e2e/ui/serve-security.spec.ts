import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { writeOpenerFile } from '../../main/serve/open-browser';
import config from '../playwright.config';

// Serve mode in Chromium, against the real `cowshed serve` process: what the page can and cannot do.
const root = join(import.meta.dirname, '..', '..');
const REBIND_HOST = 'rebind.cowshed.test';
const launch = config.use?.launchOptions ?? {};
// Chromium resolves REBIND_HOST to 127.0.0.1: a DNS-rebinding attack without the DNS server.
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`] } });

let child: ChildProcess;
let url = '';
let origin = '';
let port = 0;
let evil: Server;
let evilPort = 0;
let clientCode = '';

test.beforeAll(async () => {
  child = spawn(process.execPath, [join(root, 'bin', 'cowshed.cjs'), 'serve', '--port', '0', '--no-open', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`cowshed serve exited ${code}`)));
  });
  url = (JSON.parse(line) as { url: string }).url;
  origin = new URL(url).origin;
  port = Number(new URL(url).port);
  // Another site on this machine: an attacker's page on a different port.
  evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>evil</title>'));
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilPort = (evil.address() as { port: number }).port;
  // The renderer's own client module, bundled as a script the test can evaluate in the page.
  const r = await build({ entryPoints: [join(root, 'renderer', 'src', 'client', 'index.ts')], bundle: true, format: 'iife', globalName: '__cowshedClient', write: false, platform: 'browser', target: 'es2022' });
  clientCode = `${r.outputFiles[0]!.text};window.__cowshedClient = __cowshedClient;`;
});
test.afterAll(async () => {
  child?.kill('SIGTERM');
  await new Promise<void>((r) => (evil ? evil.close(() => r()) : r()));
});

test('the printed URL opens the app; the page has no Node, no ipcRenderer, and calls the contract through the client', async ({ page, context }, testInfo) => {
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|connect|apply)/i.test(m.text())) cspViolations.push(m.text());
  });
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  expect(page.url()).toBe(`${origin}/`); // the token is gone from the address bar and history
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { require: typeof w.require, process: typeof w.process, ipcRenderer: typeof w.ipcRenderer, module: typeof w.module, cowshed: typeof w.cowshed, cookie: document.cookie };
  });
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', module: 'undefined', cowshed: 'undefined', cookie: '' });

  const session = (await context.cookies()).find((c) => c.name === `cowshed_session_${port}`);
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

  await page.evaluate(clientCode);
  const probe = await page.evaluate(async () => {
    const client = (window as unknown as { __cowshedClient: { getClient(): { call(m: string, r: unknown): Promise<{ mounts: { mountpoint: string }[] }> } } }).__cowshedClient.getClient();
    const r = await client.call('probe', {});
    let code = '';
    try {
      await client.call('listDir', { path: 'relative/path' });
    } catch (e) {
      code = (e as { code: string }).code;
    }
    return { mounts: r.mounts.length, hasRoot: r.mounts.some((m) => m.mountpoint === '/'), code };
  });
  expect(probe.mounts).toBeGreaterThan(0);
  expect(probe.code).toBe('INVALID_PATH');
  await page.screenshot({ path: testInfo.outputPath('serve-mode.png') });
  expect(cspViolations).toEqual([]);
});

test('without the token there is nothing to see, and a wrong token is refused', async ({ page }) => {
  expect((await page.goto(`${origin}/`, { waitUntil: 'commit' }))?.status()).toBe(401);
  // It retries once from its own origin (for a cookie a cross-site start did not send), then stops.
  await page.waitForURL(`${origin}/?retry=1`);
  await expect(page.getByText('needs the link')).toBeVisible();
  expect((await page.goto(`${origin}/?token=${'A'.repeat(43)}`))?.status()).toBe(401);
  expect(await page.context().cookies()).toEqual([]);
});

test('a page on another port of 127.0.0.1 (same site, so the cookie goes along) cannot use the WebSocket or read the app', async ({ page }) => {
  await page.goto(url); // the user has a session
  await page.goto(`http://127.0.0.1:${evilPort}/`);
  const r = await page.evaluate(async ({ origin, port }) => {
    const ws = await new Promise<string>((resolve) => {
      const s = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      s.onopen = () => resolve('open');
      s.onerror = () => resolve('refused');
    });
    const read = await fetch(`${origin}/`, { credentials: 'include' }).then(() => 'read', () => 'blocked');
    const post = await fetch(`${origin}/`, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"id":1,"method":"destroy"}' }).then(
      (x) => x.type,
      () => 'blocked',
    );
    return { ws, read, post };
  }, { origin, port });
  expect(r.ws).toBe('refused');
  expect(r.read).toBe('blocked');
  // A no-cors POST cannot be stopped by the browser; the server refuses it (403, see the serve-mode suite), and CORP hides even that.
  expect(['opaque', 'blocked']).toContain(r.post);
});

test('DNS rebinding: the same server under a foreign name answers nothing', async ({ page }) => {
  const rebound = `http://${REBIND_HOST}:${port}`;
  expect((await page.goto(`${rebound}/?token=${new URL(url).searchParams.get('token')}`))?.status()).toBe(403);
  expect((await page.context().cookies()).filter((c) => c.name.startsWith('cowshed_session'))).toEqual([]);
  const ws = await page.evaluate(
    (p) =>
      new Promise<string>((resolve) => {
        const s = new WebSocket(`ws://${location.hostname}:${p}/ws`);
        s.onopen = () => resolve('open');
        s.onerror = () => resolve('refused');
      }),
    port,
  );
  expect(ws).toBe('refused');
});

test('the private page the browser opener gets leads into the app (the SameSite=Strict cookie survives the cross-site start)', async ({ page }) => {
  const { file, remove } = writeOpenerFile(url);
  try {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await page.goto(pathToFileURL(file).href);
    await page.waitForURL(`${origin}/`);
    await expect(page.locator('#root')).toBeAttached();
    expect(await page.evaluate(() => fetch('/').then((r) => r.status))).toBe(200);
  } finally {
    remove();
  }
});
