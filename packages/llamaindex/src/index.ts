export type { AnyIntClientOptions } from './client-options.js';
export { AnyIntEmbedding, type AnyIntEmbeddingOptions } from './embedding.js';
