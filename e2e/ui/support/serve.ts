import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A running `cowshed serve` (the real door the UI uses in a browser). */
export interface ServeProcess {
  url: string;
  stop(): Promise<void>;
}

/** Start `cowshed serve --port 0 --no-open --json` and read the URL it prints (its journal in a temp dir). */
export async function startServe(): Promise<ServeProcess> {
  const state = mkdtempSync(join(tmpdir(), 'cowshed-ui-state-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'cowshed.cjs'), 'serve', '--port', '0', '--no-open', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_STATE_HOME: state },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`cowshed serve printed no URL in 15 s: ${stderr}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /https?:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[0]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`cowshed serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((r) => {
        const done = () => {
          rmSync(state, { recursive: true, force: true });
          r();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
