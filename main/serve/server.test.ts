import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../app/web-policy';
import { Service } from '../core/service';
import { bindPolicy } from './security';
import { startServer, type RunningServer } from './server';
import { MAX_MESSAGE_BYTES } from './socket';

// The serve-mode security suite, in process: the real Service behind the real server on 127.0.0.1.

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Reply[] = [];
let base: string;
let root: string;
let service: Service;
let server: RunningServer;
let port: number;
let own: string; // 127.0.0.1:PORT
let cookie: string; // name=value

function request(opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: { Host: own, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const r = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
        seen.push(r);
        resolve(r);
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A raw request (for targets and headers http.request will not send). */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
  });
}

/** Try a WebSocket upgrade: 'open' (and the socket) or the HTTP status it was refused with. */
function upgrade(headers: Record<string, string>, path = '/ws'): Promise<{ status: number | 'open'; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { Host: own, ...headers } });
    ws.on('open', () => resolve({ status: 'open', ws }));
    ws.on('unexpected-response', (_req, res) => {
      seen.push({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
      resolve({ status: res.statusCode ?? 0 });
    });
    ws.on('error', () => resolve({ status: -1 }));
  });
}
const session = () => ({ Origin: `http://${own}`, Cookie: cookie });

function nextMessage(ws: WebSocket, match: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (!match(m)) return;
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
  });
}
const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'cowshed-serve-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Cowshed</title><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link-out.txt'));
  service = new Service();
  server = await startServer({ service, policy: bindPolicy('127.0.0.1', false), port: 0, rendererRoot: root });
  port = server.port;
  own = `127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('the token', () => {
  it('is a 256-bit base64url token in a 127.0.0.1 URL', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('without it, nothing is served and no cookie is set', async () => {
    for (const path of ['/', '/?retry=1', '/index.html', '/assets/app.js']) {
      const r = await request({ path });
      expect(r.status, path).toBe(401);
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.body).not.toContain('console.log');
    }
    const first = await request({ path: '/' });
    expect(first.body).toContain('http-equiv="refresh" content="0;url=/?retry=1"');
    expect((await request({ path: '/?retry=1' })).body).not.toContain('http-equiv');
  });

  it('a wrong token is refused', async () => {
    const right = new URL(server.url).searchParams.get('token')!;
    const wrong = `${right.slice(0, -1)}${right.endsWith('A') ? 'B' : 'A'}`;
    for (const t of ['', 'x', wrong, right.slice(0, 42), right + 'A', encodeURIComponent(right.toLowerCase())]) {
      const r = await request({ path: `/?token=${t}` });
      expect(r.status, t).toBe(401);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });

  it('the right token is exchanged for an HttpOnly SameSite=Strict cookie and a redirect without it', async () => {
    const r = await request({ path: new URL(server.url).pathname + new URL(server.url).search });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const set = r.headers['set-cookie']!;
    expect(set).toHaveLength(1);
    const parts = set[0]!.split(';').map((p) => p.trim());
    expect(parts[0]).toMatch(new RegExp(`^cowshed_session_${port}=[A-Za-z0-9_-]{43}$`));
    expect(parts.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    expect(parts[0]).not.toContain(new URL(server.url).searchParams.get('token')!);
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    cookie = parts[0]!;
  });

  it('the cookie opens the app, with the security headers', async () => {
    const r = await request({ path: '/', headers: { Cookie: cookie } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<div id="root">');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
    const js = await request({ path: '/assets/app.js', headers: { Cookie: cookie } });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await request({ method: 'HEAD', path: '/', headers: { Cookie: cookie } });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('a forged or other-port cookie is refused', async () => {
    const [name] = cookie.split('=');
    expect((await request({ headers: { Cookie: `${name}=${'A'.repeat(43)}` } })).status).toBe(401);
    expect((await request({ headers: { Cookie: `cowshed_session_1=${cookie.split('=')[1]}` } })).status).toBe(401);
  });
});

describe('Host (DNS rebinding)', () => {
  it.each(['evil.example:PORT', 'rebind.evil.example:PORT', '127.0.0.1:1', '127.0.0.1', 'localhost', '0.0.0.0:PORT', '[::1]:PORT'])('HTTP with Host %s is refused', async (h) => {
    const r = await request({ path: '/', headers: { Host: h.replace('PORT', String(port)), Cookie: cookie } });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('root');
  });
  it('the token is not exchanged under a foreign Host', async () => {
    const r = await request({ path: new URL(server.url).search ? `/${new URL(server.url).search}` : '/', headers: { Host: `evil.example:${port}` } });
    expect(r.status).toBe(403);
    expect(r.headers['set-cookie']).toBeUndefined();
  });
  it('localhost:PORT is this server too', async () => {
    expect((await request({ headers: { Host: `localhost:${port}`, Cookie: cookie } })).status).toBe(200);
  });
  it('a request without Host is refused', async () => {
    expect(await raw('GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 403/);
  });
  it('WebSocket upgrade with a foreign Host is refused', async () => {
    expect((await upgrade({ ...session(), Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).status).toBe(403);
    expect((await upgrade({ ...session(), Host: `evil.example:${port}` })).status).toBe(403);
  });
});

describe('Origin and cross-site requests', () => {
  it.each(['http://evil.example', 'null', `http://localhost:${'PORT'}`, `http://127.0.0.1:1`, `https://127.0.0.1:PORT`, 'file://'])(
    'WebSocket upgrade with Origin %s is refused, even with the cookie',
    async (o) => {
      expect((await upgrade({ Cookie: cookie, Origin: o.replace('PORT', String(port)) })).status).toBe(403);
    },
  );
  it('WebSocket upgrade without Origin is refused', async () => {
    expect((await upgrade({ Cookie: cookie })).status).toBe(403);
  });
  it('a cross-origin page cannot open the WebSocket (no cookie: SameSite=Strict keeps it home)', async () => {
    expect((await upgrade({ Origin: `http://${own}` })).status).toBe(401);
    expect((await upgrade({ Origin: 'http://evil.example' })).status).toBe(403);
  });
  it('upgrades elsewhere than /ws are refused', async () => {
    expect((await upgrade(session(), '/')).status).toBe(404);
    expect((await upgrade(session(), '/ws/../ws2')).status).toBe(404);
  });
  it('a text/plain form POST from another site is refused', async () => {
    for (const path of ['/', '/ws', '/?token=x']) {
      const r = await request({
        method: 'POST',
        path,
        headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain', Cookie: cookie },
        body: '{"id":1,"method":"destroy","params":{}}',
      });
      expect(r.status, path).toBe(403);
    }
    const noOrigin = await request({ method: 'POST', headers: { 'Content-Type': 'text/plain', Cookie: cookie }, body: 'x' });
    expect(noOrigin.status).toBe(403);
  });
  it('even a same-origin POST changes nothing: files only, 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await request({ method, headers: { Origin: `http://${own}`, Cookie: cookie }, body: 'x' });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
  });
  it('a CORS preflight gets no CORS answer', async () => {
    const r = await request({ method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(r.status).toBe(403);
  });
  it('a GET for /ws without an upgrade is not a way in', async () => {
    expect((await request({ path: '/ws', headers: { Cookie: cookie } })).status).toBe(426);
  });
});

