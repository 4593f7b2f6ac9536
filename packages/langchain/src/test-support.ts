import { AnyInt, type ClientOptions } from '@anyint/client';
import type { EmulatorOptions } from '@anyint/emulator';
import {
  startTestEmulator,
  type TestEmulator,
  useEmulator as useTestEmulator,
} from '../../../test/emulator-fixture.js';

export { errorOf, maxInFlight, whenInFlight } from '../../../test/emulator-fixture.js';

export interface TestContext extends TestEmulator {
  client(options?: ClientOptions): AnyInt;
}

function withClient(fixture: TestEmulator): TestContext {
  const context = fixture as TestContext;
  context.client = (options) =>
    new AnyInt({ apiKey: context.apiKey, baseURL: context.emulator.url, ...options });
  return context;
}

/** One emulator for the test file, reset before each test, with a client factory pointed at it. */
export function useEmulator(options: EmulatorOptions = {}): TestContext {
  return withClient(useTestEmulator(options));
}

/** An extra emulator for one test; the caller closes it. */
export async function startOne(options: EmulatorOptions = {}): Promise<TestContext> {
  return withClient(await startTestEmulator(options));
}
