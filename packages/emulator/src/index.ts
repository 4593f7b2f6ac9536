export { type BackgroundEmulator, shellExports, startEmulatorInBackground } from './background.js';
export {
  EMULATOR_FLAGS,
  type EmulatorFlag,
  EmulatorFlagError,
  emulatorFlagsHelp,
  emulatorOptionsFromFlags,
  emulatorParseOptions,
} from './cli-args.js';
export type {
  EmulatorOptions,
  FaultKind,
  FaultSpec,
  ModelConfig,
  PersonalityName,
  RouteName,
} from './options.js';
export type { RateLimitSpec, RateLimitStyle } from './rate-limits.js';
export type { RecordedPart, RecordedRequest } from './request-log.js';
export type { Emulator } from './server.js';
export { startEmulator } from './server.js';