describe('static files', () => {
  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link-out.txt',
    '/%00',
    '/%zz',
  ])('%s is refused', async (path) => {
    const r = await request({ path, headers: { Cookie: cookie } });
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain('TOP-SECRET');
  });
  it('absolute-form and protocol-relative targets are refused', async () => {
    expect(await raw(`GET http://evil.example/secret.txt HTTP/1.1\r\nHost: ${own}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(`GET //secret.txt HTTP/1.1\r\nHost: ${own}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
  });
  it('client-side routes load the app; missing assets are 404', async () => {
    expect((await request({ path: '/lineage/pool', headers: { Cookie: cookie, Accept: 'text/html' } })).body).toContain('<div id="root">');
    expect((await request({ path: '/assets/missing.js', headers: { Cookie: cookie, Accept: 'text/html' } })).status).toBe(404);
  });
});

describe('the WebSocket with a valid session', () => {
  let ws: WebSocket;
  beforeAll(async () => {
    const r = await upgrade(session());
    expect(r.status).toBe('open');
    ws = r.ws!;
  });
  afterAll(() => ws?.close());

  it('calls probe', async () => {
    const reply = nextMessage(ws, (m) => m.id === 1);
    ws.send(JSON.stringify({ id: 1, method: 'probe', params: {} }));
    const m = await reply;
    expect(m).toMatchObject({ id: 1, ok: true });
    expect(Array.isArray((m.result as { mounts: unknown[] }).mounts)).toBe(true);
  });

  it('receives events', async () => {
    const ev = nextMessage(ws, (m) => 'event' in m);
    service.ctx.emit('mountsChanged', { at: '2026-11-21T10:00:00Z' });
    expect(await ev).toEqual({ event: 'mountsChanged', payload: { at: '2026-11-21T10:00:00Z' } });
  });

  it('refuses unknown methods and invalid params with typed errors', async () => {
    for (const [id, method, params] of [
      [2, 'constructor', {}],
      [3, '__proto__', {}],
      [4, 'rm -rf /', {}],
      [5, 'probe', { refresh: 'yes' }],
      [6, 'probe', { unexpected: true }],
      [7, 'listDir', { path: '../etc' }],
    ] as const) {
      const reply = nextMessage(ws, (m) => m.id === id);
      ws.send(JSON.stringify({ id, method, params }));
      const m = await reply;
      expect(m.ok, method).toBe(false);
      expect((m.error as { code: string }).code, method).toMatch(/^(USAGE|INVALID_PATH)$/);
    }
  });

  it('answers a malformed request that has an id', async () => {
    const reply = nextMessage(ws, (m) => m.id === 8);
    ws.send(JSON.stringify({ id: 8, method: 'probe', params: {}, extra: 1 }));
    expect(await reply).toMatchObject({ id: 8, ok: false, error: { code: 'USAGE' } });
  });

  it.each([
    ['not JSON', 'this is not json', 1007],
    ['no id', JSON.stringify({ method: 'probe', params: {} }), 1008],
    ['binary', Buffer.from([1, 2, 3]), 1003],
    ['too big', 'x'.repeat(MAX_MESSAGE_BYTES + 1), 1009],
  ] as const)('closes the socket on %s', async (_what, msg, code) => {
    const r = await upgrade(session());
    const c = closed(r.ws!);
    r.ws!.send(msg, { binary: Buffer.isBuffer(msg) });
    expect(await c).toBe(code);
  });
});

