import { randomBytes } from 'node:crypto';
import { AnyInt, type ClientOptions } from '@anyint/client';
import { type Emulator, type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { Settings } from 'llamaindex';
import { afterAll, afterEach, beforeEach } from 'vitest';

export interface TestContext {
  emulator: Emulator;
  apiKey: string;
  client(options?: ClientOptions): AnyInt;
  /** Requests the emulator saw on a path since the last reset. */
  requestsTo(path: string): Emulator['requests'];
}

/**
 * Starts one emulator for the file (real HTTP on 127.0.0.1, port 0), reset before each test; clears
 * LlamaIndex's global `Settings.embedModel` after each test.
 */
export function useEmulator(options: EmulatorOptions = {}): TestContext {
  const apiKey = `sk-test-${randomBytes(12).toString('hex')}`;
  const context = {} as TestContext;
  const ready = startEmulator({ apiKey, seed: 1, ...options }).then((emulator) => {
    context.emulator = emulator;
  });
  context.apiKey = apiKey;
  context.client = (clientOptions) => new AnyInt({ apiKey, baseURL: context.emulator.url, ...clientOptions });
  context.requestsTo = (path) => context.emulator.requests.filter((r) => r.path.endsWith(path));
  beforeEach(async () => {
    await ready;
    context.emulator.reset();
  });
  afterEach(() => {
    Settings.embedModel = null as never;
  });
  afterAll(async () => {
    await ready;
    await context.emulator.close();
  });
  return context;
}

/** The largest number of requests that were in flight at the same time. */
export function maxInFlight(requests: Emulator['requests']): number {
  const events = requests.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.startedAt + r.durationMs, delta: -1 },
  ]);
  // Ends sort before starts at the same instant, so back-to-back requests do not count as overlapping.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}
