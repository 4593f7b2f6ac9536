/**
 * Test settings every package shares. Tests talk to the emulator over real loopback HTTP; on a busy
 * 2-core machine a test can outlast vitest's 5 s default, so the limit is wider. It is a time limit
 * against hangs, not a speed assertion: no test asserts on wall-clock time.
 */
export const sharedTestOptions = {
  include: ['src/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 30_000,
};
