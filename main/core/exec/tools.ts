import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Directories searched for tools besides $PATH (admin tools live in sbin on Debian). */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const cache = new Map<string, string | null>();

/** Resolve a tool name to an absolute path once; null when it is not installed. */
export function resolveTool(name: string): string | null {
  if (name.startsWith('/')) return name;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  let found: string | null = null;
  for (const d of dirs) {
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      found = p;
      break;
    } catch {
      /* not here */
    }
  }
  cache.set(name, found);
  return found;
}

/** Forget resolved paths (tests that install or hide tools). */
export function clearToolCache(): void {
  cache.clear();
}
