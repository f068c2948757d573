// Runs in every real-filesystem test file: whatever a file's fixtures left registered (temp folders, staged
// launchers, users, sudoers rules, mounts, pools) is cleaned up when the file ends, passed or failed.
import { afterAll } from 'vitest';
import { cleanupAll } from '../fixtures/fs';

afterAll(() => cleanupAll());
