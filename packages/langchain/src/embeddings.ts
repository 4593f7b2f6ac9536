import type { AnyInt, EmbeddingModel, EncodingFormat, RequestOptions } from '@anyint/client';
import { concurrencyOption } from '@anyint/client/adapter-kit';
import { Embeddings } from '@langchain/core/embeddings';
import { type AnyIntClientOptions, langchainConnection } from './connection.js';

export * from '@anyint/client/errors';
export type { AnyIntClientOptions } from './connection.js';

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
  concurrency?: number | undefined;
  /** LangChain's spelling of `concurrency` (as `OpenAIEmbeddings` takes it); give one of the two. */
  maxConcurrency?: number | undefined;
  /** Wire format asked of the upstream; vectors are numbers either way. Default `'base64'` (the client's default). */
  encodingFormat?: EncodingFormat | undefined;
  /** End-user id forwarded to the upstream for abuse monitoring. Default: none. */
  user?: string | undefined;
}

const EMBEDDINGS_OPTIONS: Record<Exclude<keyof AnyIntEmbeddingsOptions, keyof AnyIntClientOptions>, true> = {
  model: true,
  dimensions: true,
  batchSize: true,
  stripNewLines: true,
  concurrency: true,
  maxConcurrency: true,
  encodingFormat: true,
  user: true,
};

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
  readonly concurrency: number | undefined;
  /** Wire format asked of the upstream, if set. */
  readonly encodingFormat: EncodingFormat | undefined;
  /** End-user id forwarded upstream, if set. */
  readonly user: string | undefined;
  /** The client every request goes through. */
  readonly client: AnyInt;
  readonly #requestOptions: RequestOptions;

  constructor(options: AnyIntEmbeddingsOptions) {
    // One retry layer: the client's. The no-op handler also keeps LangChain from stamping rate-limit
    // fields onto the client's errors, which reach the caller unchanged.
    super({ maxRetries: 0, onFailedAttempt: () => {} });
    const connection = langchainConnection(options, 'AnyIntEmbeddings', EMBEDDINGS_OPTIONS);
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize;
    this.stripNewLines = options.stripNewLines ?? true;
    this.concurrency = concurrencyOption(options, 'AnyIntEmbeddings', 'maxConcurrency');
    this.encodingFormat = options.encodingFormat;
    this.user = options.user;
    this.client = connection.client;
    this.#requestOptions = connection.requestOptions();
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
          ...(this.concurrency !== undefined && { concurrency: this.concurrency }),
          ...this.#requestOptions,
        },
      );
      return embeddings;
    });
  }
}
