import type { AnyInt, EmbeddingModel, RequestOptions } from '@anyint/client';
import { concurrencyOption } from '@anyint/client/adapter-kit';
import { BaseEmbedding, type BaseEmbeddingOptions } from 'llamaindex';
import { type AnyIntClientOptions, llamaindexConnection } from './connection.js';

export interface AnyIntEmbeddingOptions extends AnyIntClientOptions {
  /** Embedding model id, e.g. `'text-embedding-v4'` or `'text-embedding-3-small'`. */
  model: EmbeddingModel;
  /** Vector size, for models that can shorten their vectors. Default: the model's own size. */
  dimensions?: number | undefined;
  /**
   * Texts LlamaIndex hands to `getTextEmbeddings` at once. Default 2048. It is not the request size:
   * the client splits each chunk into requests of `batchSize` and runs `concurrency` of them at once.
   */
  embedBatchSize?: number | undefined;
  /** Texts per HTTP request. Default: the client's `embedMany` default (512). */
  batchSize?: number | undefined;
  /** Embedding requests in flight at once. Default: the client's `embedMany` default (4). */
  concurrency?: number | undefined;
  /** Sent as the `user` field, for the upstream's abuse monitoring. */
  user?: string | undefined;
}

const OWN_OPTIONS: Record<Exclude<keyof AnyIntEmbeddingOptions, keyof AnyIntClientOptions>, true> = {
  model: true,
  dimensions: true,
  embedBatchSize: true,
  batchSize: true,
  concurrency: true,
  user: true,
};

/**
 * AnyInt embeddings for LlamaIndex.TS: set it as `Settings.embedModel` and every index, retriever and
 * ingestion pipeline embeds through AnyInt. Batching and concurrency are the client's `embedMany`;
 * retries are the client's (`maxRetries`), the one retry layer.
 *
 * @example
 * import { Settings, VectorStoreIndex } from 'llamaindex';
 * import { AnyIntEmbedding } from '@anyint/llamaindex';
 *
 * Settings.embedModel = new AnyIntEmbedding({ model: 'text-embedding-v4', dimensions: 1024 });
 * const index = await VectorStoreIndex.fromDocuments(documents);
 * const nodes = await index.asRetriever({ similarityTopK: 3 }).retrieve({ query: 'refund policy' });
 */
export class AnyIntEmbedding extends BaseEmbedding {
  /** The client every request goes through. */
  readonly client: AnyInt;
  readonly model: EmbeddingModel;
  readonly dimensions: number | undefined;
  readonly batchSize: number | undefined;
  readonly concurrency: number | undefined;
  readonly user: string | undefined;
  readonly #requestOptions: RequestOptions;

  constructor(options: AnyIntEmbeddingOptions) {
    super();
    const connection = llamaindexConnection(options, 'AnyIntEmbedding', OWN_OPTIONS);
    this.client = connection.client;
    this.#requestOptions = connection.requestOptions();
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize;
    this.concurrency = concurrencyOption(options, 'AnyIntEmbedding');
    this.user = options.user;
    this.embedBatchSize = options.embedBatchSize ?? 2048;
    if (options.dimensions !== undefined) this.embedInfo = { dimensions: options.dimensions };
  }

  async getTextEmbedding(text: string): Promise<number[]> {
    const [embedding] = await this.#embed([text], undefined);
    return embedding as number[];
  }

  // A class field, not a method: BaseEmbedding's constructor assigns its one-text-at-a-time version
  // as an own property, which would shadow a prototype method.
  override getTextEmbeddings = async (texts: string[]): Promise<number[][]> => this.#embed(texts, undefined);

  /**
   * Embeds `texts` in chunks of `embedBatchSize`, reporting progress after every request (not only
   * after every chunk, as LlamaIndex's own loop does) to `progressCallback` and `logProgress`.
   */
  override async getTextEmbeddingsBatch(
    texts: string[],
    options?: BaseEmbeddingOptions,
  ): Promise<number[][]> {
    const total = texts.length;
    const report = progressReporter(options);
    const result: number[][] = [];
    for (let start = 0; start < total; start += this.embedBatchSize) {
      const chunk = texts.slice(start, start + this.embedBatchSize);
      const embeddings = await this.#embed(chunk, (completed) => report?.(start + completed, total));
      for (const embedding of embeddings) result.push(embedding);
    }
    return result;
  }

  async #embed(texts: string[], onProgress: ((completed: number) => void) | undefined): Promise<number[][]> {
    if (texts.length === 0) return [];
    const { embeddings } = await this.client.embeddings.embedMany(
      { model: this.model, input: texts, dimensions: this.dimensions, user: this.user },
      {
        ...this.#requestOptions,
        batchSize: this.batchSize,
        concurrency: this.concurrency,
        onProgress: onProgress && (({ completed }) => onProgress(completed)),
      },
    );
    // Learn the size from the first answer when it was not configured, for vector stores that ask.
    if (this.embedInfo?.dimensions === undefined && embeddings[0]) {
      this.embedInfo = { ...this.embedInfo, dimensions: embeddings[0].length };
    }
    return embeddings;
  }
}

function progressReporter(options: BaseEmbeddingOptions | undefined) {
  if (!options?.progressCallback && !options?.logProgress) return undefined;
  const logger = options.logger ?? console;
  return (current: number, total: number) => {
    options.progressCallback?.(current, total);
    if (options.logProgress) logger.log(`getting embedding progress: ${current} / ${total}`);
  };
}
