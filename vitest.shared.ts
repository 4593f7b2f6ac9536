/**
 * Test settings every package shares. Tests talk to the emulator over real loopback HTTP; on a busy
 * 2-core machine a test can outlast vitest's 5 s default, so the limit is wider. It is a time limit
 * against hangs, not a speed assertion: no test asserts on wall-clock time.
 *
 * Test files share their worker's module cache (`isolate: false`): loading LangChain, LlamaIndex and
 * the AI SDK once per worker instead of once per file takes about two thirds of the suite's CPU time
 * off a 2-core machine. It holds because each test starts its own emulator on a fresh port (the
 * client's learned facts are per base URL) and restores any global it stubs.
 */
export const sharedTestOptions = {
  include: ['src/**/*.test.ts'],
  isolate: false,
  testTimeout: 30_000,
  hookTimeout: 30_000,
};
