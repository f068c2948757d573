import { defineConfig } from '@playwright/test';

// Playwright drives Debian's Chromium (the test tool's own browser download does not work here).
export default defineConfig({
  testDir: './ui',
  outputDir: './artifacts/test-results',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
  },
});
