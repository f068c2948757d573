import { existsSync, mkdirSync, chmodSync, lstatSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { EscalationMethod } from '../../shared/contract/privilege';
import { CowshedError } from '../../shared/errors';
import { runLocal } from '../core/exec/run';
import { socketPathFor } from './socket-path';
import { HelperClient } from './helper-client';
import { startSudoPty, type PtySpawner } from './sudo-pty';
import { childTransport, socketTransport } from './transports';

/** The system tools escalation uses, by absolute path. */
export interface EscalationTools {
  sudo: string;
  pkexec: string;
  /** Where polkit reads actions from: the policy must be installed for pkexec to show Cowshed's message. */
  policy: string;
  /** Observe every process escalation starts (tests). */
  onSpawnArgv?: (argv: string[]) => void;
  ptySpawn?: PtySpawner;
}

export const DEFAULT_TOOLS: EscalationTools = {
  sudo: '/usr/bin/sudo',
  pkexec: '/usr/bin/pkexec',
  policy: '/usr/share/polkit-1/actions/org.cowshed.helper.policy',
};

/** One method and whether it can be used here. */
export interface MethodInfo {
  method: EscalationMethod;
  available: boolean;
  reason?: string;
}

/** Wait for the helper's greeting, or fail after `ms`. */
async function greeted(h: HelperClient, ms: number): Promise<HelperClient> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new CowshedError('TIMEOUT', 'The privileged helper did not answer in time.')), ms);
  });
  try {
    await Promise.race([h.ready, timeout]);
    return h;
  } catch (e) {
    h.close();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether sudo would start the launcher without a password (`sudo -n -l <launcher>` asks, runs nothing). */
export async function sudoNAllowed(tools: EscalationTools, launcher: string): Promise<boolean> {
  if (!existsSync(tools.sudo)) return false;
  tools.onSpawnArgv?.([tools.sudo, '-n', '-l', '--', launcher]);
  return runLocal(tools.sudo, ['-n', '-l', '--', launcher], { timeoutMs: 10_000 }).then(
    () => true,
    () => false,
  );
}

/** Which methods exist on this machine, in the order Cowshed tries them. */
export async function availableMethods(tools: EscalationTools, launcher: { path: string | null; trusted: boolean; reason?: string }, uid: number): Promise<MethodInfo[]> {
  const isRoot = uid === 0;
  const out: MethodInfo[] = [{ method: 'root', available: isRoot, ...(isRoot ? {} : { reason: 'Cowshed is not running as root' }) }];
  if (isRoot) return out;
  const noLauncher = !launcher.path || !launcher.trusted ? launcher.reason ?? 'the helper launcher is missing' : null;
  const sudo = existsSync(tools.sudo);
  const sudoN = !noLauncher && sudo && (await sudoNAllowed(tools, launcher.path!));
  out.push({ method: 'sudo-n', available: sudoN, ...(sudoN ? {} : { reason: noLauncher ?? (sudo ? 'no sudo rule lets you start the helper without a password' : 'sudo is not installed') }) });
  const pk = existsSync(tools.pkexec);
  const policy = existsSync(tools.policy);
  const pkReason = noLauncher ?? (!pk ? 'pkexec (polkit) is not installed' : !policy ? `the polkit policy is not installed (${tools.policy})` : undefined);
  out.push({ method: 'pkexec', available: !pkReason, ...(pkReason ? { reason: pkReason } : {}) });
  const run = existsSync(`/run/user/${uid}`);
  const spReason = noLauncher ?? (!pk && !existsSync('/usr/bin/kdesudo') ? 'neither pkexec nor kdesudo is installed' : !run ? `/run/user/${uid} does not exist` : undefined);
  out.push({ method: 'sudo-prompt', available: !spReason, ...(spReason ? { reason: spReason } : {}) });
  const ptyReason = noLauncher ?? (!sudo ? 'sudo is not installed' : undefined);
  out.push({ method: 'sudo-pty', available: !ptyReason, ...(ptyReason ? { reason: ptyReason } : {}) });
  return out;
}

/** sudo without a password (a NOPASSWD rule for the launcher): nothing is asked. */
export function startSudoN(tools: EscalationTools, launcher: string): Promise<HelperClient> {
  const t = childTransport([tools.sudo, '-n', '--', launcher], tools.onSpawnArgv);
  return greeted(new HelperClient(t, 'sudo-n'), 20_000);
}

/** pkexec with Cowshed's polkit action: the desktop's agent shows the policy's message. Pipes stay ours. */
export function startPkexec(tools: EscalationTools, launcher: string): Promise<HelperClient> {
  const t = childTransport([tools.pkexec, '--disable-internal-agent', launcher], tools.onSpawnArgv);
  return greeted(new HelperClient(t, 'pkexec'), 300_000);
}

/**
 * Listen on /run/user/<uid>/cowshed/helper.sock (folder mode 0700), have `elevate` start `<launcher> --socket`
 * as root, and take the helper's connection. `elevate` resolves with an error when elevation failed.
 */
export async function startSocketRendezvous(launcher: string, uid: number, elevate: (argv: string[]) => Promise<Error | null>): Promise<HelperClient> {
  const path = socketPathFor(uid);
  const dir = path.slice(0, path.lastIndexOf('/'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (existsSync(path) && lstatSync(path).isSocket()) rmSync(path);
  const server = createServer();
  await new Promise<void>((res, rej) => server.once('error', rej).listen(path, () => res()));
  chmodSync(path, 0o600);
  try {
    const sock = await new Promise<Socket>((resolve, reject) => {
      server.once('connection', resolve);
      elevate([launcher, '--socket']).then(
        (err) => err && reject(new CowshedError('NEEDS_ADMIN', `Authentication did not succeed: ${err.message}`)),
        (err: unknown) => reject(err),
      );
    });
    return await greeted(new HelperClient(socketTransport(sock), 'sudo-prompt'), 20_000);
  } finally {
    server.close();
    rmSync(path, { force: true });
  }
}

/**
 * @vscode/sudo-prompt (pkexec or kdesudo through a shell). Its command string holds only the quoted launcher
 * path and the constant --socket, never user text; the helper dials back to the app's socket.
 */
export async function startSudoPrompt(launcher: string, uid: number): Promise<HelperClient> {
  if (!/^[A-Za-z0-9_./-]+$/.test(launcher)) throw new CowshedError('NOT_SUPPORTED', 'The launcher path has characters Cowshed will not put in a command string.');
  // sudo-prompt prefixes `cd "<cwd>"`: keep any unusual folder name out of the shell string.
  if (!/^[A-Za-z0-9_./-]*$/.test(process.cwd())) process.chdir('/');
  const sudoPrompt = (await import('@vscode/sudo-prompt')) as unknown as { exec: typeof import('@vscode/sudo-prompt').exec };
  return startSocketRendezvous(launcher, uid, (argv) =>
    new Promise<Error | null>((resolve) => sudoPrompt.exec(`'${argv[0]}' ${argv[1]}`, { name: 'Cowshed' }, (err) => resolve(err ?? null))),
  );
}

/** Start the helper by one method. */
export function startMethod(method: EscalationMethod, tools: EscalationTools, launcher: string, uid: number, password?: string): Promise<HelperClient> {
  switch (method) {
    case 'sudo-n':
      return startSudoN(tools, launcher);
    case 'pkexec':
      return startPkexec(tools, launcher);
    case 'sudo-prompt':
      return startSudoPrompt(launcher, uid);
    case 'sudo-pty':
      return startSudoPty({ sudo: tools.sudo, launcher, password, spawn: tools.ptySpawn, onSpawnArgv: tools.onSpawnArgv });
    case 'root':
    case 'none':
      return Promise.reject(new CowshedError('USAGE', `"${method}" does not start a helper.`));
  }
}
