import { build } from 'esbuild';
import { join } from 'node:path';

/** Bundle the fake bridge into one script for page.addInitScript (config set first). */
export async function fakeBridgeScript(config: Record<string, unknown> = {}): Promise<string> {
  const r = await build({ entryPoints: [join(import.meta.dirname, 'fake-bridge.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'warning' });
  return `window.__COWSHED_FAKE__ = ${JSON.stringify(config)};\n${r.outputFiles[0]!.text}`;
}
