import { randomBytes } from 'node:crypto';
import { type Emulator, type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { afterAll, beforeEach } from 'vitest';
import { type AnyIntProvider, type AnyIntProviderSettings, createAnyInt } from './anyint-provider.js';

// Tests assert warnings on results; the AI SDK's console copy of them is noise.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export interface TestContext {
  emulator: Emulator;
  apiKey: string;
  /** A provider on the emulator; settings override the key and base URL. */
  provider(settings?: AnyIntProviderSettings): AnyIntProvider;
  /** Requests the emulator saw on a path since the last reset. */
  requestsTo(path: string): Emulator['requests'];
}

/** Starts one emulator for the file (real HTTP on 127.0.0.1, port 0), reset before each test. */
export function useEmulator(
  options: EmulatorOptions | ((apiKey: string) => EmulatorOptions) = {},
): TestContext {
  const apiKey = `sk-test-${randomBytes(12).toString('hex')}`;
  const resolved = typeof options === 'function' ? options(apiKey) : options;
  const context = { apiKey } as TestContext;
  const ready = startEmulator({ apiKey, seed: 1, ...resolved }).then((emulator) => {
    context.emulator = emulator;
  });
  context.provider = (settings) => createAnyInt({ apiKey, baseURL: context.emulator.url, ...settings });
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
