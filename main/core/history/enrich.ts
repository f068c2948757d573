import type { DiffChange } from '../../../shared/contract/history';
import { decide, lstatLiteSync, type Pair, type StatLite } from './compare';
import type { RawChange } from './types';

/**
 * Fill in types and sizes of changes a kernel-assisted engine found (it reports paths only), settle the
 * entries it could only say were touched ('check') by comparing their stats in A and B, and turn a removed
 * and an added path of one inode into a rename (an unlink of a hard link the stream never named, plus a link).
 */
export async function enrich(
  raw: readonly RawChange[],
  roots: { a: string; b: string },
  opts: { fiemap: boolean; signal?: AbortSignal },
): Promise<DiffChange[]> {
  const out: DiffChange[] = [];
  const gone: { c: DiffChange; ino: bigint }[] = [];
  const fresh: { c: DiffChange; ino: bigint }[] = [];
  for (let i = 0; i < raw.length; i += 2000) {
    for (const e of await enrichPart(raw.slice(i, i + 2000), roots, opts)) {
      if (e.ino !== null && e.c.change === 'removed') gone.push({ c: e.c, ino: e.ino });
      else if (e.ino !== null && e.c.change === 'added') fresh.push({ c: e.c, ino: e.ino });
      else out.push(e.c);
    }
  }
  const byIno = new Map<bigint, DiffChange[]>();
  for (const f of fresh) byIno.set(f.ino, [...(byIno.get(f.ino) ?? []), f.c]);
  for (const g of gone) {
    const list = byIno.get(g.ino);
    const b = list?.find((x) => x.type === g.c.type);
    if (!b) {
      out.push(g.c);
      continue;
    }
    list!.splice(list!.indexOf(b), 1);
    out.push({ change: 'renamed', path: b.path, from: g.c.path, type: b.type, size: b.size, oldSize: g.c.oldSize });
  }
  for (const list of byIno.values()) out.push(...list);
  return out;
}

async function enrichPart(
  raw: readonly RawChange[],
  roots: { a: string; b: string },
  opts: { fiemap: boolean; signal?: AbortSignal },
): Promise<{ c: DiffChange; ino: bigint | null }[]> {
  const at = (root: string, p: string) => (p === '/' ? root : root + p);
  // Synchronous lstat: a few thousand metadata lookups are faster without a thread-pool round trip each.
  const stats = raw.map((c) => {
    const oldPath = c.change === 'added' ? null : c.change === 'removed' ? c.path : (c.from ?? c.oldPath ?? c.path);
    const newPath = c.change === 'removed' ? null : c.path;
    return { sa: oldPath ? lstatLiteSync(at(roots.a, oldPath)) : null, sb: newPath ? lstatLiteSync(at(roots.b, newPath)) : null };
  });
  const size = (s: StatLite | null) => (s && s.type !== 'dir' ? Number(s.size) : null);
  const checks: { i: number; pair: Pair }[] = [];
  const ino = (i: number) => (raw[i]!.change === 'removed' ? stats[i]!.sa?.ino : raw[i]!.change === 'added' ? stats[i]!.sb?.ino : null) ?? null;
  const out: (DiffChange | null)[] = raw.map((c, i) => {
    const { sa, sb } = stats[i]!;
    const type = c.type ?? sb?.type ?? sa?.type;
    if (c.change === 'check') {
      if (!sa || !sb || type === 'dir') return null;
      checks.push({ i, pair: { a: at(roots.a, c.oldPath ?? c.path), b: at(roots.b, c.path), sa, sb, renamed: (c.oldPath ?? c.path) !== c.path } });
      return null;
    }
    const d: DiffChange = { change: c.change, path: c.path, type, size: size(sb), oldSize: size(sa) };
    if (c.from !== undefined) d.from = c.from;
    if (c.metadataOnly) d.metadataOnly = true;
    return d;
  });
  if (checks.length) {
    const verdicts = await decide(checks.map((c) => c.pair), opts);
    checks.forEach(({ i, pair }, k) => {
      const v = verdicts[k]!;
      if (v === 'same') return;
      out[i] = { change: 'modified', path: raw[i]!.path, type: pair.sb.type, size: size(pair.sb), oldSize: size(pair.sa), ...(v === 'meta' ? { metadataOnly: true } : {}) };
    });
  }
  return out.flatMap((c, i) => (c ? [{ c, ino: ino(i) }] : []));
}
