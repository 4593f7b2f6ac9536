import { randomBytes } from 'node:crypto';
import { AnyInt, type ClientOptions } from '@anyint/client';
import { type Emulator, type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { afterAll, beforeEach } from 'vitest';

export interface TestContext {
  emulator: Emulator;
  apiKey: string;
  client(options?: ClientOptions): AnyInt;
  /** Requests the emulator saw on a path since the last reset. */
  requestsTo(path: string): Emulator['requests'];
}

/** Starts one emulator for the file (real HTTP on 127.0.0.1, port 0), reset before each test. */
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
  afterAll(async () => {
    await ready;
    await context.emulator.close();
  });
  return context;
}

/** Starts an extra emulator for one test; the caller closes it. */
export async function startOne(options: EmulatorOptions = {}) {
  const apiKey = `sk-test-${randomBytes(12).toString('hex')}`;
  const emulator = await startEmulator({ apiKey, seed: 1, ...options });
  return {
    emulator,
    apiKey,
    client: (o?: ClientOptions) => new AnyInt({ apiKey, baseURL: emulator.url, ...o }),
  };
}

/** The rejection of a promise that must fail. */
export function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** Most requests that were in flight at the same moment. */
export function maxOverlap(requests: readonly { startedAt: number; durationMs: number }[]): number {
  let most = 0;
  for (const a of requests) {
    const inFlight = requests.filter(
      (b) => b.startedAt <= a.startedAt && a.startedAt < b.startedAt + b.durationMs,
    ).length;
    most = Math.max(most, inFlight);
  }
  return most;
}
