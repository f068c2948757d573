import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreContext } from '../context';
import { retryBusy, zfsRead } from '../providers/zfs/exec';
import { classifyZfs } from '../providers/zfs/errors';

/**
 * zfs-fuse has no `.zfs/snapshot`: a snapshot is browsed through a temporary read-only clone
 * `<pool>/.cowshed-browse-<pid>-<hex>` mounted under the temp folder, tagged with its owner
 * (`cowshed:owner=<pid>:<process start time>`). Clones are reference counted, destroyed when released (or
 * after a while unused), and a later start destroys those whose owner process is gone.
 */

export const BROWSE_PREFIX = '.cowshed-browse-';
const OWNER_PROP = 'cowshed:owner';
const STATE_KEY = 'history.browseClones';
/** How long a clone nobody holds stays mounted (previews of versions use it meanwhile). */
export const IDLE_MS = 5 * 60_000;

interface Lease {
  snapshot: string;
  dataset: string;
  mountpoint: string;
  refs: number;
  ready: Promise<void>;
  timer?: NodeJS.Timeout;
}

interface State {
  leases: Map<string, Lease>;
  swept: Map<string, Promise<void>>;
}

function state(ctx: CoreContext): State {
  let s = ctx.state.get(STATE_KEY) as State | undefined;
  if (!s) ctx.state.set(STATE_KEY, (s = { leases: new Map(), swept: new Map() }));
  return s;
}

/** This process's start time in clock ticks (/proc/self/stat field 22): a pid alone can be reused. */
function startTime(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** The owner tag of clones made by this process. */
export const ownerTag = (): string => `${process.pid}:${startTime('self') ?? '0'}`;

/** Whether the process named by an owner tag is still running (same pid and same start time). */
export function ownerAlive(tag: string | null): boolean {
  const m = /^(\d+):(\d+)$/.exec(tag ?? '');
  if (!m) return false;
  const st = startTime(Number(m[1]));
  return st !== null && (m[2] === '0' || st === m[2]);
}

/** Parse `zfs list -H -o name,cowshed:owner,mountpoint` into leftover browse clones. */
export function parseBrowseClones(text: string): { name: string; owner: string | null; mountpoint: string | null }[] {
  return text
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length >= 3 && f[0]!.split('/').pop()!.startsWith(BROWSE_PREFIX))
    .map(([name, owner, mp]) => ({ name: name!, owner: owner === '-' ? null : owner!, mountpoint: mp === '-' || mp === 'none' ? null : mp! }));
}

async function destroyClone(ctx: CoreContext, dataset: string, mountpoint: string | null): Promise<void> {
  await retryBusy(() => ctx.mutate('browse-release', 'zfs', ['destroy', dataset], { classify: classifyZfs, timeoutMs: 120_000 }));
  if (mountpoint && mountpoint.startsWith(join(tmpdir(), 'cowshed-browse-')) && existsSync(mountpoint)) {
    try {
      rmdirSync(mountpoint);
    } catch {
      /* not empty or already gone: leave it */
    }
  }
}

/** Destroy browse clones in this pool left by processes that died (never ones a live process holds). */
export function sweepLeftovers(ctx: CoreContext, pool: string): Promise<void> {
  const s = state(ctx);
  let p = s.swept.get(pool);
  if (!p) {
    p = (async () => {
      const r = await zfsRead(['list', '-H', '-r', '-o', `name,${OWNER_PROP},mountpoint`, '-t', 'filesystem', pool]).catch(() => null);
      if (!r) return;
      for (const c of parseBrowseClones(r.stdout)) {
        if (ownerAlive(c.owner)) continue;
        await destroyClone(ctx, c.name, c.mountpoint).catch(() => undefined);
      }
    })();
    s.swept.set(pool, p);
  }
  return p;
}

