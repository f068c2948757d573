// Builds every bundle: CLI, Electron main + preload, privileged helper (esbuild) and the renderer (Vite).
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv[2]; // optional: "node" or "renderer"
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

// The root helper runs on the system's Node.js (resources/cowshed-helper-launcher), not Electron, so it is built for
// Node 18 (Debian 12) and refuses an older one first, with an error frame the app shows ("use strict" kept first).
const helperGuard = `"use strict";
if (Number(process.versions.node.split('.')[0]) < 18) {
  process.stdout.write(JSON.stringify({ t: 'error', id: null, error: { code: 'NEEDS_ADMIN', message: 'The Cowshed helper needs Node.js 18 or later; ' + process.execPath + ' is ' + process.version + '.' } }) + '\\n');
  process.exit(77);
}`;

const nodeBundles = [
  { entryPoints: ['main/cli/cowshed.ts'], outfile: 'dist/cli/cowshed.cjs', external: ['node-pty', '@vscode/sudo-prompt'], minify: true },
  { entryPoints: ['main/app/main.ts'], outfile: 'dist/main/app.cjs', external: ['electron', 'node-pty', '@vscode/sudo-prompt'] },
  { entryPoints: ['main/app/preload.ts'], outfile: 'dist/preload/preload.cjs', external: ['electron'], platform: 'node', minify: true }, // sandboxed preload: small and parsed on every load
  { entryPoints: ['main/privilege/helper-main.ts'], outfile: 'dist/privilege/helper.cjs', external: [], target: 'node18', banner: { js: helperGuard } },
];

if (only !== 'renderer') {
  // The clone engine's native addon (warns and falls back to cp when there is no compiler).
  const native = spawnSync(process.execPath, ['native/build.mjs'], { stdio: 'inherit' });
  if (native.status !== 0) process.exit(native.status ?? 1);
  // No clean step: bundles are overwritten in place, so a CLI run during a rebuild never finds dist/cli missing.
  mkdirSync('dist', { recursive: true });
  await Promise.all(nodeBundles.filter((b) => existsSync(b.entryPoints[0])).map((b) => build({ ...common, ...b })));
}
if (only !== 'node') {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
console.log('build: ok');
