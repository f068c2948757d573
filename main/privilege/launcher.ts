import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the helper launcher is, and whether it is safe to hand to sudo / pkexec. */
export interface LauncherInfo {
  path: string | null;
  trusted: boolean;
  reason?: string;
}

/** The installed location the polkit policy names. */
export const INSTALLED_LAUNCHER = '/opt/Cowshed/resources/cowshed-helper-launcher';
const NAME = 'cowshed-helper-launcher';

/** Root-owned and not writable by group / others: the file and every folder above it. */
export function rootProtected(path: string): string | null {
  for (let p = path; ; p = dirname(p)) {
    let st;
    try {
      st = statSync(p);
    } catch {
      return `${p} does not exist`;
    }
    if (st.uid !== 0) return `${p} is not owned by root`;
    if (st.mode & 0o022) return `${p} is writable by others than root`;
    if (p === '/') return null;
  }
}

function candidates(): string[] {
  const out: string[] = [];
  if (process.env.COWSHED_HELPER_LAUNCHER) out.push(process.env.COWSHED_HELPER_LAUNCHER);
  const res = (process as { resourcesPath?: string }).resourcesPath;
  if (res) out.push(join(res, NAME));
  const entry = process.argv[1];
  if (entry) out.push(join(dirname(entry), '..', 'resources', NAME), join(dirname(entry), '..', '..', 'resources', NAME));
  out.push(INSTALLED_LAUNCHER);
  return out;
}

/**
 * Find the launcher: $COWSHED_HELPER_LAUNCHER, the app's resources folder, the source checkout next to the
 * running bundle, or the installed path. It must be root-protected: otherwise a user could edit what runs as root.
 */
export function findLauncher(): LauncherInfo {
  for (const c of candidates()) {
    if (!c.startsWith('/') || !existsSync(c)) continue;
    const path = realpathSync(c);
    if (!/^[A-Za-z0-9_./-]+$/.test(path)) return { path, trusted: false, reason: `the launcher path ${path} has characters Cowshed will not pass to sudo` };
    const bad = rootProtected(path);
    return bad ? { path, trusted: false, reason: `the helper launcher is not protected: ${bad}` } : { path, trusted: true };
  }
  return { path: null, trusted: false, reason: 'the helper launcher (cowshed-helper-launcher) is not installed' };
}
