// Builds the clone engine addon (native/clone/*.cc → native/build/cowshed-clone.node) with the system C++
// compiler against Node's own N-API headers. No node-gyp, no downloads. When there is no compiler or no
// headers it says so and exits 0: Cowshed then falls back to `cp -a` for folder clones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'clone');
const outDir = join(here, 'build');
const out = join(outDir, 'cowshed-clone.node');
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.cc')).map((f) => join(srcDir, f));
const inputs = [...sources, ...readdirSync(srcDir).filter((f) => f.endsWith('.h')).map((f) => join(srcDir, f)), fileURLToPath(import.meta.url)];

const warn = (msg) => {
  console.warn(`native: ${msg}; folder clones will use the cp fallback.`);
  process.exit(0);
};

if (process.platform !== 'linux') warn('the clone engine is Linux-only');

// Up to date?
if (existsSync(out)) {
  const built = statSync(out).mtimeMs;
  if (inputs.every((f) => statSync(f).mtimeMs <= built) && !process.argv.includes('--force')) process.exit(0);
}

// Node's headers: next to the running node (/usr/include/node for Debian's nodejs, <prefix>/include/node
// for official tarballs), or node-gyp's cache.
const candidates = [
  process.env.COWSHED_NODE_HEADERS,
  resolve(dirname(process.execPath), '..', 'include', 'node'),
  '/usr/include/node',
  '/usr/local/include/node',
  join(process.env.HOME ?? '', '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
].filter(Boolean);
const include = candidates.find((d) => existsSync(join(d, 'node_api.h')));
if (!include) warn(`no node_api.h found (looked in ${candidates.join(', ')})`);

const cxx = [process.env.CXX, 'c++', 'g++', 'clang++'].filter(Boolean).find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!cxx) warn('no C++ compiler (install g++)');

mkdirSync(outDir, { recursive: true });
const tmp = `${out}.${process.pid}.tmp`;
const args = [
  '-O2', '-std=c++17', '-Wall', '-Wextra', '-shared', '-fPIC', '-pthread', '-fvisibility=hidden',
  '-DNODE_GYP_MODULE_NAME=cowshed_clone', '-DNAPI_VERSION=8', `-I${include}`, ...sources, '-o', tmp,
];
const r = spawnSync(cxx, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) warn(`${cxx} failed (exit ${r.status ?? r.signal})`);
renameSync(tmp, out);
console.log(`native: built ${out}`);
