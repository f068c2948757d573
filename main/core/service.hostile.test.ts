// Hostile names, paths and targets end to end through Service.call: each refused with a typed bad-input code,
// and no subprocess started (onSpawn sees every process the core starts). Real-filesystem cases: e2e/fs/hostile*.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absPath, hostileNameText, hostilePath, hostileTarget, zfsDataset, zfsSnapshot } from '../../e2e/fixtures/hostile';
import { contract, type MethodName } from '../../shared/contract/index';
import { BAD_INPUT_CODES, CowshedError } from '../../shared/errors';
import { onSpawn } from './exec/run';
import { Journal } from './journal/journal';
import { Service } from './service';

const dir = mkdtempSync(join(tmpdir(), 'cowshed-hostile-'));
const service = new Service({ journal: new Journal(join(dir, 'journal.jsonl')), probeTtlMs: Number.MAX_SAFE_INTEGER });
const spawned: (readonly string[])[] = [];
let off: () => void = () => undefined;

beforeAll(async () => {
  await service.ctx.probe(); // tool detection spawns once; every call below reuses it
  off = onSpawn((argv) => spawned.push(argv));
});
afterAll(() => {
  off();
  rmSync(dir, { recursive: true, force: true });
});

/** Call and return the error code; fails the property when the call succeeds, throws untyped, or a process started. */
async function refusedWith(method: MethodName, req: unknown): Promise<string> {
  const before = spawned.length;
  let code = 'ACCEPTED';
  try {
    await service.call(method, req as never);
  } catch (e) {
    code = e instanceof CowshedError ? e.code : `UNTYPED ${String(e)}`;
  }
  if (spawned.length !== before) throw new Error(`${method} ${JSON.stringify(req)} started ${JSON.stringify(spawned.slice(before))}`);
  return code;
}

type Build = (hostile: string, ok: { target: string; path: string }) => unknown;
/** Every method that takes a target, with the hostile text in each target field. */
const targetFields: [MethodName, Build][] = [
  ['volumes', (t) => ({ target: t })],
  ['snapshots', (t) => ({ target: t })],
  ['createSnapshot', (t) => ({ target: t, name: 'snap' })],
  ['renameSnapshot', (t) => ({ target: t, newName: 'b' })],
  ['setReadonly', (t) => ({ target: t, readonly: true })],
  ['hold', (t) => ({ target: t, tag: 'keep' })],
  ['cloneSnapshot', (t) => ({ snapshot: t, name: 'c' })],
  ['lineage', (t) => ({ target: t })],
  ['planDestroy', (t) => ({ target: t, recursive: true })],
  ['planRollback', (t) => ({ snapshot: t })],
  ['planPromote', (t) => ({ target: t })],
  ['planDetach', (t) => ({ target: t })],
  ['browseSnapshot', (t) => ({ snapshot: t })],
  ['releaseSnapshot', (t) => ({ snapshot: t })],
  ['diff', (t, ok) => ({ a: ok.target, b: t })],
  ['space', (t, ok) => ({ target: ok.target, snapshots: [ok.target, t] })],
  ['planRestore', (t, ok) => ({ path: ok.path, snapshot: t })],
];
/** Every method that takes a path, with the hostile path in each path field. */
const pathFields: [MethodName, Build][] = [
  ['listDir', (p) => ({ path: p })],
  ['fileInfo', (p) => ({ path: p })],
  ['versions', (p) => ({ path: p })],
  ['planRestore', (p, ok) => ({ path: p, snapshot: ok.target })],
  ['planRestore', (p, ok) => ({ path: ok.path, snapshot: ok.target, to: p })],
  ['clone', (p) => ({ source: p })],
  ['clone', (p, ok) => ({ source: ok.path, destination: p })],
  ['planClone', (p) => ({ source: p, reflink: 'always' })],
  ['planClone', (p, ok) => ({ source: ok.path, destination: p })],
];
/** Every method that names something new. */
const nameFields: [MethodName, Build][] = [
  ['createSnapshot', (n, ok) => ({ target: ok.target, name: n })],
  ['renameSnapshot', (n, ok) => ({ target: ok.target, newName: n })],
  ['cloneSnapshot', (n, ok) => ({ snapshot: ok.target, name: n })],
  ['hold', (n, ok) => ({ target: ok.target, tag: n })],
];

