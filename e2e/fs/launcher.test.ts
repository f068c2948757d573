/**
 * bin/cowshed.cjs keeps V8's code cache of the CLI bundle: written by the first run, grown by the first run of
 * each further verb and output (JSON or text), left alone after that, and replaced when it does not fit
 * (corrupt, or another bundle).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixtureDir } from '../fixtures/fs';

describe('the CLI launcher’s code cache', () => {
  it('is written once, grows per verb, and survives a corrupt file', () => {
    const home = fixtureDir('cache-home');
    const env = { XDG_CACHE_HOME: home };
    const dir = join(home, 'cowshed');
    const files = () => readdirSync(dir).filter((f) => f.startsWith('cli-')).sort();
    expect(cli(['--version'], { env }).code).toBe(0);
    const [cache, verbs] = files();
    expect(cache).toMatch(/^cli-v\d+\.\d+\.\d+-\d+-\d+\.v8$/);
    expect(verbs).toBe(`${cache}.verbs`);
    const verbsOf = () => readFileSync(join(dir, verbs!), 'utf8').split('\n');
    expect(verbsOf()).toEqual(['-']);
    const size0 = statSync(join(dir, cache!)).size;

    expect(cli(['probe', '--json'], { env }).code).toBe(0);
    expect(verbsOf()).toEqual(['-', 'probe --json']);
    const after = statSync(join(dir, cache!));
    expect(after.size).toBeGreaterThan(size0); // probe's functions were added

    expect(cli(['probe', '--json'], { env }).code).toBe(0);
    expect(statSync(join(dir, cache!)).mtimeMs).toBe(after.mtimeMs); // nothing new: not rewritten

    writeFileSync(join(dir, cache!), 'not a code cache');
    const r = cli(['probe', '--json'], { env });
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
    expect(statSync(join(dir, cache!)).size).toBeGreaterThan(1000); // rejected by V8, so written anew
    expect(verbsOf()).toEqual(['probe --json']);
    expect(files()).toEqual([cache, verbs]);

    const before = statSync(join(dir, cache!)).size;
    expect(cli(['probe'], { env }).code).toBe(0); // the table runs other code than --json
    expect(verbsOf()).toEqual(['probe --json', 'probe']);
    expect(statSync(join(dir, cache!)).size).toBeGreaterThan(before);
  });
});
