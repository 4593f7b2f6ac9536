export type { AnyIntClientOptions } from './client-options.js';
export {
  AnyIntAudioTranscriptLoader,
  type AnyIntAudioTranscriptLoaderOptions,
  type AudioSource,
} from './transcript-loader.js';
