import { defineProject } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

// The browser tests need Chromium and run with `pnpm test:playground` (vitest.browser.config.ts).
export default defineProject({
  test: sharedTestOptions,
});
