export {
  AnyIntAudioReader,
  type AnyIntAudioReaderOptions,
  type AudioDocumentMetadata,
} from './audio-reader.js';
export type { AnyIntClientOptions } from './client-options.js';
export { AnyIntEmbedding, type AnyIntEmbeddingOptions } from './embedding.js';
