import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CowshedError } from '../../../../shared/errors';

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Compare two directory trees: names, types, modes, owners, sizes, symlink targets and file contents
 * (sha256). Returns the first difference as a sentence, or null when they are the same. Cancellable.
 */
export async function compareTrees(a: string, b: string, signal?: AbortSignal): Promise<string | null> {
  const walk = async (rel: string): Promise<string | null> => {
    if (signal?.aborted) throw new CowshedError('CANCELLED', 'Cancelled while verifying the copy.');
    const [na, nb] = await Promise.all([readdir(join(a, rel)), readdir(join(b, rel))]);
    na.sort();
    nb.sort();
    if (na.join('\0') !== nb.join('\0')) {
      const only = na.find((x) => !nb.includes(x)) ?? nb.find((x) => !na.includes(x));
      return `${join(rel, only ?? '?')} exists on one side only`;
    }
    for (const name of na) {
      const p = join(rel, name);
      const [sa, sb] = await Promise.all([lstat(join(a, p)), lstat(join(b, p))]);
      if (sa.mode !== sb.mode || sa.uid !== sb.uid || sa.gid !== sb.gid) return `${p} differs in mode or owner`;
      if (sa.isSymbolicLink()) {
        if ((await readlink(join(a, p))) !== (await readlink(join(b, p)))) return `${p} points elsewhere`;
      } else if (sa.isDirectory()) {
        const d = await walk(p);
        if (d) return d;
      } else if (sa.isFile()) {
        if (sa.size !== sb.size) return `${p} differs in size`;
        if ((await sha256(join(a, p))) !== (await sha256(join(b, p)))) return `${p} differs in content`;
      }
    }
    return null;
  };
  return walk('');
}