const okParts = fc.record({ target: fc.oneof(zfsSnapshot.map((s) => `zfs:${s}`), zfsDataset), path: absPath });
const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const RUNS = 1500;

describe('Service.call refuses hostile input before any subprocess', () => {
  it('hostile targets in every target field', async () => {
    await fc.assert(
      fc.asyncProperty(pick(targetFields), hostileTarget(), okParts, async ([m, build], [, t, code], ok) => {
        expect(await refusedWith(m, build(t, ok))).toBe(code);
      }),
      { numRuns: RUNS },
    );
  });
  it('hostile paths in every path field', async () => {
    await fc.assert(
      fc.asyncProperty(pick(pathFields), hostilePath, okParts, async ([m, build], [, p], ok) => {
        expect(await refusedWith(m, build(p, ok))).toBe('INVALID_PATH');
      }),
      { numRuns: RUNS },
    );
  });
  it('hostile new names (snapshot, clone, hold tag)', async () => {
    await fc.assert(
      fc.asyncProperty(pick(nameFields), hostileNameText, okParts, async ([m, build], [, n], ok) => {
        expect(await refusedWith(m, build(n, ok))).toBe('INVALID_NAME');
      }),
      { numRuns: RUNS },
    );
  });
  it('wrong types, unknown fields and unknown methods are USAGE', async () => {
    const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { minLength: 1, maxLength: 2 }), fc.object({ maxDepth: 1 }));
    const all = [...targetFields, ...pathFields, ...nameFields];
    await fc.assert(
      fc.asyncProperty(pick(all), wrong, okParts, async (entry, w, ok) => {
        const [m, build] = entry;
        const req = build('\u0000', ok) as Record<string, unknown>;
        const key = Object.keys(req).find((k) => req[k] === '\u0000' || (Array.isArray(req[k]) && (req[k] as unknown[]).includes('\u0000')))!;
        expect(await refusedWith(m, { ...req, [key]: w })).toBe('USAGE');
        const valid = pathFields.includes(entry) ? ok.path : 'x';
        expect(await refusedWith(m, { ...(build(valid, ok) as object), '--rf': true })).toBe('USAGE');
      }),
      { numRuns: 300 },
    );
    expect(await refusedWith('no-such-method' as MethodName, {})).toBe('USAGE');
  });
  it("a method's first request (zod's plain path) and later ones (its compiled fast path) are checked alike", () => {
    // Service.call checks a method's first request without zod's compiled fast path (the CLI makes one call).
    const all = [...targetFields, ...pathFields, ...nameFields];
    const text = fc.oneof(hostileTarget().map(([, t]) => t), hostilePath.map(([, p]) => p), hostileNameText.map(([, n]) => n), fc.string());
    const odd = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object({ maxDepth: 1 }));
    fc.assert(
      fc.property(pick(all), text, okParts, fc.option(fc.tuple(fc.string({ maxLength: 6 }), odd)), ([m, build], t, ok, extra) => {
        const req = build(t, ok) as Record<string, unknown>;
        if (extra) req[extra[0]] = extra[1];
        const schema = contract[m].request;
        const plain = schema.safeParse(req, { jitless: true });
        const fast = schema.safeParse(req);
        expect(fast.success).toBe(plain.success);
        if (plain.success) expect(fast.data).toEqual(plain.data);
        else expect(fast.error!.issues[0]).toEqual(plain.error!.issues[0]);
      }),
      { numRuns: 3000 },
    );
  });
  it('every refusal code is a bad-input code (CLI exit 2)', () => {
    for (const c of ['INVALID_NAME', 'INVALID_PATH', 'USAGE'] as const) expect(BAD_INPUT_CODES.has(c)).toBe(true);
    expect(spawned).toEqual([]);
  });
});
