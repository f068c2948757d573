import { lstatSync } from 'node:fs';
import { createConnection } from 'node:net';
import { CowshedError } from '../../shared/errors';
import { Journal } from '../core/journal/journal';
import { HelperServer } from './helper-server';
import { encodeFrame, FrameDecoder, MAX_REQUEST_FRAME } from './protocol';
import { socketPathFor } from './socket-path';

/**
 * Entry of the privileged helper (bundled to dist/privilege/helper.cjs, started as root by the launcher).
 * Speaks the frame protocol on stdin/stdout (a pipe or a pty), or on the app's Unix socket in --socket mode.
 */

/** Where the helper journals (root-owned; the app's own journal is the user's). */
const HELPER_JOURNAL = '/var/log/cowshed/journal.jsonl';

function callerUid(): number {
  const raw = process.env.COWSHED_CALLER_UID || process.env.PKEXEC_UID || process.env.SUDO_UID || String(process.getuid?.() ?? -1);
  return /^\d{1,10}$/.test(raw) ? Number(raw) : -1;
}

/** The app's socket must be in a folder only the caller owns: connecting anywhere else is refused. */
function checkSocket(path: string, uid: number): void {
  const dir = path.slice(0, path.lastIndexOf('/'));
  const d = lstatSync(dir);
  const s = lstatSync(path);
  if (!d.isDirectory() || d.uid !== uid || (d.mode & 0o077) !== 0) throw new CowshedError('NEEDS_ADMIN', `${dir} must be a folder only uid ${uid} can open.`);
  if (!s.isSocket() || s.uid !== uid) throw new CowshedError('NEEDS_ADMIN', `${path} is not the app's socket.`);
}

function main(): void {
  const fatal = (msg: string) => {
    process.stdout.write(encodeFrame({ t: 'error', id: null, error: { code: 'NEEDS_ADMIN', message: msg } }));
    process.exit(77);
  };
  if (process.getuid?.() !== 0) return fatal('The Cowshed helper must run as root.');
  process.chdir('/');
  process.umask(0o077);
  process.env.PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
  process.env.LC_ALL = 'C';
  const uid = callerUid();
  if (uid < 0) return fatal('The Cowshed helper could not tell which user started it.');

  let input: NodeJS.ReadableStream;
  let write: (line: string) => void;
  if (process.env.COWSHED_HELPER_MODE === 'socket') {
    const path = socketPathFor(uid);
    try {
      checkSocket(path, uid);
    } catch (e) {
      return fatal((e as Error).message);
    }
    const sock = createConnection(path);
    sock.on('error', () => process.exit(1));
    input = sock;
    write = (l) => void sock.write(l);
  } else {
    // Under sudo in a pty the line discipline would echo, buffer lines and turn bytes into signals: go raw.
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    input = process.stdin;
    write = (l) => void process.stdout.write(l);
  }

  const server = new HelperServer({ write, journal: new Journal(HELPER_JOURNAL), callerUid: uid });
  const decoder = new FrameDecoder(
    MAX_REQUEST_FRAME,
    (line) => void server.handleLine(line),
    (why) => write(encodeFrame({ t: 'error', id: null, error: { code: 'USAGE', message: `The helper dropped a frame (${why === 'oversize' ? `over ${MAX_REQUEST_FRAME} bytes` : 'not ASCII'}).` } })),
  );
  input.on('data', (c: Buffer | string) => decoder.push(c));
  const end = () => {
    server.abortAll();
    const wait = () => (server.busy ? setTimeout(wait, 50) : process.exit(0));
    wait();
  };
  input.on('end', end);
  input.on('close', end);
  process.on('SIGHUP', end);
  process.on('SIGTERM', end);
  server.ready();
}

main();
