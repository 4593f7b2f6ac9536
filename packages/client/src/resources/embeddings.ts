import type { RequestOptions } from '../client.js';
import { APIUserAbortError } from '../core/errors.js';
import { readJSON } from '../core/parse.js';
import { APIResource } from '../core/resource.js';
import {
  optionalOneOf,
  optionalPositiveInteger,
  optionalString,
  requireObject,
  requireString,
  requireTextInput,
} from '../core/validate.js';
import { type BulkEmbedding, type EmbedBulkOptions, type EmbedBulkParams, embedBulk } from './embed-bulk.js';
import {
  decodeEmbeddings,
  type EmbeddingUsage,
  type Vector,
  type VectorOutput,
} from './embedding-vectors.js';

export type { EmbeddingUsage, VectorOutput } from './embedding-vectors.js';

export type EmbeddingModel =
  | 'text-embedding-v4'
  | 'text-embedding-3-small'
  | 'text-embedding-3-large'
  | 'text-embedding-ada-002'
  | (string & {});

export type EncodingFormat = 'float' | 'base64';
const ENCODING_FORMATS: readonly EncodingFormat[] = ['float', 'base64'];

export interface EmbeddingCreateParams {
  model: EmbeddingModel;
  /** A string or an array of strings (OpenAI caps an array at 2048; some upstreams at 10). */
  input: string | string[];
  /** Output size, for models that can shorten their vectors. */
  dimensions?: number;
  /** What to ask the upstream for. Default `'base64'` (smaller and faster); vectors come back as numbers either way. */
  encoding_format?: EncodingFormat;
  user?: string;
}

export interface Embedding {
  object: 'embedding';
  index: number;
  embedding: number[];
}

export interface CreateEmbeddingResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  /** Missing when the upstream sends none. */
  usage?: EmbeddingUsage;
}

export interface EmbedManyParams {
  model: EmbeddingModel;
  /** Any number of strings; split into requests of `batchSize`. */
  input: readonly string[];
  dimensions?: number;
  encoding_format?: EncodingFormat;
  user?: string;
}

export interface EmbedManyOptions<O extends VectorOutput = 'number'> extends RequestOptions {
  /** Inputs per request. Default 512. */
  batchSize?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** `'number'` gives `number[][]`; `'float32'` gives `Float32Array[]`, faster and a quarter of the memory. */
  output?: O;
  /** Called after each request with the inputs embedded so far. */
  onProgress?: (progress: { completed: number; total: number }) => void;
}

export interface EmbedManyResult<O extends VectorOutput = 'number'> {
  /** One vector per input, in input order. */
  embeddings: Vector<O>[];
  /** Summed over the requests; `undefined` when the upstream sends none. */
  usage: EmbeddingUsage | undefined;
  model: string;
}

function validate(params: unknown): asserts params is Omit<EmbeddingCreateParams, 'input'> {
  requireObject('params', params);
  requireString('model', params.model);
  optionalPositiveInteger('dimensions', params.dimensions);
  optionalOneOf('encoding_format', params.encoding_format, ENCODING_FORMATS);
  optionalString('user', params.user);
}

export class Embeddings extends APIResource {
  /**
   * Embeds a string or an array of strings in one request.
   *
   * @example
   * const { data } = await anyint.embeddings.create({ model: 'text-embedding-v4', input: ['a', 'b'], dimensions: 256 });
   */
  async create(params: EmbeddingCreateParams, options?: RequestOptions): Promise<CreateEmbeddingResponse> {
    validate(params);
    requireTextInput('input', params.input);
    const inputs = typeof params.input === 'string' ? 1 : params.input.length;
    const { vectors, usage, model } = await this.#post(params, inputs, 'number', options);
    const response: CreateEmbeddingResponse = {
      object: 'list',
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      model: model ?? params.model,
    };
    if (usage) response.usage = usage;
    return response;
  }

