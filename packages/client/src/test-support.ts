import { randomBytes } from 'node:crypto';
import { type Emulator, type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { afterAll, beforeEach } from 'vitest';
import { AnyInt, type ClientOptions } from './index.js';

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

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}
