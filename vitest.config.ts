import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'test/readme-examples', 'test/openai-compat'],
    // Most test time is spent waiting on loopback HTTP and the emulator's clocks, not on the CPU:
    // vitest's default of one worker per spare core leaves a 2-core machine running one file at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
