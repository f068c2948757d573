#!/usr/bin/env node
// The `cowshed` command: runs the bundled CLI (build it with `npm run build`).
require('../dist/cli/cowshed.cjs');