describe('no CORS, ever', () => {
  it('no response of this suite carried an Access-Control-Allow-* header', () => {
    expect(seen.length).toBeGreaterThan(40);
    for (const r of seen) expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('two launches', () => {
  it('have different tokens, and one session does not open the other', async () => {
    const other = await startServer({ service, policy: bindPolicy('127.0.0.1', false), port: 0, rendererRoot: root });
    try {
      expect(new URL(other.url).searchParams.get('token')).not.toBe(new URL(server.url).searchParams.get('token'));
      const value = cookie.split('=')[1];
      const r = await new Promise<number>((resolve) => {
        httpRequest({ host: '127.0.0.1', port: other.port, path: '/', headers: { Cookie: `cowshed_session_${other.port}=${value}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).end();
      });
      expect(r).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('closing the server closes its sockets', async () => {
    const other = await startServer({ service, policy: bindPolicy('127.0.0.1', false), port: 0, rendererRoot: root });
    const token = await new Promise<string>((resolve) => {
      httpRequest({ host: '127.0.0.1', port: other.port, path: new URL(other.url).pathname + new URL(other.url).search }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie']?.[0]).split(';')[0]!);
      }).end();
    });
    const ws = new WebSocket(`ws://127.0.0.1:${other.port}/ws`, { headers: { Origin: `http://127.0.0.1:${other.port}`, Cookie: token } });
    await new Promise((r) => ws.on('open', r));
    const c = closed(ws);
    await other.close();
    expect(await c).toBe(1001);
  });
});
