import type { RequestOptions } from '../client.js';
import { APIPromise, type ResponseMeta } from '../core/api-promise.js';
import { APIError, APIUserAbortError, EmbedManyError } from '../core/errors.js';
import { readJSON } from '../core/parse.js';
import type { KeyPacer } from '../core/rate-limiter.js';
import { pacerFor, request } from '../core/request-path.js';
import { APIResource } from '../core/resource.js';
import { upstreamQuirks } from '../core/upstream-quirks.js';
import {
  optionalOneOf,
  optionalPositiveInteger,
  optionalString,
  requireObject,
  requireString,
  requireTextInput,
} from '../core/validate.js';
import { embedBulk } from '../platform/node.js';
import type { BulkEmbedding, EmbedBulkOptions, EmbedBulkParams } from './embed-bulk.js';
import {
  type DecodedEmbeddings,
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
/** About 300k tokens, OpenAI's per-request total, at a cautious 3 characters a token. */
const MAX_REQUEST_CHARS = 900_000;

export interface EmbeddingCreateParams {
  model: EmbeddingModel;
  /** A string or an array of strings (OpenAI caps an array at 2048; some upstreams at 10). */
  input: string | string[];
  /** Output size, for models that can shorten their vectors. */
  dimensions?: number;
  /**
   * What to ask the upstream for. Default `'base64'` (smaller and faster); vectors come back as
   * numbers either way, and an upstream that rejects one encoding is asked for the other (once,
   * remembered per base URL and model).
   */
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
  /**
   * Called after each request with the inputs embedded so far, and when a request has to wait on the
   * upstream's rate limit, with `waitingMs` how long (0 otherwise).
   */
  onProgress?: (progress: EmbedManyProgress) => void;
}

export interface EmbedManyProgress {
  completed: number;
  total: number;
  /** How long the next request waits on the upstream's rate limit, in ms; 0 when nothing waits. */
  waitingMs: number;
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

/** How embedMany hears of rate-limit waits of its requests. */
interface Pacing {
  onWait?: ((ms: number) => void) | undefined;
}

/**
 * The characters a slice may hold under a known tokens limit: what remains of the budget, but never
 * so little that the requests limit binds first, nor more than the upstream takes at once.
 */
function tokenBudgetChars(pacer: KeyPacer | undefined): number {
  const budget = pacer?.tokenBudget();
  if (!pacer || !budget) return Number.POSITIVE_INFINITY;
  const tokens = Math.min(
    budget.capacity,
    Math.max(budget.available, budget.capacity / 2, budget.perRequest * 2),
  );
  return Math.max(1, Math.floor((tokens * 1000) / Math.max(1, pacer.estimateTokens(1000))));
}

function inputChars(input: string | string[]): number {
  if (typeof input === 'string') return input.length;
  let chars = 0;
  for (const text of input) chars += text.length;
  return chars;
}

export class Embeddings extends APIResource {
  /**
   * Embeds a string or an array of strings in one request.
   *
   * @example
   * const { data } = await anyint.embeddings.create({ model: 'text-embedding-v4', input: ['a', 'b'], dimensions: 256 });
   */
  create(params: EmbeddingCreateParams, options?: RequestOptions): APIPromise<CreateEmbeddingResponse> {
    return new APIPromise(
      (async () => {
        validate(params);
        requireTextInput('input', params.input);
        const inputs = typeof params.input === 'string' ? 1 : params.input.length;
        const seen: { meta?: ResponseMeta } = {};
        const { vectors, usage, model } = await this.#post(params, inputs, 'number', options, seen);
        const response: CreateEmbeddingResponse = {
          object: 'list',
          data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
          model: model ?? params.model,
        };
        if (usage) response.usage = usage;
        return { data: response, meta: seen.meta as ResponseMeta };
      })(),
    );
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
    const sized = options.batchSize !== undefined;
    const total = input.length;
    const embeddings = new Array<Vector<O>>(total);
    const quirks = upstreamQuirks(this.client.baseURL, params.model);
    let usage: EmbeddingUsage | undefined = { prompt_tokens: 0, total_tokens: 0 };
    let model: string | undefined;
    let completed = 0;
    let next = 0;
    // Slices handed back after a stated cap, sent again in pieces the upstream accepts.
    const requeued: [number, number][] = [];

    // The first failure stops the other workers and aborts their requests, so nothing keeps running.
    const controller = new AbortController();
    const stop = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', stop, { once: true });
    let failure: unknown;

    const embedRange = async (start: number, end: number): Promise<void> => {
      const batch = input.slice(start, end);
      let result: DecodedEmbeddings<O>;
      try {
        result = await this.#post(
          { ...params, input: batch },
          batch.length,
          output,
          { ...requestOptions, signal: controller.signal },
          undefined,
          pacing,
        );
      } catch (error) {
        // An upstream that states a smaller cap gets this slice again in pieces it accepts.
        const limit = APIError.isInstance(error) ? error.statedLimit : undefined;
        if (limit === undefined || limit >= batch.length) throw error;
        quirks.maxInputs = Math.min(quirks.maxInputs ?? limit, limit);
        for (let from = start; from < end; from += limit) requeued.push([from, Math.min(from + limit, end)]);
        spawnWorkers();
        return;
      }
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
      onProgress?.({ completed, total, waitingMs: 0 });
    };

    const pacer = pacerFor(this.client, params.model);
    const pacing: Pacing = {
      onWait: onProgress && ((waitingMs) => onProgress({ completed, total, waitingMs })),
    };
    /**
     * The next slice: at most `batchSize` inputs (or the upstream's cap), about MAX_REQUEST_CHARS of
     * text, and, under a known tokens limit, the tokens that fit what remains of it.
     */
    const nextRange = (): [number, number] | undefined => {
      const again = requeued.shift();
      if (again) return again;
      if (next >= total) return undefined;
      const start = next;
      // Until the upstream has answered once, default slices are a quarter size: with its limits
      // unknown, an opening round of full slices could overrun a burst shared with other clients.
      const opening = !sized && pacer && completed === 0 && !pacer.tokenBudget() ? 4 : 1;
      const limit = Math.ceil(Math.min(batchSize, quirks.maxInputs ?? batchSize) / opening);
      const maxChars = Math.min(MAX_REQUEST_CHARS / opening, tokenBudgetChars(pacer));
      let end = start;
      let chars = 0;
      while (end < total && end - start < limit) {
        chars += (input[end] as string).length;
        if (chars > maxChars && end > start) break;
        end++;
      }
      next = end;
      return [start, end];
    };
    const pending = () =>
      requeued.length + Math.ceil((total - next) / Math.min(batchSize, quirks.maxInputs ?? batchSize));

    let active = 0;
    const running: Promise<void>[] = [];
    const worker = async () => {
      try {
        for (let range = nextRange(); range && !controller.signal.aborted; range = nextRange())
          await embedRange(...range);
      } catch (error) {
        failure ??= error;
        controller.abort();
      } finally {
        active--;
      }
    };
    // `concurrency` requests stay in flight whatever the slice size, also once a cap splits slices.
    function spawnWorkers() {
      while (active < concurrency && active < pending() && !controller.signal.aborted) {
        active++;
        running.push(worker());
      }
    }
    try {
      spawnWorkers();
      for (let i = 0; i < running.length; i++) await running[i];
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      if (failure !== undefined) {
        const failedIndexes: number[] = [];
        for (let i = 0; i < total; i++) if (embeddings[i] === undefined) failedIndexes.push(i);
        // Work already paid for is handed back, so the caller re-sends only what failed.
        if (failedIndexes.length < total) throw new EmbedManyError(failure, embeddings, failedIndexes);
        throw failure;
      }
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

  /**
   * One embeddings request, decoded. An upstream that rejects the encoding gets the other one, once,
   * and keeps getting it: the vectors come back as numbers either way, so the encoding asked for is
   * only a transport choice.
   */
  async #post<O extends VectorOutput>(
    params: EmbeddingCreateParams,
    count: number,
    output: O,
    options: RequestOptions | undefined,
    seen?: { meta?: ResponseMeta },
    pacing?: Pacing,
  ): Promise<DecodedEmbeddings<O>> {
    const quirks = upstreamQuirks(this.client.baseURL, params.model);
    const encoding = quirks.encoding ?? params.encoding_format ?? 'base64';
    try {
      return await this.#send(params, encoding, count, output, options, seen, pacing);
    } catch (error) {
      const rejected =
        APIError.isInstance(error) &&
        (error.status === 400 || error.status === 422) &&
        error.param === 'encoding_format';
      if (!rejected) throw error;
      quirks.encoding = encoding === 'base64' ? 'float' : 'base64';
      return this.#send(params, quirks.encoding, count, output, options, seen, pacing);
    }
  }

  #send<O extends VectorOutput>(
    params: EmbeddingCreateParams,
    encoding: EncodingFormat,
    count: number,
    output: O,
    options: RequestOptions | undefined,
    seen?: { meta?: ResponseMeta },
    pacing?: Pacing,
  ): Promise<DecodedEmbeddings<O>> {
    // Optional fields travel only when set: some upstreams reject an explicit null.
    const body: Record<string, unknown> = {
      model: params.model,
      input: params.input,
      encoding_format: encoding,
    };
    if (params.dimensions != null) body.dimensions = params.dimensions;
    if (params.user != null) body.user = params.user;
    const route = 'POST /embeddings';
    const pacer = pacerFor(this.client, params.model);
    const chars = inputChars(params.input);
    return request(
      this.client,
      {
        method: 'POST',
        path: '/embeddings',
        body,
        model: params.model,
        createsNothing: true,
        tokens: pacer?.estimateTokens(chars),
        onRateLimitWait: pacing?.onWait,
        parse: async (response) => {
          if (seen) seen.meta = { status: response.status, headers: response.headers };
          const decoded = decodeEmbeddings(await readJSON(response, route), {
            count,
            dimensions: params.dimensions,
            output,
            route,
          });
          // The usage reported corrects the estimate the next requests are paced and packed by.
          if (decoded.usage) pacer?.learnTokens(chars, decoded.usage.prompt_tokens);
          return decoded;
        },
      },
      options,
    );
  }
}
