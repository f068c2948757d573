// Render Cowshed's icon (resources/icons/cowshed.svg; cowshed-small.svg for 16–32 px) to the PNG sizes the
// packages need (resources/icons/NxN.png), with headless Chromium (playwright-core + Debian's /usr/bin/chromium).
// The PNGs are committed: run this only after changing an SVG.  Usage: node scripts/packaging-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Sizes for the hicolor theme (Linux) and the macOS icon (1024). */
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const dir = join(import.meta.dirname, '..', 'resources', 'icons');
const big = readFileSync(join(dir, 'cowshed.svg'), 'utf8');
const small = readFileSync(join(dir, 'cowshed-small.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const size of ICON_SIZES) {
    const svg = (size <= 32 ? small : big).replace('width="512" height="512"', `width="${size}" height="${size}"`);
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    writeFileSync(join(dir, `${size}x${size}.png`), await page.screenshot({ omitBackground: true }));
    await page.close();
    console.log(`resources/icons/${size}x${size}.png`);
  }
} finally {
  await browser.close();
}
