import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

// `cowshed serve` as users run it: the built CLI in a child process.
const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'bin', 'cowshed.cjs');
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'cowshed.cjs')) || !existsSync(join(root, 'dist', 'renderer', 'index.html')))
    throw new Error('Build first: `npm run build` (dist/cli and dist/renderer are needed).');
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Start `cowshed serve …`; resolves with the first stdout line. */
function serve(args: string[]): Promise<{ child: ChildProcess; line: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' } });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve({ child, line: out.split('\n')[0]!, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.on('exit', (code) => r(code))));
const status = (url: string) =>
  new Promise<number>((resolve, reject) => request(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end());

describe('cowshed serve', () => {
  it('prints one line, the URL, and serves it; --port 0 picks a free port', async () => {
    const { child, line } = await serve(['--port', '0', '--no-open']);
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(await status(line)).toBe(303);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('--json prints {"url": …}; SIGINT stops it cleanly and closes the port', async () => {
    const { child, line, stderr } = await serve(['--json', '--no-open']);
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    child.kill('SIGINT');
    const code = await exited(child);
    expect([code, child.signalCode, stderr()]).toEqual([0, null, '']);
    await expect(status(url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it.each([['0.0.0.0'], ['::'], ['192.0.2.10']])('refuses --host %s without the remote-access flag (exit 2, nothing listens)', (host) => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--host', host, '--no-open'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Refusing to listen.*--i-understand-remote-access-is-unsafe/s);
  });

  it('refuses a host name, even with the flag', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--host', 'example.com', '--i-understand-remote-access-is-unsafe', '--json'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'USAGE' } });
  });

  it('with the flag, a remote address is attempted (192.0.2.10 is not ours: a clear error, no fallback)', () => {
    const r = spawnSync(process.execPath, [BIN, 'serve', '--host', '192.0.2.10', '--i-understand-remote-access-is-unsafe', '--no-open'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toMatch(/WARNING: listening on 192\.0\.2\.10/);
    expect(r.stderr).toMatch(/not an address of this machine/);
    expect(r.status).toBe(2);
  });

  it('reports a busy port and a bad port number', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = spawnSync(process.execPath, [BIN, 'serve', '--port', String(port), '--no-open'], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
    for (const p of ['abc', '-1', '70000', '1.5']) {
      const r = spawnSync(process.execPath, [BIN, 'serve', '--port', p, '--no-open'], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, p).toBe(2);
    }
  });
});
