import type { EmulatorOptions } from '@anyint/emulator';
import { type TestEmulator, useEmulator as useTestEmulator } from '../../../test/emulator-fixture.js';
import { type AnyIntProvider, type AnyIntProviderSettings, createAnyInt } from './anyint-provider.js';

// Tests assert warnings on results; the AI SDK's console copy of them is noise.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export interface TestContext extends TestEmulator {
  /** A provider on the emulator; settings override the key and base URL. */
  provider(settings?: AnyIntProviderSettings): AnyIntProvider;
}

/** One emulator for the test file, reset before each test, with a provider factory pointed at it. */
export function useEmulator(
  options: EmulatorOptions | ((apiKey: string) => EmulatorOptions) = {},
): TestContext {
  const context = useTestEmulator(options) as TestContext;
  context.provider = (settings) =>
    createAnyInt({ apiKey: context.apiKey, baseURL: context.emulator.url, ...settings });
  return context;
}
