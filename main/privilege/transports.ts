import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { toolEnv } from '../core/exec/run';
import type { Transport } from './helper-client';

/** Unref-able handles (pipes, sockets) carry these. */
type Refable = { ref?: () => void; unref?: () => void };
const setRef = (h: unknown, on: boolean) => (on ? (h as Refable)?.ref?.() : (h as Refable)?.unref?.());

/**
 * A child process (sudo -n / pkexec + the launcher) spoken to over its stdin / stdout. Argv only, fixed
 * environment, cwd /. Its stderr is kept (bounded) for the error message when it fails to start.
 */
export function childTransport(argv: readonly string[], onSpawnArgv?: (argv: string[]) => void): Transport & { child: ChildProcess; stderr(): string } {
  onSpawnArgv?.([...argv]);
  const child = spawn(argv[0]!, argv.slice(1), { shell: false, cwd: '/', env: toolEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  let onClose: (why: string) => void = () => undefined;
  let closedWhy: string | null = null;
  const close = (why: string) => {
    if (closedWhy !== null) return;
    closedWhy = why;
    onClose(why);
  };
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-4000)));
  child.on('error', (e) => close(e.message));
  child.on('close', (code, sig) => close(`${err.trim().split('\n').at(-1) ?? ''} (exit ${code ?? sig})`.trim()));
  child.stdin!.on('error', () => undefined);
  return {
    child,
    stderr: () => err,
    write: (s) => void child.stdin!.write(s),
    onData: (cb) => child.stdout!.on('data', cb),
    onClose: (cb) => {
      onClose = cb;
      if (closedWhy !== null) cb(closedWhy);
    },
    close: () => child.stdin!.end(),
    setActive: (on) => {
      for (const h of [child, child.stdin, child.stdout, child.stderr]) setRef(h, on);
    },
  };
}

/** A connected Unix socket (the helper dialled the app: sudo-prompt method). */
export function socketTransport(sock: Socket): Transport {
  let onClose: (why: string) => void = () => undefined;
  sock.on('close', () => onClose('the helper closed its socket'));
  sock.on('error', () => undefined);
  return {
    write: (s) => void sock.write(s),
    onData: (cb) => sock.on('data', cb),
    onClose: (cb) => (onClose = cb),
    close: () => sock.end(),
    setActive: (on) => setRef(sock, on),
  };
}

/** Minimal view of a node-pty process. */
export interface PtyLike {
  write(data: string): void;
  onData(cb: (d: string) => void): unknown;
  onExit(cb: (e: { exitCode: number; signal?: number }) => void): unknown;
  kill(signal?: string): void;
}

/** A pty (sudo in a terminal). `tap` sees every chunk first (the password dialogue). */
export function ptyTransport(pty: PtyLike, tap?: (d: string) => void): Transport {
  const data = new PassThrough();
  let onClose: (why: string) => void = () => undefined;
  pty.onData((d) => {
    tap?.(d);
    data.write(d);
  });
  pty.onExit((e) => onClose(`sudo exited (${e.exitCode})`));
  return {
    write: (s) => pty.write(s),
    onData: (cb) => data.on('data', cb),
    onClose: (cb) => (onClose = cb),
    close: () => pty.kill('SIGHUP'),
    setActive: () => undefined,
  };
}

/** Two in-memory pipes: an in-process helper server for tests and the already-root audit mode. */
export function memoryPair(): { client: Transport; serverIn: PassThrough; serverWrite: (s: string) => void; end(): void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let onClose: (why: string) => void = () => undefined;
  return {
    client: {
      write: (s) => void toServer.write(s),
      onData: (cb) => toClient.on('data', cb),
      onClose: (cb) => (onClose = cb),
      close: () => {
        toServer.end();
        onClose('closed');
      },
      setActive: () => undefined,
    },
    serverIn: toServer,
    serverWrite: (s) => void toClient.write(s),
    end: () => onClose('ended'),
  };
}
