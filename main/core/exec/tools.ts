import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Directories searched for tools besides $PATH (admin tools live in sbin on Debian). */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const cache = new Map<string, string | null>();

/** The directories tools are looked up in, in order: $PATH, then the sbin/bin directories, each once. */
export function toolDirs(): string[] {
  return [...new Set([...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS])];
}

/** Whether `p` is a file the current user may run. Misses are stat'ed without throwing (most lookups miss). */
function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p, { throwIfNoEntry: false })?.isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false; // not runnable by us, or a path component that is not a directory
  }
}

/** Resolve a tool name to an absolute path once (the first in `toolDirs()`); null when it is not installed. */
export function resolveTool(name: string): string | null {
  if (name.startsWith('/')) return name;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let found: string | null = null;
  for (const d of toolDirs()) {
    const p = join(d, name);
    if (isExecutableFile(p)) {
      found = p;
      break;
    }
  }
  cache.set(name, found);
  return found;
}

/** Forget resolved paths (tests that install or hide tools). */
export function clearToolCache(): void {
  cache.clear();
}
