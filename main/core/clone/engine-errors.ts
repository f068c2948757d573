import { CowshedError, type ErrorCode } from '../../../shared/errors';
import type { EngineFailure } from './native';

const OPS: Record<string, string> = {
  stat: 'reading', open: 'opening', 'read-folder': 'reading the folder', readlink: 'reading the symlink',
  changed: 'cloning (it changed while being cloned)',
};

const fmtBytes = (n: number) => {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i ? v.toFixed(1) : v} ${u[i]}`;
};

/**
 * Turn the engine's first error into a typed error with a sentence. `reflinkRefused` words a FICLONE the
 * kernel refused (policy "always"); paths are shown relative to the source.
 */
export function engineError(f: EngineFailure, source: string, reflinkRefused: (code: string) => string): CowshedError {
  const at = f.path ? `${source}/${f.path}` : source;
  // Steps on the clone's side are "cloning <source entry>": the clone itself stays hidden until it is complete.
  const sourceSide = ['stat', 'open', 'read-folder', 'readlink', 'changed'].includes(f.op);
  const doing = sourceSide ? `${OPS[f.op] ?? f.op} ${at}` : `cloning ${at}`;
  const details = { errno: f.code, op: f.op, path: at };
  const err = (code: ErrorCode, message: string) => new CowshedError(code, message, { details });
  if (f.code === 'ECANCELED') return err('CANCELLED', 'Cancelled: nothing was left behind.');
  if (f.op === 'space') {
    const m = /need=(\d+) free=(\d+)/.exec(f.detail);
    const need = m ? fmtBytes(Number(m[1])) : '?';
    const free = m ? fmtBytes(Number(m[2])) : '?';
    return err('NO_SPACE', `Not enough free space to copy the data: it needs ${need} and ${free} is free. Nothing was written.`);
  }
  if (f.op === 'clone' && ['EOPNOTSUPP', 'ENOTSUP', 'EXDEV', 'EINVAL', 'ENOTTY', 'ENOSYS'].includes(f.code))
    return err(f.code === 'EXDEV' ? 'CROSS_DEVICE' : 'NOT_SUPPORTED', `Cannot share blocks: ${reflinkRefused(f.code)}. Nothing was left behind.`);
  switch (f.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return err('NO_SPACE', `The destination filesystem ran out of space while ${doing}. Nothing was left behind.`);
    case 'EXDEV':
      return err('CROSS_DEVICE', `Different filesystems while ${doing}.`);
    case 'EROFS':
      return err('READ_ONLY', `The destination is read-only (while ${doing}).`);
    case 'EACCES':
    case 'EPERM':
      return err('NEEDS_ADMIN', `Permission denied while ${doing}: this needs administrator rights.`);
    case 'EEXIST':
      return err('EXISTS', `${at} already exists.`);
    case 'ENOENT':
    case 'ESTALE':
      return err('NOT_FOUND', `${at} changed or disappeared while it was being cloned; nothing was left behind.`);
    default:
      return err('INTERNAL', `Failed while ${doing}: ${f.message} (${f.code}).`);
  }
}
