import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
const imgs = process.argv.slice(3).map((f) => `<img style="image-rendering:pixelated;width:256px;height:256px;margin:4px;background:#fff" src="data:image/png;base64,${readFileSync(f).toString('base64')}">`).join('');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage({ viewport: { width: 800, height: 270 } });
await p.setContent(`<body style="margin:0;background:#ddd">${imgs}</body>`);
writeFileSync(process.argv[2], await p.screenshot());
await b.close();