  /**
   * Embeds any number of strings: splits them into requests of `batchSize`, runs `concurrency` of
   * them at once, and returns the vectors in input order with the usage summed.
   *
   * @example
   * const { embeddings } = await anyint.embeddings.embedMany(
   *   { model: 'text-embedding-v4', input: texts, dimensions: 1024 },
   *   { output: 'float32', onProgress: ({ completed, total }) => console.log(completed, total) },
   * );
   */
  async embedMany<O extends VectorOutput = 'number'>(
    params: EmbedManyParams,
    options: EmbedManyOptions<O> = {},
  ): Promise<EmbedManyResult<O>> {
    const {
      batchSize = 512,
      concurrency = 4,
      output = 'number' as O,
      onProgress,
      signal,
      ...requestOptions
    } = options;
    validate(params);
    // An empty list is a valid corpus (a framework may hand one over); it needs no request.
    if (!Array.isArray(params.input) || params.input.length > 0) requireTextInput('input', params.input);
    optionalPositiveInteger('batchSize', batchSize);
    optionalPositiveInteger('concurrency', concurrency);

    const input = params.input;
    const total = input.length;
    const embeddings = new Array<Vector<O>>(total);
    let usage: EmbeddingUsage | undefined = { prompt_tokens: 0, total_tokens: 0 };
    let model: string | undefined;
    let completed = 0;
    let next = 0;

    // The first failure stops the other workers, so no request is started for a call that has failed.
    const controller = new AbortController();
    const stop = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', stop, { once: true });
    let failure: unknown;
    const worker = async () => {
      try {
        await work();
      } catch (error) {
        failure ??= error;
        controller.abort();
      }
    };
    const work = async () => {
      while (next < total && !controller.signal.aborted) {
        const start = next;
        next = Math.min(start + batchSize, total);
        const batch = input.slice(start, next);
        const result = await this.#post({ ...params, input: batch }, batch.length, output, {
          ...requestOptions,
          signal: controller.signal,
        });
        for (let i = 0; i < batch.length; i++) embeddings[start + i] = result.vectors[i] as Vector<O>;
        usage =
          usage && result.usage
            ? {
                prompt_tokens: usage.prompt_tokens + result.usage.prompt_tokens,
                total_tokens: usage.total_tokens + result.usage.total_tokens,
              }
            : undefined;
        model ??= result.model;
        completed += batch.length;
        onProgress?.({ completed, total });
      }
    };
    try {
      const workers = Array.from({ length: Math.min(concurrency, Math.ceil(total / batchSize)) }, worker);
      await Promise.all(workers);
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      if (failure !== undefined) throw failure;
    } finally {
      signal?.removeEventListener('abort', stop);
      if (!controller.signal.aborted) controller.abort();
    }
    return { embeddings, usage: total === 0 ? undefined : usage, model: model ?? params.model };
  }

  /**
   * Embeds a corpus too large for one process through the Batch API, yielding `{ index, embedding }`
   * in input order. With `statePath`, a rerun after a crash resumes without re-embedding.
   *
   * @example
   * for await (const { index, embedding } of anyint.embeddings.embedBulk(
   *   { model: 'text-embedding-v4', input: readLines('corpus.txt'), dimensions: 1024 },
   *   { statePath: '.anyint-bulk.json', onProgress: console.log },
   * )) write(index, embedding);
   */
  embedBulk<O extends VectorOutput = 'number'>(
    params: EmbedBulkParams,
    options?: EmbedBulkOptions<O>,
  ): AsyncGenerator<BulkEmbedding<O>> {
    return embedBulk(this.client, params, options);
  }

  #post<O extends VectorOutput>(
    params: EmbeddingCreateParams,
    count: number,
    output: O,
    options: RequestOptions | undefined,
  ) {
    const body = { ...params, encoding_format: params.encoding_format ?? 'base64' };
    const route = 'POST /embeddings';
    return this.client.request(
      {
        method: 'POST',
        path: '/embeddings',
        body,
        model: params.model,
        createsNothing: true,
        parse: async (response) =>
          decodeEmbeddings(await readJSON(response, route), {
            count,
            dimensions: params.dimensions,
            output,
            route,
          }),
      },
      options,
    );
  }
}
