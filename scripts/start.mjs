// npm start: the desktop app where Electron's binary is installed; otherwise say so and start serve mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
if (!existsSync('dist/cli/cowshed.cjs')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
let electron = null;
try {
  electron = require('electron'); // the path of the binary, or throws when it was never downloaded
} catch {
  electron = null;
}
if (typeof electron === 'string' && existsSync(electron)) {
  const child = spawn(electron, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron\'s binary is not installed here (it downloads from outside the npm registry).');
  console.log('Starting serve mode instead: open the printed URL in a browser. (`npm install electron` with network access gives the desktop window.)\n');
  const child = spawn(process.execPath, ['bin/cowshed.cjs', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
