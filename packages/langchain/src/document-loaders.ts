export type { AnyIntClientOptions } from './connection.js';
export * from './errors.js';
export {
  AnyIntAudioTranscriptLoader,
  type AnyIntAudioTranscriptLoaderOptions,
  type AudioSource,
} from './transcript-loader.js';
