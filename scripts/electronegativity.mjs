// npm run lint:electron — Electronegativity (@doyensec/electronegativity) on the Electron source (main/app, the
// preload included), failing on any HIGH or MEDIUM finding and on any file it could not parse. The CLI exits 0
// whatever it finds (and its CSV writer races its own header), so this drives its runner and reads the issues.
//
// A finding the tool cannot see through (it only reads object literals written at the call site) may be listed in
// scripts/electronegativity-reviewed.json with the reason and the tests that prove the real value; an entry matches
// one check, file and code sample exactly, so any change to that line brings the finding back for review, and an
// entry that no longer matches anything fails too. Inline `eng-disable` comments are refused: exceptions live there.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const input = process.env.COWSHED_ENG_INPUT ?? join(root, 'main', 'app'); // override: self-test on a fixture
const reviewedFile = join(root, 'scripts', 'electronegativity-reviewed.json');
const electronVersion = require('electron/package.json').version;
const run = require('@doyensec/electronegativity/dist/runner.js');

/** Files under main/app that carry an inline suppression. */
function inlineDisables() {
  const hits = [];
  for (const f of readdirSync(input, { recursive: true })) {
    const p = join(input, String(f));
    if (!/\.(ts|tsx|js|html)$/.test(p)) continue;
    readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
      if (/eng-disable/.test(line)) hits.push(`${relative(root, p)}:${i + 1}`);
    });
  }
  return hits;
}

const quiet = console.log;
console.log = () => undefined; // the runner prints progress banners; keep the report readable
let result;
try {
  result = await run({
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: [],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: false,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  }, false);
} finally {
  console.log = quiet;
}

const reviewed = existsSync(reviewedFile) ? JSON.parse(readFileSync(reviewedFile, 'utf8')).reviewed : [];
const used = new Set();
const failures = [];
const serious = result.issues.filter((i) => i.severity.name === 'HIGH' || i.severity.name === 'MEDIUM');
for (const issue of serious) {
  const sample = (issue.sample ?? '').trim();
  const k = reviewed.findIndex((r) => r.check === issue.id && r.file === issue.file && r.sample === sample);
  const where = `${issue.file === 'N/A' ? '(global)' : `main/app/${issue.file}:${issue.location.line}`}`;
  if (k >= 0) {
    used.add(k);
    console.log(`reviewed  ${issue.severity.name.padEnd(6)} ${issue.id}  ${where}  — ${reviewed[k].reason}`);
  } else {
    failures.push(`${issue.severity.name} ${issue.id} (${issue.confidence.name}) at ${where}: ${issue.description}${sample ? `\n    ${sample}` : ''}`);
  }
}
reviewed.forEach((r, k) => {
  if (!used.has(k)) failures.push(`stale review entry (matches no finding; remove it): ${r.check} ${r.file} ${JSON.stringify(r.sample)}`);
  for (const t of r.provenBy ?? []) if (!existsSync(join(root, t))) failures.push(`review entry ${r.check} ${r.file} cites ${t}, which does not exist`);
  if (!r.provenBy?.length) failures.push(`review entry ${r.check} ${r.file} cites no test`);
});
for (const e of result.errors ?? []) failures.push(`could not analyse ${e.file ?? JSON.stringify(e)}: ${e.message ?? ''}`);
for (const h of inlineDisables()) failures.push(`inline eng-disable at ${h}: list reviewed exceptions in scripts/electronegativity-reviewed.json instead`);

const low = result.issues.length - serious.length;
console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version} on main/app (Electron ${electronVersion}): ` +
  `${result.atomicChecks + result.globalChecks} checks, ${serious.length} HIGH/MEDIUM (${used.size} reviewed), ${low} LOW/INFO`);
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('electronegativity: no unreviewed HIGH/MEDIUM findings');