/** A mounted read-only clone of `snapshot` (full name `pool/ds@snap`); call releaseClone when done. */
export async function acquireClone(ctx: CoreContext, snapshot: string): Promise<string> {
  const s = state(ctx);
  const have = s.leases.get(snapshot);
  if (have) {
    have.refs++;
    clearTimeout(have.timer);
    try {
      await have.ready;
    } catch (e) {
      have.refs--;
      throw e;
    }
    return have.mountpoint;
  }
  const pool = snapshot.split('/')[0]!.split('@')[0]!;
  const dataset = `${pool}/${BROWSE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  const mountpoint = mkdtempSync(join(tmpdir(), 'cowshed-browse-'));
  const lease: Lease = { snapshot, dataset, mountpoint, refs: 1, ready: Promise.resolve() };
  lease.ready = (async () => {
    await sweepLeftovers(ctx, pool);
    await ctx.mutate(
      'browse',
      'zfs',
      ['clone', '-o', 'readonly=on', '-o', `mountpoint=${mountpoint}`, '-o', `${OWNER_PROP}=${ownerTag()}`, snapshot, dataset],
      { classify: classifyZfs, timeoutMs: 120_000 },
    );
  })();
  s.leases.set(snapshot, lease);
  try {
    await lease.ready;
  } catch (e) {
    s.leases.delete(snapshot);
    try {
      rmdirSync(mountpoint);
    } catch {
      /* already gone */
    }
    throw e;
  }
  return mountpoint;
}

/** Drop one reference; the clone is destroyed now (`now`) or after IDLE_MS unused. */
export async function releaseClone(ctx: CoreContext, snapshot: string, opts: { now?: boolean } = {}): Promise<boolean> {
  const s = state(ctx);
  const lease = s.leases.get(snapshot);
  if (!lease) return false;
  lease.refs = Math.max(0, lease.refs - 1);
  if (lease.refs > 0) return true;
  const drop = async () => {
    if (s.leases.get(snapshot) !== lease || lease.refs > 0) return;
    s.leases.delete(snapshot);
    await destroyClone(ctx, lease.dataset, lease.mountpoint);
  };
  clearTimeout(lease.timer);
  if (opts.now) await drop();
  else lease.timer = setTimeout(() => void drop().catch(() => undefined), IDLE_MS).unref();
  return true;
}

/** Destroy every clone this service made (a CLI process calls this before it exits). */
export async function releaseAllClones(ctx: CoreContext): Promise<void> {
  const s = state(ctx);
  const all = [...s.leases.values()];
  s.leases.clear();
  for (const l of all) {
    clearTimeout(l.timer);
    await l.ready.then(() => destroyClone(ctx, l.dataset, l.mountpoint)).catch(() => undefined);
  }
}

/** The temporary clone currently serving a snapshot, if any. */
export const cloneFor = (ctx: CoreContext, snapshot: string): string | null => state(ctx).leases.get(snapshot)?.mountpoint ?? null;

/** Whether a dataset is one of Cowshed's temporary browse clones (hide it from listings and lineage). */
export const isBrowseClone = (dataset: string): boolean => (dataset.split('/').pop() ?? '').startsWith(BROWSE_PREFIX);

/**
 * Destroy this service's browse clone of a snapshot right away (a destroy of that snapshot would otherwise be
 * blocked by it as a dependent clone). Returns whether there was one.
 */
export async function releaseClonesOf(ctx: CoreContext, snapshot: string): Promise<boolean> {
  const lease = state(ctx).leases.get(snapshot);
  if (!lease) return false;
  lease.refs = 1;
  return releaseClone(ctx, snapshot, { now: true });
}

/**
 * Release this service's browse clones of every snapshot of `name` and of its children (before a destroy or
 * rollback plan, so Cowshed's own temporary clones do not show up as dependents that block it).
 */
export async function releaseClonesUnder(ctx: CoreContext, name: string): Promise<void> {
  const ds = name.split('@')[0]!;
  const snaps = [...state(ctx).leases.keys()].filter((s) => s === name || s.startsWith(ds + '@') || s.startsWith(ds + '/'));
  for (const s of snaps) await releaseClonesOf(ctx, s);
}
