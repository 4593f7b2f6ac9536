import { AnyInt, type ClientOptions } from '@anyint/client';
import type { EmulatorOptions } from '@anyint/emulator';
import { Settings } from 'llamaindex';
import { afterEach } from 'vitest';
import { type TestEmulator, useEmulator as useTestEmulator } from '../../../test/emulator-fixture.js';

export { maxInFlight, whenInFlight } from '../../../test/emulator-fixture.js';

export interface TestContext extends TestEmulator {
  client(options?: ClientOptions): AnyInt;
}

/**
 * One emulator for the test file, reset before each test, with a client factory pointed at it;
 * LlamaIndex's global `Settings.embedModel` is cleared after each test.
 */
export function useEmulator(options: EmulatorOptions = {}): TestContext {
  const context = useTestEmulator(options) as TestContext;
  context.client = (clientOptions) =>
    new AnyInt({ apiKey: context.apiKey, baseURL: context.emulator.url, ...clientOptions });
  afterEach(() => {
    Settings.embedModel = null as never;
  });
  return context;
}
