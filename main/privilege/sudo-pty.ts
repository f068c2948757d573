import { CowshedError } from '../../shared/errors';
import { toolEnv } from '../core/exec/run';
import { HelperClient } from './helper-client';
import { ptyTransport, type PtyLike } from './transports';

/** sudo's prompt, replaced by a constant so it can be recognised in the terminal stream (no % escapes). */
export const SUDO_PROMPT = 'COWSHED-SUDO-PASSWORD:';
const WRONG = /sorry, try again|incorrect password|authentication failure/i;

/** Spawns a pty (node-pty, loaded only when this method is used). */
export type PtySpawner = (file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; cols: number; rows: number; name: string }) => PtyLike;

async function nodePty(): Promise<PtySpawner> {
  const m = (await import('node-pty')) as unknown as { spawn: PtySpawner; default?: { spawn: PtySpawner } };
  return m.spawn ?? m.default!.spawn;
}

/**
 * Start the helper with `sudo` in a pseudo-terminal, typing the password the user gave Cowshed's own dialog.
 * The password is written once to sudo's prompt and not kept; a second prompt means it was wrong: the pty is
 * killed at once (no retry loop) and the error says so. It is never logged, echoed or put in an error.
 */
export async function startSudoPty(
  o: { sudo: string; launcher: string; password: string | undefined; timeoutMs?: number; spawn?: PtySpawner; onSpawnArgv?: (argv: string[]) => void },
): Promise<HelperClient> {
  const spawn = o.spawn ?? (await nodePty());
  const argv = [o.sudo, '-p', SUDO_PROMPT, '--', o.launcher];
  o.onSpawnArgv?.(argv);
  const pty = spawn(argv[0]!, argv.slice(1), { cwd: '/', env: { ...toolEnv(), TERM: 'dumb' }, cols: 200, rows: 24, name: 'dumb' });
  let password: string | null = o.password ?? null;
  let asked = 0;
  let seen = '';
  let listening = true;
  let fail: (e: CowshedError) => void = () => undefined;
  const failed = new Promise<never>((_, rej) => (fail = rej));
  failed.catch(() => undefined);
  const stop = (e: CowshedError) => {
    password = null;
    try {
      pty.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    fail(e);
  };
  const tap = (d: string) => {
    if (!listening) return;
    seen = (seen + d).slice(-2000);
    if (WRONG.test(seen) || (asked > 0 && seen.includes(SUDO_PROMPT))) {
      stop(new CowshedError('NEEDS_ADMIN', 'sudo did not accept the password. Nothing was run; try again with the right password.', { details: { reason: 'wrong-password' } }));
      return;
    }
    if (!seen.includes(SUDO_PROMPT)) return;
    if (password === null) {
      stop(new CowshedError('NEEDS_ADMIN', 'sudo asks for a password: type it into Cowshed\'s dialog.', { details: { reason: 'password-required' } }));
      return;
    }
    asked++;
    seen = seen.slice(seen.indexOf(SUDO_PROMPT) + SUDO_PROMPT.length);
    pty.write(password + '\r');
    password = null;
  };
  const client = new HelperClient(ptyTransport(pty, tap), 'sudo-pty');
  const timer = setTimeout(() => stop(new CowshedError('TIMEOUT', 'sudo did not start the helper in time.')), o.timeoutMs ?? 30_000);
  try {
    await Promise.race([client.ready, failed]);
    return client;
  } catch (e) {
    try {
      pty.kill('SIGKILL');
    } catch {
      /* gone */
    }
    throw e;
  } finally {
    clearTimeout(timer);
    listening = false;
    password = null;
  }
}
