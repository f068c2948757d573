import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorldRow } from './world';

/** Repo root (main/core/providers/zfs → four levels up). */
const REPO = join(import.meta.dirname, '..', '..', '..', '..');

/**
 * A captured OpenZFS 2.2/2.3 output from ../shared/samples/openzfs (relative to the repo root, never copied
 * in), with its `#` header lines stripped as the samples' README says. For the parser tests.
 */
export function sample(name: string): string {
  return readFileSync(join(REPO, '..', 'shared', 'samples', 'openzfs', name), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

/** A world row for planner tests: a filesystem or snapshot with plain defaults, overridden by `over`. */
export function row(name: string, over: Partial<WorldRow> = {}): WorldRow {
  const snap = name.includes('@');
  return {
    name, type: snap ? 'snapshot' : 'filesystem', guid: `g-${name}`, createtxg: 1, creation: 1_700_000_000, used: 10, available: snap ? null : 1e9,
    referenced: 100, usedbysnapshots: snap ? null : 0, usedbydataset: snap ? null : 50, mountpoint: null, mounted: null, canmount: null,
    origin: null, readonly: false, userrefs: snap ? 0 : null, clones: null, written: null, ...over,
  };
}
