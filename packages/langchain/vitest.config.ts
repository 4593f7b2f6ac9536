import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    include: ['src/**/*.test.ts'],
    // The files share no global state (each starts its own emulator), so one module graph serves them
    // all: importing LangChain once per worker instead of once per file.
    isolate: false,
  },
});
