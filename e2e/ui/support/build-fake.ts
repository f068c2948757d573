import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Bundle the fake bridge into one script for page.addInitScript (config set first). */
export async function fakeBridgeScript(config: Record<string, unknown> = {}): Promise<string> {
  // Beside this file, or (when this file is itself bundled, as the benchmarks are) from the repository root.
  const here = join(import.meta.dirname, 'fake-bridge.ts');
  const entry = existsSync(here) ? here : join(process.cwd(), 'e2e', 'ui', 'support', 'fake-bridge.ts');
  const r = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'warning' });
  return `window.__COWSHED_FAKE__ = ${JSON.stringify(config)};\n${r.outputFiles[0]!.text}`;
}
