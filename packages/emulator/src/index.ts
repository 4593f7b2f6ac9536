export type {
  EmulatorOptions,
  FaultKind,
  FaultSpec,
  ModelConfig,
  PersonalityName,
  RouteName,
} from './options.js';
export type { RecordedPart, RecordedRequest } from './request-log.js';
export type { Emulator } from './server.js';
export { startEmulator } from './server.js';
