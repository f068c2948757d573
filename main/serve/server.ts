import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH } from '../../shared/contract/index';
import { CowshedError } from '../../shared/errors';
import type { CallTarget } from '../app/call-dispatch';
import { resolveStaticFile, SECURITY_HEADERS, staticFileHeaders } from '../app/web-policy';
import {
  isAllowedHost, isAllowedOrigin, newSecret, publicHost, readCookie, secretsEqual, sessionCookie, sessionCookieName, type BindPolicy,
} from './security';
import { MAX_MESSAGE_BYTES, sendEvent, serveSocket } from './socket';

/** What serve mode needs from the core: calls and events. */
export interface ServeTarget extends CallTarget {
  on(listener: (event: string, payload: unknown) => void): () => void;
}

export interface ServeOptions {
  service: ServeTarget;
  policy: BindPolicy;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (dist/renderer). */
  rendererRoot: string;
  /** The per-launch token (tests pass their own; otherwise a fresh 256-bit one). */
  token?: string;
}

export interface RunningServer {
  /** The URL to open: http://127.0.0.1:PORT/?token=… */
  url: string;
  port: number;
  origin: string;
  close(): Promise<void>;
}

const PING_INTERVAL_MS = 30_000;

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(`${text}\n`);
}

/** The page shown without a session. For "/" it retries once from our own origin, so a SameSite=Strict cookie set on a cross-site start is sent. */
function unauthorizedPage(res: ServerResponse, retry: boolean): void {
  const refresh = retry ? '<meta http-equiv="refresh" content="0;url=/?retry=1">' : '';
  res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<title>Cowshed</title></head><body>` +
      '<h1>Cowshed</h1><p>This address needs the link that <code>cowshed serve</code> printed when it started ' +
      '(it contains a one-time token). Open that link, or restart <code>cowshed serve</code> for a new one.</p></body></html>\n',
  );
}

function refuseUpgrade(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Start serve mode: the renderer bundle over HTTP and the contract over a WebSocket at WS_PATH, on the bound address only.
 * Security model: a per-launch token in the printed URL is exchanged for an HttpOnly SameSite=Strict session cookie;
 * every request and upgrade must carry our Host (DNS rebinding); upgrades and non-GETs must carry our Origin;
 * no CORS headers are ever sent; state changes only over the authenticated socket.
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { service, policy, rendererRoot } = opts;
  if (!existsSync(join(rendererRoot, 'index.html')))
    throw new CowshedError('NOT_FOUND', `The UI bundle is missing (${join(rendererRoot, 'index.html')}): run \`npm run build\` first.`);
  const token = opts.token ?? newSecret();
  const session = newSecret();
  let port = opts.port;

  const hasSession = (req: IncomingMessage) => {
    const c = readCookie(req.headers.cookie, sessionCookieName(port));
    return c !== undefined && secretsEqual(c, session);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host;
    if (!isAllowedHost(host, policy, port)) return plain(res, 403, 'Forbidden: this server only answers to its own address (Host header refused).');
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      if (!isAllowedOrigin(req.headers.origin, host!)) return plain(res, 403, 'Forbidden: cross-origin request refused.');
      return plain(res, 405, 'Method not allowed: this server only serves files; actions go over the WebSocket.', { Allow: 'GET, HEAD' });
    }
    // Origin-form targets only ("/path?query"); an absolute-form target is refused.
    const raw = req.url ?? '/';
    if (!raw.startsWith('/') || raw.startsWith('//')) return plain(res, 400, 'Bad request.');
    const q = raw.indexOf('?');
    const url = { pathname: q < 0 ? raw : raw.slice(0, q), searchParams: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!secretsEqual(given, token)) return unauthorizedPage(res, false);
      res.writeHead(303, { ...SECURITY_HEADERS, Location: '/', 'Set-Cookie': sessionCookie(port, session), 'Cache-Control': 'no-store', 'Content-Length': '0' });
      return res.end();
    }
    if (!hasSession(req)) {
      if (url.pathname === '/' && url.searchParams.get('retry') === null) return unauthorizedPage(res, true);
      return url.pathname === '/' ? unauthorizedPage(res, false) : plain(res, 401, 'Unauthorized.');
    }
    if (url.searchParams.has('retry')) {
      res.writeHead(303, { ...SECURITY_HEADERS, Location: '/', 'Cache-Control': 'no-store', 'Content-Length': '0' });
      return res.end();
    }
    if (url.pathname === WS_PATH) return plain(res, 426, 'Upgrade required.', { Upgrade: 'websocket' });
    let file = await resolveStaticFile(rendererRoot, url.pathname);
    // A client-side route (no file extension) loads the app; a missing asset is a 404.
    if (!file && extname(url.pathname) === '' && /text\/html/.test(req.headers.accept ?? '')) file = await resolveStaticFile(rendererRoot, '/');
    if (!file) return plain(res, 404, 'Not found.');
    const body = await readFile(file);
    res.writeHead(200, { ...staticFileHeaders(file), 'Content-Length': String(body.length) });
    res.end(method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const host = req.headers.host;
    if (!isAllowedHost(host, policy, port)) return refuseUpgrade(socket, 403);
    if (!isAllowedOrigin(req.headers.origin, host!)) return refuseUpgrade(socket, 403);
    if ((req.url ?? '').split('?')[0] !== WS_PATH) return refuseUpgrade(socket, 404);
    if (!hasSession(req)) return refuseUpgrade(socket, 401);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => ws.terminate());
      serveSocket(ws, service);
    });
  });

  const offEvents = service.on((event, payload) => {
    for (const ws of sockets) sendEvent(ws, event, payload);
  });
  const ping = setInterval(() => {
    for (const ws of sockets) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  ping.unref();

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      offEvents();
      clearInterval(ping);
      if (e.code === 'EADDRINUSE') reject(new CowshedError('BUSY', `Port ${opts.port} is already in use: choose another with --port, or --port 0 for a free one.`));
      else if (e.code === 'EADDRNOTAVAIL') reject(new CowshedError('USAGE', `${policy.address} is not an address of this machine.`));
      else reject(new CowshedError('INTERNAL', `Could not listen on ${policy.address}:${opts.port}: ${e.message}`));
    };
    server.once('error', onError);
    server.listen(opts.port, policy.address, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : opts.port;
  const origin = `http://${publicHost(policy)}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    port,
    origin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        offEvents();
        clearInterval(ping);
        for (const ws of sockets) ws.close(1001, 'Cowshed is shutting down');
        wss.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          for (const ws of sockets) ws.terminate();
          server.closeAllConnections();
        }, 500).unref();
      });
      return closing;
    },
  };
}
