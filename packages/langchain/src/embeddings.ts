import type { AnyInt, EmbeddingModel, EncodingFormat } from '@anyint/client';
import { Embeddings } from '@langchain/core/embeddings';
import { type AnyIntClientOptions, requestOptions, resolveClient } from './client-options.js';

export type { AnyIntClientOptions } from './client-options.js';

/** Options of `AnyIntEmbeddings`. */
export interface AnyIntEmbeddingsOptions extends AnyIntClientOptions {
  /** Embedding model id on the gateway, e.g. `'text-embedding-v4'` or `'text-embedding-3-small'`. */
  model: EmbeddingModel;
  /** Vector length, for models that can shorten their vectors. Default: the model's own size. */
  dimensions?: number | undefined;
  /** Texts per request; the client splits larger lists. Default 512 (the client's `embedMany` default). */
  batchSize?: number | undefined;
  /** Replace newlines with spaces before embedding, as `OpenAIEmbeddings` does. Default `true`. */
  stripNewLines?: boolean | undefined;
  /** Requests in flight at once for one `embedDocuments` call. Default 4 (the client's `embedMany` default). */
  maxConcurrency?: number | undefined;
  /** Wire format asked of the upstream; vectors are numbers either way. Default `'base64'` (the client's default). */
  encodingFormat?: EncodingFormat | undefined;
  /** End-user id forwarded to the upstream for abuse monitoring. Default: none. */
  user?: string | undefined;
}

/**
 * LangChain embeddings backed by AnyInt's `/embeddings` route, usable with any LangChain vector store.
 *
 * Batching, concurrency and retries are the client's (`embedMany`): LangChain's `AsyncCaller` runs with
 * 0 retries, and `maxRetries` goes to the client, so each request has one retry layer. Errors are the
 * client's typed errors, rethrown unchanged (`status`, `headers`, `code`, `requestId`).
 *
 * @example
 * import { AnyIntEmbeddings } from '@anyint/langchain';
 * import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
 *
 * const embeddings = new AnyIntEmbeddings({ model: 'text-embedding-v4', dimensions: 1024 });
 * const store = await MemoryVectorStore.fromTexts(['refunds take five days', 'we ship worldwide'], [{}, {}], embeddings);
 * const [best] = await store.similaritySearch('how long do refunds take?', 1);
 */
export class AnyIntEmbeddings extends Embeddings {
  /** Embedding model id. */
  readonly model: EmbeddingModel;
  /** Vector length asked for, if any. */
  readonly dimensions: number | undefined;
  /** Texts per request, if set (else the client's default). */
  readonly batchSize: number | undefined;
  /** Whether newlines are replaced with spaces. */
  readonly stripNewLines: boolean;
  /** Requests in flight per call, if set (else the client's default). */
  readonly maxConcurrency: number | undefined;
  /** Wire format asked of the upstream, if set. */
  readonly encodingFormat: EncodingFormat | undefined;
  /** End-user id forwarded upstream, if set. */
  readonly user: string | undefined;
  /** The client every request goes through. */
  readonly client: AnyInt;
  readonly #maxRetries: number | undefined;

  constructor(options: AnyIntEmbeddingsOptions) {
    // One retry layer: the client's. The no-op handler also keeps LangChain from stamping rate-limit
    // fields onto the client's errors, which reach the caller unchanged.
    super({ maxRetries: 0, onFailedAttempt: () => {} });
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize;
    this.stripNewLines = options.stripNewLines ?? true;
    this.maxConcurrency = options.maxConcurrency;
    this.encodingFormat = options.encodingFormat;
    this.user = options.user;
    this.#maxRetries = options.maxRetries;
    this.client = resolveClient(options);
  }

  /** Embeds documents for storage, in order: one vector per text. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.#embed(documents);
  }

  /** Embeds a search query. */
  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.#embed([document]);
    return vector as number[];
  }

  async #embed(texts: string[]): Promise<number[][]> {
    const input = this.stripNewLines ? texts.map((text) => text.replace(/\n/g, ' ')) : texts;
    return this.caller.call(async () => {
      const { embeddings } = await this.client.embeddings.embedMany(
        {
          model: this.model,
          input,
          ...(this.dimensions !== undefined && { dimensions: this.dimensions }),
          ...(this.encodingFormat !== undefined && { encoding_format: this.encodingFormat }),
          ...(this.user !== undefined && { user: this.user }),
        },
        {
          ...(this.batchSize !== undefined && { batchSize: this.batchSize }),
          ...(this.maxConcurrency !== undefined && { concurrency: this.maxConcurrency }),
          ...requestOptions(this.#maxRetries, undefined),
        },
      );
      return embeddings;
    });
  }
}
