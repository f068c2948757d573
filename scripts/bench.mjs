// npm run bench [name…]: bundles each e2e/bench/*.bench.ts with esbuild and runs it in turn.
// Each bench prints its figures and ratios and writes JSON to e2e/artifacts/bench/<name>.json.
import { build } from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const wanted = process.argv.slice(2);
const files = readdirSync('e2e/bench').filter((f) => f.endsWith('.bench.ts')).filter((f) => !wanted.length || wanted.some((w) => f.includes(w)));
mkdirSync('dist/bench', { recursive: true });
mkdirSync('e2e/artifacts/bench', { recursive: true });
let failed = 0;
for (const f of files.sort()) {
  const out = `dist/bench/${f.replace(/\.ts$/, '.mjs')}`;
  await build({ entryPoints: [`e2e/bench/${f}`], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', out], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
