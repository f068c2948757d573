import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { WireRequest, WS_PATH } from '../../shared/contract/wire';
import { toErrorPayload } from '../../shared/errors';
import type { MethodName } from '../../shared/contract/index';
import { pipeline } from '../../main/core/exec/run';
import { Journal } from '../../main/core/journal/journal';
import { Service } from '../../main/core/service';
import { makeLoopFs, sh, type LoopFs } from '../fixtures/fs';

// The operations console shows the exact command lines and the live output of a running send/receive job:
// a real `btrfs send | btrfs receive` on a loop-mounted btrfs, run by the core, streamed over the WebSocket
// wire to the console component (xterm.js) in Chromium.

let out = '';
let server: Server;
let base = '';
let fs: LoopFs;
let service: Service;

test.beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cowshed-console-ui-'));
  service = new Service({ journal: new Journal(join(out, 'journal.jsonl')) });
  fs = makeLoopFs('btrfs');
  const mp = fs.mountpoint;
  sh('btrfs', ['subvolume', 'create', `${mp}/data`]);
  for (let i = 0; i < 8; i++) writeFileSync(`${mp}/data/file-${i}.bin`, randomBytes(256 * 1024));
  sh('btrfs', ['subvolume', 'snapshot', '-r', `${mp}/data`, `${mp}/data@one`]);
  writeFileSync(`${mp}/data/later.bin`, randomBytes(1024 * 1024));
  sh('btrfs', ['subvolume', 'snapshot', '-r', `${mp}/data`, `${mp}/data@two`]);
  mkdirSync(`${mp}/backup`);

  await build({
    entryPoints: [join(import.meta.dirname, 'console-harness.tsx')], outdir: out, bundle: true, format: 'esm', jsx: 'automatic',
    loader: { '.css': 'css' }, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
  });
  writeFileSync(join(out, 'index.html'), '<!doctype html><html><head><link rel="stylesheet" href="console-harness.css"><style>body{margin:0;background:#222}.console-harness{width:100%;height:100%}</style></head><body><div id="root"></div><script type="module" src="console-harness.js"></script></body></html>');

  server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').split('?')[0]!.slice(1);
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    let body: Buffer;
    try {
      body = readFileSync(join(out, name));
    } catch {
      return void res.writeHead(404).end();
    }
    const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  // The wire protocol of serve mode, minus its authentication (loopback, this test only).
  const wss = new WebSocketServer({ server, path: WS_PATH });
  wss.on('connection', (ws) => {
    const off = service.on((event, payload) => ws.send(JSON.stringify({ event, payload })));
    ws.on('close', off);
    ws.on('message', async (data) => {
      const req = WireRequest.parse(JSON.parse(String(data)));
      try {
        ws.send(JSON.stringify({ id: req.id, ok: true, result: await service.call(req.method as MethodName, req.params) }));
      } catch (e) {
        ws.send(JSON.stringify({ id: req.id, ok: false, error: toErrorPayload(e) }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/`;
});

test.afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  fs?.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

test('the console shows the argv and the live output of a running send/receive job', async ({ page }) => {
  const mp = fs.mountpoint;
  const gates = [0, 1, 2].map(() => {
    let open!: () => void;
    const p = new Promise<void>((r) => (open = r));
    return { p, open };
  });
  const job = service.ctx.jobs.start({
    title: 'Send data@two to backup', kind: 'send', key: null,
    run: async (j) => {
      const opts = { onStart: (argv: string[]) => j.command(argv), onStderr: (c: Buffer) => j.output('stderr', c.toString()), onStdout: (c: Buffer) => j.output('stdout', c.toString()) };
      // The console is on screen before anything runs: everything it shows arrives live.
      await gates[0]!.p;
      await pipeline({ tool: 'btrfs', args: ['send', `${mp}/data@one`] }, { tool: 'btrfs', args: ['receive', `${mp}/backup`] }, opts);
      await gates[1]!.p;
      await pipeline({ tool: 'btrfs', args: ['send', '-p', `${mp}/data@one`, `${mp}/data@two`] }, { tool: 'btrfs', args: ['receive', `${mp}/backup`] }, opts);
      await gates[2]!.p; // still running while the test reads the console
    },
  });

  await page.goto(`${base}?job=${job.id}`);
  const rows = page.getByTestId('operations-console').locator('.xterm-rows');
  await expect(rows).toBeVisible();
  await expect(rows).toHaveText(/^\s*$/);
  gates[0]!.open();

  // The command line on top, then what the tools print (send: "At subvol <path>", receive: "At subvol <name>").
  await expect(rows).toContainText(`$ /usr/bin/btrfs send ${mp}/data@one`, { timeout: 30_000 });
  await expect(rows).toContainText(`$ /usr/bin/btrfs receive ${mp}/backup`);
  await expect(rows).toContainText(`At subvol ${mp}/data@one`);
  await expect(rows).toContainText(/At subvol data@one\s*$/);
  expect(service.ctx.jobs.get(job.id).state).toBe('running');

  gates[1]!.open();
  await expect(rows).toContainText(`$ /usr/bin/btrfs send -p ${mp}/data@one ${mp}/data@two`, { timeout: 30_000 });
  await expect(rows).toContainText(/At snapshot data@two\s*$/);
  expect(service.ctx.jobs.get(job.id).state).toBe('running');
  const text = (await rows.innerText()).replace(/\u00a0/g, ' ');
  expect(text.indexOf(`$ /usr/bin/btrfs send -p`)).toBeLessThan(text.indexOf('At snapshot data@two'));
  await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'console.png') });

  gates[2]!.open();
  await expect.poll(() => service.ctx.jobs.get(job.id).state).toBe('done');
  expect(sh('btrfs', ['subvolume', 'show', `${mp}/backup/data@two`])).toMatch(/Received UUID/);
});
