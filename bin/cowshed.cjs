#!/usr/bin/env node
// The `cowshed` command: runs the bundled CLI (build it with `npm run build`).
// Start-up matters (`cowshed probe` is budgeted at 300 ms), and compiling the 1 MB bundle is most of it,
// so V8's code cache for the bundle is kept per user in $XDG_CACHE_HOME/cowshed (V8 rejects a cache that
// does not match the source, and it is rewritten then). A cache holds only the functions compiled by the run
// that wrote it, so it grows: the first run of each verb and output (JSON or text) rewrites it with that code
// added, and a list of the verbs it covers sits beside it (`<cache>.verbs`).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const os = require('node:os');
const Module = require('node:module');

const file = path.join(__dirname, '..', 'dist', 'cli', 'cowshed.cjs');
function plain() {
  require(file);
}
let source, cacheFile, cached, covered;
// The verb this run exercises (the first argument, when it looks like one), and whether it prints JSON or text:
// a verb's two outputs run different code.
const verb = (/^[a-z][a-z-]{0,31}$/.test(process.argv[2] || '') ? process.argv[2] : '-') + (process.argv.includes('--json') ? ' --json' : '');
try {
  source = fs.readFileSync(file, 'utf8');
  const st = fs.statSync(file);
  const base = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || os.homedir(), '.cache');
  cacheFile = path.join(base, 'cowshed', `cli-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8`);
  try {
    cached = fs.readFileSync(cacheFile);
    covered = fs.readFileSync(`${cacheFile}.verbs`, 'utf8').split('\n');
  } catch {
    covered = covered || [];
  }
} catch {
  source = undefined;
}
if (source === undefined || process.env.COWSHED_NO_CODE_CACHE) plain();
else {
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = m;
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  const rejected = !cached || script.cachedDataRejected;
  if (rejected || !covered.includes(verb)) {
    // Written after the run, so functions compiled while running are in the cache too (with those it was
    // loaded with: they are compiled as well).
    process.once('exit', () => {
      try {
        const dir = path.dirname(cacheFile);
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        const verbs = [...new Set([...(rejected ? [] : covered), verb])].filter(Boolean);
        fs.writeFileSync(tmp, verbs.join('\n'), { mode: 0o600 });
        fs.renameSync(tmp, `${cacheFile}.verbs`);
        const keep = new Set([path.basename(cacheFile), `${path.basename(cacheFile)}.verbs`]);
        for (const f of fs.readdirSync(dir)) if (f.startsWith('cli-') && (f.endsWith('.v8') || f.endsWith('.v8.verbs')) && !keep.has(f)) fs.rmSync(path.join(dir, f), { force: true });
      } catch {
        /* read-only home: no cache */
      }
    });
  }
}
