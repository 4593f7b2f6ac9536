import { defineProject } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

export default defineProject({
  test: {
    ...sharedTestOptions,
    // The files share no global state (each starts its own emulator), so one module graph serves them
    // all: importing LangChain once per worker instead of once per file.
    isolate: false,
  },
});
