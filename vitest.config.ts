import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (no root, no filesystems) and the real-filesystem suites (root, loop devices, zfs-fuse).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'fs',
          include: ['e2e/fs/**/*.test.ts'],
          setupFiles: ['e2e/fs/setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Real filesystems share loop devices and one zfs-fuse daemon: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
