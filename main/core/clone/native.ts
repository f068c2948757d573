import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NativeList } from '../providers/btrfs/native-list';

/** Counters and outcome of the native clone engine (native/clone/engine.h). */
export interface EngineResult {
  files: number;
  bytes: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  specials: number;
  reflinked: number;
  copied: number;
  allocated: number;
  ownershipDropped: number;
  phaseMs: number[];
  notes: string[];
  /** A few reflinked files, relative to the source root ("" = the root itself), for FIEMAP checks. */
  samples: string[];
}

/** The first error that stopped a native clone. */
export interface EngineFailure {
  code: string;
  errno: number;
  op: string;
  path: string;
  detail: string;
  message: string;
}

export interface EngineOptions {
  policy: 'always' | 'auto' | 'never';
  threads: number;
  checkSpace?: boolean;
  copyFromStart?: boolean;
}

/** What FIEMAP says about one file's extents (bytes). */
export interface ExtentSummary {
  size: number;
  extents: number;
  totalBytes: number;
  sharedBytes: number;
  inlineBytes: number;
}

export interface Addon {
  startClone(src: string, dst: string, opts: EngineOptions, cb: (err: EngineFailure | null, res: EngineResult) => void): unknown;
  cloneProgress(handle: unknown): [number, number, number, number, number];
  cancelClone(handle: unknown): void;
  fiemap(path: string): ExtentSummary;
  rename2(from: string, to: string, mode: 'noreplace' | 'exchange'): void;
  /**
   * syncfs(2) on `fd`, off the main thread. Rejects with the errno's code (ENOSPC, EIO, …) when any writeback
   * on that filesystem failed since `fd` was opened (errseq), so open it before the writes it must vouch for.
   */
  syncfs(fd: number): Promise<void>;
  /**
   * Every subvolume of the btrfs filesystem `path` is on, read from its root tree off the main thread
   * (native/clone/btrfs-list.cc has the encoding; main/core/providers/btrfs/native-list.ts decodes it).
   * Needs CAP_SYS_ADMIN: rejects with code EPERM otherwise, ENOTTY off btrfs.
   */
  btrfsSubvolumes?(path: string): Promise<NativeList>;
  /** The creation-time text the subvolume list writes for a btrfs timespec (for tests), null for "no time". */
  btrfsIsoTime?(sec: number, nsec: number): string | null;
}

const FILE = join('native', 'build', 'cowshed-clone.node');
let cached: Addon | null | undefined;

/** Where the addon may live: next to the bundle (dist/cli → repo root) or the working tree. */
function candidates(): string[] {
  const out: string[] = [];
  if (process.env.COWSHED_NATIVE_ADDON) out.push(process.env.COWSHED_NATIVE_ADDON);
  const starts = [typeof __dirname === 'string' ? __dirname : '', process.cwd()].filter(Boolean);
  for (const s of starts) {
    let d = s;
    for (let i = 0; i < 6; i++) {
      // Packaged app: the .node file is unpacked next to app.asar.
      if (d.endsWith('app.asar')) out.push(join(d + '.unpacked', FILE));
      out.push(join(d, FILE));
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  return out;
}

/**
 * The native clone engine, or null when it is not built (no compiler at install time) or disabled with
 * COWSHED_NATIVE=0; callers then use the cp / Node fallbacks.
 */
export function nativeAddon(): Addon | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.COWSHED_NATIVE === '0' || process.platform !== 'linux') return cached;
  for (const f of candidates()) {
    if (!existsSync(f)) continue;
    try {
      const m = { exports: {} as Addon };
      process.dlopen(m, f);
      // Copied into a plain, writable object (the addon's own properties are read-only): tests wrap its functions.
      const own = m.exports as unknown as Record<string, unknown>;
      cached = Object.fromEntries(Object.getOwnPropertyNames(own).map((k) => [k, own[k]])) as unknown as Addon;
      break;
    } catch {
      /* wrong ABI or a half-written file: try the next one */
    }
  }
  return cached;
}

/** A running native clone: poll progress, cancel, await the outcome. */
export interface NativeRun {
  done: Promise<{ ok: true; result: EngineResult } | { ok: false; failure: EngineFailure; result: EngineResult }>;
  /** [phase, files, bytes, totalFiles, totalBytes] */
  progress(): [number, number, number, number, number];
  cancel(): void;
}

/** Start a native clone of `src` to `dst` (which must not exist). */
export function startNativeClone(addon: Addon, src: string, dst: string, opts: EngineOptions): NativeRun {
  let handle: unknown;
  const done = new Promise<Awaited<NativeRun['done']>>((resolve) => {
    handle = addon.startClone(src, dst, opts, (err, result) => resolve(err ? { ok: false, failure: err, result } : { ok: true, result }));
  });
  return {
    done,
    progress: () => addon.cloneProgress(handle),
    cancel: () => addon.cancelClone(handle),
  };
}
