import { main } from './main';

// Entry of the `cowshed` binary (bundled to dist/cli/cowshed.cjs).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Long-lived verbs (serve) keep the loop alive themselves; others end here.
  },
  (e: unknown) => {
    process.stderr.write(`cowshed: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
