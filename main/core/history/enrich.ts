import type { DiffChange } from '../../../shared/contract/history';
import { decide, lstatLite, type Pair, type StatLite } from './compare';
import type { RawChange } from './types';

/**
 * Fill in types and sizes of changes a kernel-assisted engine found (it reports paths only), and settle the
 * entries it could only say were touched ('check') by comparing their stats in A and B.
 */
export async function enrich(
  raw: readonly RawChange[],
  roots: { a: string; b: string },
  opts: { fiemap: boolean; signal?: AbortSignal },
): Promise<DiffChange[]> {
  const at = (root: string, p: string) => (p === '/' ? root : root + p);
  const stats = await Promise.all(
    raw.map(async (c) => {
      const oldPath = c.change === 'added' ? null : c.change === 'removed' ? c.path : (c.from ?? c.path);
      const newPath = c.change === 'removed' ? null : c.path;
      const [sa, sb] = await Promise.all([oldPath ? lstatLite(at(roots.a, oldPath)) : null, newPath ? lstatLite(at(roots.b, newPath)) : null]);
      return { sa, sb };
    }),
  );
  const size = (s: StatLite | null) => (s && s.type !== 'dir' ? Number(s.size) : null);
  const checks: { i: number; pair: Pair }[] = [];
  const out: (DiffChange | null)[] = raw.map((c, i) => {
    const { sa, sb } = stats[i]!;
    const type = c.type ?? sb?.type ?? sa?.type;
    if (c.change === 'check') {
      if (!sa || !sb || type === 'dir') return null;
      checks.push({ i, pair: { a: at(roots.a, c.from ?? c.path), b: at(roots.b, c.path), sa, sb, renamed: (c.from ?? c.path) !== c.path } });
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
  return out.filter((d): d is DiffChange => d !== null);
}
