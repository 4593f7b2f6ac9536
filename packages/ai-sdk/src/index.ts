// A type only, so the API report shows the members every model class inherits from it.
export type { AnyIntModel } from './anyint-model.js';
export { type AnyIntProvider, type AnyIntProviderSettings, anyint, createAnyInt } from './anyint-provider.js';
export { AnyIntEmbeddingModel } from './embedding/anyint-embedding-model.js';
export type {
  AnyIntEmbeddingModelId,
  AnyIntEmbeddingOptions,
} from './embedding/anyint-embedding-options.js';
export { AnyIntImageModel } from './image/anyint-image-model.js';
export type { AnyIntImageModelId, AnyIntImageOptions } from './image/anyint-image-options.js';
export { AnyIntSpeechModel } from './speech/anyint-speech-model.js';
export type { AnyIntSpeechModelId, AnyIntSpeechOptions } from './speech/anyint-speech-options.js';
export { AnyIntTranscriptionModel } from './transcription/anyint-transcription-model.js';
export type {
  AnyIntTranscriptionModelId,
  AnyIntTranscriptionOptions,
} from './transcription/anyint-transcription-options.js';
export { AnyIntVideoModel } from './video/anyint-video-model.js';
export type {
  AnyIntVideoModelId,
  AnyIntVideoModelSettings,
  AnyIntVideoOptions,
} from './video/anyint-video-options.js';
