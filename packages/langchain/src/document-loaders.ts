export * from '@anyint/client/errors';
export type { AnyIntClientOptions } from './connection.js';
export {
  AnyIntAudioTranscriptLoader,
  type AnyIntAudioTranscriptLoaderOptions,
  type AudioSource,
} from './transcript-loader.js';
