import { coarse, type StatLite } from './compare';

/**
 * Collapsing one file's appearances across snapshots (oldest first, live last) into distinct versions.
 * Consecutive appearances with the same inode, size and mtime are one version, unless the inode changed
 * (ctime) or whole-second timestamps cannot tell (the change time is not clearly older than the previous
 * snapshot): then the content decides. Different mtimes are still one version when the blocks are the same
 * ones (extent identity: chmod, touch, a reflink restore). With hashing, equal content anywhere is one version.
 */

/** One appearance of the file: in a snapshot, or live (snapshot null). */
export interface Appearance {
  path: string;
  stat: StatLite;
  snapshot: { id: string; name: string; createdSec: number | null } | null;
  temporary?: boolean;
}

/** How an appearance relates to the one before it. */
export type Relation = 'same' | 'different' | 'check-content' | 'check-blocks';

/** Slack for second-resolution creation times (btrfs otime, ZFS creation). */
const SLACK_SEC = 1;

/** The relation between consecutive appearances, from stats alone. */
export function relate(prev: Appearance, cur: Appearance): Relation {
  const a = prev.stat;
  const b = cur.stat;
  if (a.type !== b.type || a.size !== b.size) return 'different';
  if (a.ino === b.ino && a.mtimeNs === b.mtimeNs) {
    if (a.ctimeNs !== b.ctimeNs) return 'check-content';
    // With whole-second timestamps, unchanged stats prove nothing if the file may have changed within the
    // second after `prev` was taken.
    if (!coarse(b)) return 'same';
    const created = prev.snapshot?.createdSec ?? null;
    const ctimeSec = Number(b.ctimeNs / 1_000_000_000n);
    if (prev.snapshot !== null && created !== null && ctimeSec < created - SLACK_SEC) return 'same';
    return 'check-content';
  }
  return 'check-blocks';
}

/** A run of appearances that are one version. */
export interface Run {
  items: Appearance[];
  hash: string | null;
}

/**
 * Merge runs whose first appearances share a key (null keys never merge); order of first appearance is kept.
 * Equal content needs equal sizes, so only runs whose size repeats are asked about.
 */
async function mergeBy(runs: Run[], keyOf: (paths: string[]) => Promise<(string | null)[]>, setHash: boolean): Promise<Run[]> {
  const sizes = new Map<bigint, number>();
  for (const r of runs) sizes.set(r.items[0]!.stat.size, (sizes.get(r.items[0]!.stat.size) ?? 0) + 1);
  const ask = runs.map((r, i) => (setHash || sizes.get(r.items[0]!.stat.size)! > 1 ? i : -1)).filter((i) => i >= 0);
  const answers = ask.length ? await keyOf(ask.map((i) => runs[i]!.items[0]!.path)) : [];
  const keys: (string | null)[] = runs.map(() => null);
  ask.forEach((i, k) => (keys[i] = answers[k] ?? null));
  const merged: Run[] = [];
  const byKey = new Map<string, Run>();
  runs.forEach((r, i) => {
    const k = keys[i] ?? null;
    if (setHash) r.hash = k;
    const into = k === null ? undefined : byKey.get(k);
    if (into) into.items.push(...r.items);
    else {
      merged.push(r);
      if (k !== null) byKey.set(k, r);
    }
  });
  return merged;
}

/** Ways to merge versions that are not next to each other. */
export interface MergeKeys {
  /** The identity of a file's blocks (FIEMAP), null when it cannot be told. */
  blocks?: (paths: string[]) => Promise<(string | null)[]>;
  /** A content hash (the --hash option). */
  hash?: (paths: string[]) => Promise<(string | null)[]>;
}

/**
 * Build the versions. `same` answers the content checks for consecutive pairs that `relate` asked about;
 * `keys` merge non-adjacent runs that are the same blocks or the same content.
 */
export async function collapse(
  items: readonly Appearance[],
  same: (checks: { prev: Appearance; cur: Appearance; relation: 'check-content' | 'check-blocks' }[]) => Promise<boolean[]>,
  keys: MergeKeys = {},
): Promise<Run[]> {
  const relations = items.map((cur, i) => (i === 0 ? 'different' : relate(items[i - 1]!, cur)));
  const checks = relations.flatMap((r, i) => (r === 'check-content' || r === 'check-blocks' ? [{ i, relation: r }] : []));
  const answers = checks.length ? await same(checks.map((c) => ({ prev: items[c.i - 1]!, cur: items[c.i]!, relation: c.relation }))) : [];
  checks.forEach((c, k) => (relations[c.i] = answers[k] ? 'same' : 'different'));
  let runs: Run[] = [];
  items.forEach((it, i) => {
    if (relations[i] === 'same' && runs.length) runs[runs.length - 1]!.items.push(it);
    else runs.push({ items: [it], hash: null });
  });
  if (keys.blocks && runs.length > 1) runs = await mergeBy(runs, keys.blocks, false);
  if (keys.hash) runs = await mergeBy(runs, keys.hash, true);
  return runs;
}
