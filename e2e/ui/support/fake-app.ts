import { test as base } from '@playwright/test';
import { AppPage } from '../pages/app-page';
import type { FakeConfig } from './fake-world';
import { fakeBridgeScript } from './build-fake';
import { serveRenderer } from './static-server';

/**
 * A Playwright test whose page runs the built renderer over the in-memory fake bridge (no core, no
 * filesystems): for renderer behaviour the real-filesystem specs do not reach. `fake` configures the world.
 */
export const test = base.extend<{ fake: FakeConfig; app: AppPage }, { renderer: { url: string } }>({
  fake: [{}, { option: true }],
  renderer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const s = await serveRenderer();
      await use({ url: s.url });
      await s.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, fake, renderer }, use) => {
    await page.addInitScript({ content: await fakeBridgeScript(fake as Record<string, unknown>) });
    await use(new AppPage(page, renderer.url));
  },
});
export { expect } from '@playwright/test';
