import { expect, test } from '@playwright/test';
import { serveRenderer } from './support/static-server';

// The built renderer bundle loads in Debian's Chromium on its own (module scripts need http, not file://).
// With no core behind it, it still draws its window and says it cannot connect, instead of crashing.
let server: { url: string; close: () => Promise<void> };

test.beforeAll(async () => {
  server = await serveRenderer();
});
test.afterAll(() => server.close());

test('the built renderer loads in Chromium', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await expect(page.getByTestId('toolbar')).toContainText('Cowshed');
  await expect(page.getByTestId('sidebar')).toBeVisible();
  expect(errors).toEqual([]);
});
