import type { EmulatorOptions } from '@anyint/emulator';
import { type TestEmulator, useEmulator as useTestEmulator } from '../../../test/emulator-fixture.js';
import { AnyInt, type ClientOptions } from './index.js';

export { cosine } from '../../../test/emulator-fixture.js';

export interface TestContext extends TestEmulator {
  client(options?: ClientOptions): AnyInt;
}

/** One emulator for the test file, reset before each test, with a client factory pointed at it. */
export function useEmulator(options: EmulatorOptions = {}): TestContext {
  const context = useTestEmulator(options) as TestContext;
  context.client = (clientOptions) =>
    new AnyInt({ apiKey: context.apiKey, baseURL: context.emulator.url, ...clientOptions });
  return context;
}
