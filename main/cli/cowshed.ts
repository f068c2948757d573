import { main } from './main';

// Entry of the `cowshed` binary (bundled to dist/cli/cowshed.cjs).

// A reader that stops early (`cowshed volumes | head`) is normal for a Unix tool: end quietly, not with a stack.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

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
