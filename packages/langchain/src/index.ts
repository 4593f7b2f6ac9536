export type { AnyIntClientOptions } from './client-options.js';
export { AnyIntEmbeddings, type AnyIntEmbeddingsOptions } from './embeddings.js';
