#!/usr/bin/env node
// The `cowshed` command: runs the bundled CLI (build it with `npm run build`).
// Start-up matters (`cowshed probe` is budgeted at 300 ms), and compiling the 1 MB bundle is most of it,
// so V8's code cache for the bundle is kept per user in $XDG_CACHE_HOME/cowshed (V8 rejects a cache that
// does not match the source, and it is rewritten then).
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
let source, cacheFile, cached;
try {
  source = fs.readFileSync(file, 'utf8');
  const st = fs.statSync(file);
  const base = process.env.XDG_CACHE_HOME || path.join(process.env.HOME || os.homedir(), '.cache');
  cacheFile = path.join(base, 'cowshed', `cli-${process.version}-${st.size}-${Math.floor(st.mtimeMs)}.v8`);
  try {
    cached = fs.readFileSync(cacheFile);
  } catch {
    cached = undefined;
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
  if (!cached || script.cachedDataRejected) {
    // Written after the run, so functions compiled while running are in the cache too.
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        for (const f of fs.readdirSync(path.dirname(cacheFile)))
          if (f.startsWith('cli-') && f.endsWith('.v8') && f !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), f), { force: true });
      } catch {
        /* read-only home: no cache */
      }
    });
  }
}
