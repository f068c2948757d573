/**
 * Fixtures for the privilege suite: a throw-away unprivileged user, sudoers drop-ins that allow only the helper
 * launcher, and the driver that runs the core as that user. Everything is named uniquely and removed at the end,
 * also when a test fails (process exit hook); only processes of the test user are killed, by pid.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { track } from '../fixtures/fs';

export const ROOT = join(import.meta.dirname, '..', '..');
/**
 * The launcher refuses to run unless it, the helper bundle and every folder above them are root-owned and not
 * writable by others (as a package installs them). A checkout may live anywhere (under /tmp in CI, say), so the
 * suite stages both in the packaged layout (`resources/{cowshed-helper-launcher,privilege/helper.cjs}`) under a
 * fresh root-owned folder in /run, removed at the end.
 */
const STAGE = `/run/cowshed-test-launch-${process.pid}-${randomBytes(3).toString('hex')}`;
export const LAUNCHER = join(STAGE, 'resources', 'cowshed-helper-launcher');
export const DRIVER = join(ROOT, 'dist', 'test', 'privilege-driver.cjs');
export const HELPER_JOURNAL = '/var/log/cowshed/journal.jsonl';

/** Cleanups run by the fs suites' cleanupAll after each file (and at exit). */
const tracked = track;

function must(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  cleanup(): void;
}

/** Kill the test user's processes, each by pid (never by name). */
function killUserProcesses(name: string): void {
  const r = spawnSync('ps', ['-o', 'pid=', '-u', name], { encoding: 'utf8' });
  for (const pid of (r.stdout ?? '').split('\n').map((s) => Number(s.trim())).filter((n) => n > 1)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** A fresh unprivileged user (no home, no login shell), with a password when given. */
export function makeTestUser(password?: string): TestUser {
  const name = `cowshed-test-${randomBytes(3).toString('hex')}`;
  must('useradd', ['-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', '-U', name]);
  const uid = Number(must('id', ['-u', name]).trim());
  const gid = Number(must('id', ['-g', name]).trim());
  const cleanup = tracked(() => {
    killUserProcesses(name);
    spawnSync('userdel', [name]);
    rmSync(`/run/user/${uid}`, { recursive: true, force: true });
  });
  if (password !== undefined) must('chpasswd', [], `${name}:${password}\n`);
  return { name, uid, gid, cleanup };
}

/** A sudoers drop-in that lets `user` start only the helper launcher (with or without a password). */
export function allowLauncher(user: string, opts: { nopasswd: boolean }): () => void {
  const file = `/etc/sudoers.d/cowshed-test-${randomBytes(3).toString('hex')}`;
  const cleanup = tracked(() => rmSync(file, { force: true }));
  writeFileSync(file, `${user} ALL=(root) ${opts.nopasswd ? 'NOPASSWD: ' : ''}${LAUNCHER}\n`, { mode: 0o440 });
  const check = spawnSync('visudo', ['-c', '-q', '-f', file], { encoding: 'utf8' });
  if (check.status !== 0) {
    cleanup();
    throw new Error(`visudo refused the test rule: ${check.stderr}`);
  }
  return cleanup;
}

/** Bundle the helper and the driver (fresh, so the suite never runs a stale build). */
export async function buildBundles(): Promise<void> {
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, logLevel: 'error' as const };
  await build({ ...common, entryPoints: [join(ROOT, 'main/privilege/helper-main.ts')], outfile: join(ROOT, 'dist/privilege/helper.cjs') });
  await build({ ...common, entryPoints: [join(ROOT, 'e2e/fs/privilege-driver.ts')], outfile: DRIVER, external: ['node-pty', '@vscode/sudo-prompt'] });
  stageLauncher();
}

/** Copy the launcher and the helper bundle into the protected staging folder (see LAUNCHER). */
function stageLauncher(): void {
  tracked(() => rmSync(STAGE, { recursive: true, force: true }));
  mkdirSync(join(STAGE, 'resources', 'privilege'), { recursive: true, mode: 0o755 });
  for (const d of [STAGE, join(STAGE, 'resources'), join(STAGE, 'resources', 'privilege')]) chmodSync(d, 0o755);
  copyFileSync(join(ROOT, 'resources', 'cowshed-helper-launcher'), LAUNCHER);
  chmodSync(LAUNCHER, 0o755);
  const helper = join(STAGE, 'resources', 'privilege', 'helper.cjs');
  copyFileSync(join(ROOT, 'dist', 'privilege', 'helper.cjs'), helper);
  chmodSync(helper, 0o644);
}

/** One result line of the driver. */
export type DriverLine = { op: string; ok?: boolean; result?: unknown; error?: { code: string; message: string; details?: unknown }; spawned?: string[][]; helperSpawned?: string[][] };

/** Run the driver as `user` with these operations; `state` is a folder the user owns (its journal). */
export function runAsUser(user: TestUser, state: string, ops: unknown[], env: Record<string, string> = {}) {
  const r = spawnSync(
    'runuser',
    ['-u', user.name, '--', '/usr/bin/env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', 'LC_ALL=C', `HOME=${state}`, `COWSHED_HELPER_LAUNCHER=${LAUNCHER}`,
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, DRIVER],
    { encoding: 'utf8', input: JSON.stringify({ state, ops }), cwd: '/', timeout: 120_000 },
  );
  const lines = (r.stdout ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as DriverLine);
  const spawns = lines.find((l) => l.op === 'spawns');
  return { code: r.status, stderr: r.stderr ?? '', stdout: r.stdout ?? '', results: lines.filter((l) => l.op !== 'spawns'), spawns };
}

/** Run the built CLI as `user`. */
export function cliAsUser(user: TestUser, state: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(
    'runuser',
    ['-u', user.name, '--', '/usr/bin/env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', 'LC_ALL=C', `HOME=${state}`, `COWSHED_HELPER_LAUNCHER=${LAUNCHER}`,
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, join(ROOT, 'bin', 'cowshed.cjs'), ...args],
    { encoding: 'utf8', cwd: '/', timeout: 120_000 },
  );
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A folder owned by the user (its state / journal). */
export function userDir(user: TestUser, path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  must('chown', [`${user.uid}:${user.gid}`, path]);
  return path;
}

/** /run/user/<uid> as logind would make it (the sudo-prompt method's socket lives there). */
export function runtimeDir(user: TestUser): string {
  const d = `/run/user/${user.uid}`;
  if (!existsSync(d)) userDir(user, d);
  return d;
}
