import pkg from '../package.json' with { type: 'json' };
import { DEFAULT_BASE_URL } from './core/base-url.js';
import type { DispatcherLike } from './core/dispatcher.js';
import * as Errors from './core/errors.js';
import {
  AnyIntError,
  AnyIntValidationError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  InvalidResponseError,
  makeAPIError,
  RateLimitError,
} from './core/errors.js';
import {
  connectionError,
  fetchTransport,
  type HttpResponse,
  isTransportFailure,
  type RequestBody,
  type Transport,
} from './core/http.js';
import { readText } from './core/parse.js';
import {
  type KeyPacer,
  type Pacer,
  pacerOf,
  RateLimiter,
  type RatePermit,
  rateLimitScope,
} from './core/rate-limiter.js';
import { provideRequestPath, type RequestSpec } from './core/request-path.js';
import { backoffMs, isRetryableError, sleep } from './core/retry.js';
import { toFile } from './core/uploads.js';
import { defaultTransport, randomUUID, runtimeName } from './platform/node.js';
import { runningInBrowser } from './platform/runtime.js';
import type { Assistants } from './resources/assistants.js';
import { Audio } from './resources/audio/audio.js';
import { Batches } from './resources/batches.js';
import { Beta } from './resources/beta.js';
import { Embeddings } from './resources/embeddings.js';
import { Files } from './resources/files.js';
import { Images } from './resources/images.js';
import { Moderations } from './resources/moderations.js';
import type { Threads } from './resources/threads/threads.js';
import { Videos } from './resources/videos.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: never sent on to another origin by a redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'api-key', 'x-api-key', 'cookie', 'proxy-authorization'];
/** Of an error body, only this much is read: the message needs a readable prefix, not a whole page. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export { DEFAULT_BASE_URL };

export interface ClientOptions {
  /** Defaults to `process.env.ANYINT_API_KEY`. Sent only in the `Authorization` header. */
  apiKey?: string | undefined;
  /** Defaults to `process.env.ANYINT_BASE_URL`, else `https://gateway.api.anyint.ai/openai/v1`. */
  baseURL?: string | undefined;
  /**
   * Deadline of each attempt in ms, from sending until the answer is read whole (a 200 ms timeout
   * fails at 200 ms, whatever the stage). A binary or streamed answer (speech, downloads, run events)
   * is handed to the caller at its headers; from then on only the time between two chunks counts, so
   * a long download is never cut while bytes flow. Default 60 000.
   */
  timeout?: number | undefined;
  /** Timeout for images, audio, videos and file transfers, in ms. Default 600 000. */
  mediaTimeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** A `Retry-After` longer than this (ms) is not waited for: the error is thrown with `retryAfterMs`. Default 60 000. */
  maxRetryDelayMs?: number | undefined;
  /** Largest audio upload accepted before sending, in bytes. Default 25 MiB. */
  maxAudioUploadBytes?: number | undefined;
  /** Largest JSON (or text) response read, in bytes; a larger one is an `InvalidResponseError`. Downloads are streamed and not limited. Default 256 MiB. */
  maxResponseBytes?: number | undefined;
  /** A streamed run that sends nothing for this long (ms) falls back to polling. Default 30 000. */
  streamIdleTimeoutMs?: number | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** A WHATWG `fetch` to send requests with instead of undici (the web build's default is the global `fetch`). */
  fetch?: typeof fetch | undefined;
  /** An undici dispatcher (Agent, ProxyAgent, MockAgent) instead of the client's own keep-alive pool. Node build only. */
  dispatcher?: DispatcherLike | undefined;
  /**
   * Lets the client run in a web page, where the API key is readable by the page and anything on it.
   * Only for a key the user typed in or a local emulator. Default false: the client refuses browsers.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * The limiter that paces this client's requests by the upstream's rate limits. Pass one
   * `RateLimiter` to several clients (and adapters) that share an API key to pace them together.
   * Default: a limiter of this client's own.
   */
  rateLimiter?: RateLimiter | undefined;
  /** `false` sends every request at once, without pacing (retries still honour `Retry-After`). Default true. */
  rateLimit?: boolean | undefined;
}

export interface RequestOptions {
  /** Overrides the client's per-attempt timeout, in ms. */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Extra headers; `undefined` removes a default one. */
  headers?: Record<string, string | undefined> | undefined;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The request path of the AnyInt client (connection, key, timeouts, retries, pacing, errors) without
 * the routes. Pass it to the resources you use, and a bundler drops the others: the smallest build
 * for an edge function or a page.
 *
 * @example
 * const core = new AnyIntCore({ apiKey });
 * const embeddings = new Embeddings(core);
 * const { data } = await embeddings.create({ model: 'text-embedding-v4', input: 'hello' });
 */
export class AnyIntCore {
  readonly baseURL: string;
  readonly timeout: number;
  readonly mediaTimeout: number;
  readonly maxRetries: number;
  readonly maxRetryDelayMs: number;
  readonly maxAudioUploadBytes: number;
  readonly maxResponseBytes: number;
  readonly streamIdleTimeoutMs: number;
  /** Paces the requests by the upstream's rate limits; undefined with `rateLimit: false`. */
  readonly rateLimiter: RateLimiter | undefined;

  readonly #apiKey: string;
  readonly #pacer: Pacer | undefined;
  readonly #rateLimitScope: string;
  /** Built once per model: the request path asks for it on every attempt. */
  readonly #pacers = new Map<string, KeyPacer>();
  readonly #baseHeaders: Record<string, string>;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    if (!options.dangerouslyAllowBrowser && runningInBrowser()) {
      throw new AnyIntValidationError(
        'dangerouslyAllowBrowser',
        'The AnyInt client is running in a browser, where the API key is exposed to the page: anyone who can open it, and every script on it, can read and use the key. Call AnyInt from your server instead; if the exposure is acceptable (a key the user typed in, a local emulator), pass `dangerouslyAllowBrowser: true`.',
      );
    }
    const apiKey = options.apiKey ?? readEnv('ANYINT_API_KEY');
    if (!apiKey) {
      throw new AnyIntValidationError(
        'apiKey',
        'No API key: pass `apiKey` to `new AnyInt({ apiKey })` or set the ANYINT_API_KEY environment variable.',
      );
    }
    this.#apiKey = apiKey;
    this.baseURL = (options.baseURL ?? readEnv('ANYINT_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeout = options.timeout ?? 60_000;
    this.mediaTimeout = options.mediaTimeout ?? 600_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.maxAudioUploadBytes = options.maxAudioUploadBytes ?? 25 * 1024 * 1024;
    this.maxResponseBytes = options.maxResponseBytes ?? 256 * 1024 * 1024;
    this.streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 30_000;
    this.rateLimiter = rateLimiterOf(options);
    this.#pacer = pacerOf(this.rateLimiter);
    this.#rateLimitScope = rateLimitScope(this.baseURL, apiKey);
    // Built once: copying a ready object is the cheapest per-request header work.
    this.#baseHeaders = {
      'user-agent': `anyint-client/${pkg.version} ${runtimeName}`,
      ...lowerCaseKeys(options.defaultHeaders ?? {}),
      accept: 'application/json',
      authorization: `Bearer ${apiKey}`,
    };
    this.#transport = options.fetch ? fetchTransport(options.fetch) : defaultTransport(options.dispatcher);
  }

  /** Removes the API key from text that came from elsewhere, such as an upstream's error message. */
  redact(text: string): string {
    return text.includes(this.#apiKey) ? text.split(this.#apiKey).join('[redacted]') : text;
  }

  static {
    provideRequestPath(
      this.prototype,
      function (this: AnyIntCore, spec, options) {
        return this.#request(spec, options);
      },
      function (this: AnyIntCore, model) {
        return this.#pacing(model);
      },
    );
  }

  /** The one request path: URL, headers, body encoding, timeouts, retries and error mapping. */
  async #request<T>(spec: RequestSpec<T>, options: RequestOptions = {}): Promise<T> {
    const route = `${spec.method} ${spec.path}`;
    const url = spec.url ?? this.#url(spec.path, spec.query);
    const { signal } = options;
    const timeoutMs = options.timeout ?? (spec.media ? this.mediaTimeout : this.timeout);
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const createsNothing = spec.createsNothing ?? spec.method !== 'POST';
    const headers = this.#headers(spec, options);
    const encoded = encodeBody(spec, headers);
    // A stream body can be read once, so it is sent once.
    const retriesAllowed = encoded.replayable ? maxRetries : 0;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      let error: AnyIntError;
      try {
        const permit = await this.#permit(spec, signal);
        return await this.#attempt(spec, route, url, headers, encoded.body(), timeoutMs, signal, permit);
      } catch (failure) {
        error = failure as AnyIntError;
      }
      if (attempt >= retriesAllowed || !isRetryableError(error, createsNothing)) {
        throw createsNothing ? error : withCreateNote(error);
      }
      const delay = (APIError.isInstance(error) ? error.retryAfterMs : undefined) ?? backoffMs(attempt);
      if (delay > this.maxRetryDelayMs) throw error;
      await this.#wait(delay, signal);
    }
  }

  /** One attempt, sent and read; every failure comes out as an `AnyIntError`. */
  async #attempt<T>(
    spec: RequestSpec<T>,
    route: string,
    url: string,
    headers: Record<string, string>,
    body: RequestBody | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    permit: RatePermit | undefined,
  ): Promise<T> {
    let response: HttpResponse;
    try {
      response = await this.#send(spec.method, url, headers, body, timeoutMs, signal);
    } catch (cause) {
      permit?.received(undefined, undefined);
      throw connectionError(cause, route, signal);
    }
    permit?.received(response.status, response.headers);
    if (response.status >= 400) throw await this.#errorFrom(response, route, spec);
    response.maxTextBytes = this.maxResponseBytes;
    try {
      return await spec.parse(response, route);
    } catch (cause) {
      const failure = parseFailure(cause, route, signal);
      if (permit && RateLimitError.isInstance(failure)) permit.rateLimited(failure.retryAfterMs);
      throw failure;
    }
  }

  #pacing(model: string | undefined): KeyPacer | undefined {
    if (!this.#pacer) return undefined;
    const name = model ?? '';
    let pacer = this.#pacers.get(name);
    if (!pacer) {
      pacer = this.#pacer.forKey(`${this.#rateLimitScope}\n${name}`);
      this.#pacers.set(name, pacer);
    }
    return pacer;
  }

  /** Waits for the rate limiter's go for one attempt; requests outside the API are not paced. */
  async #permit(
    spec: RequestSpec<unknown>,
    signal: AbortSignal | undefined,
  ): Promise<RatePermit | undefined> {
    const pacer = spec.url ? undefined : this.#pacing(spec.model);
    if (!pacer) return undefined;
    try {
      return await pacer.acquire(spec.tokens ?? 0, signal, spec.onRateLimitWait);
    } catch (reason) {
      throw new APIUserAbortError(undefined, { cause: reason });
    }
  }

  /**
   * One attempt. A GET follows redirects (downloads are often served from storage hosts), here and
   * not in the transport, so undici and fetch keep one policy: credential headers never go on to
   * another origin.
   */
  async #send(
    method: RequestSpec<unknown>['method'],
    url: string,
    headers: Record<string, string>,
    body: RequestBody | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    let response = await this.#transport({ method, url, headers, body, timeoutMs, signal });
    for (let hops = 0; method === 'GET' && REDIRECTS.has(response.status) && hops < 5; hops++) {
      const location = response.headers.location;
      if (!location) break;
      await response.discard();
      const next = new URL(location, url);
      if (next.origin !== new URL(url).origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())),
        );
      }
      url = next.href;
      response = await this.#transport({ method, url, headers, timeoutMs, signal });
    }
    return response;
  }

  async #errorFrom(response: HttpResponse, route: string, spec: RequestSpec<unknown>): Promise<APIError> {
    let bodyText = '';
    try {
      bodyText = (await readText(response, MAX_ERROR_BODY_BYTES)).text;
    } catch {
      // The status says enough; a body cut short adds nothing.
    }
    return makeAPIError({
      status: response.status,
      headers: response.headers,
      bodyText,
      route,
      model: spec.model,
      namesResource: spec.namesResource ?? false,
      redact: (text) => this.redact(text),
      createsNothing: spec.createsNothing ?? spec.method !== 'POST',
      baseURL: this.baseURL,
    });
  }

  async #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw new APIUserAbortError(undefined, { cause: reason });
    }
  }

  #url(path: string, query: Query | undefined): string {
    let url = this.baseURL + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query))
        if (value !== undefined) params.append(key, String(value));
      const search = params.toString();
      if (search) url += `?${search}`;
    }
    return url;
  }

  #headers(spec: RequestSpec<unknown>, options: RequestOptions): Record<string, string> {
    // A host outside the API never sees the key, nor default headers that may carry other secrets.
    if (spec.url) return { accept: spec.accept ?? '*/*' };
    const headers: Record<string, string> = { ...this.#baseHeaders, ...spec.headers };
    if (spec.accept) headers.accept = spec.accept;
    // One key for every attempt, so an upstream that honours it never runs the request twice.
    if (spec.method === 'POST') headers['idempotency-key'] = `anyint-${randomUUID()}`;
    if (options.headers) {
      for (const [name, value] of Object.entries(options.headers)) {
        if (value === undefined) delete headers[name.toLowerCase()];
        else headers[name.toLowerCase()] = value;
      }
    }
    return headers;
  }

  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries };
  }
}

/**
 * The client for AnyInt's OpenAI-compatible extended endpoints.
 *
 * @example
 * const anyint = new AnyInt(); // ANYINT_API_KEY, ANYINT_BASE_URL
 * const { data } = await anyint.embeddings.create({ model: 'text-embedding-v4', input: 'hello' });
 */
export class AnyInt extends AnyIntCore {
  // The error classes and `toFile` as statics, where `openai@6` users look for them (`OpenAI.NotFoundError`).
  static readonly AnyIntError = Errors.AnyIntError;
  static readonly APIError = Errors.APIError;
  static readonly APIConnectionError = Errors.APIConnectionError;
  static readonly APITimeoutError = Errors.APITimeoutError;
  /** `openai@6`'s name for `APITimeoutError`. */
  static readonly APIConnectionTimeoutError = Errors.APITimeoutError;
  static readonly APIUserAbortError = Errors.APIUserAbortError;
  static readonly BadRequestError = Errors.BadRequestError;
  static readonly AuthenticationError = Errors.AuthenticationError;
  static readonly PermissionDeniedError = Errors.PermissionDeniedError;
  static readonly NotFoundError = Errors.NotFoundError;
  static readonly ConflictError = Errors.ConflictError;
  static readonly RequestTooLargeError = Errors.RequestTooLargeError;
  static readonly UnprocessableEntityError = Errors.UnprocessableEntityError;
  static readonly RateLimitError = Errors.RateLimitError;
  static readonly InsufficientQuotaError = Errors.InsufficientQuotaError;
  static readonly InternalServerError = Errors.InternalServerError;
  static readonly GatewayTimeoutError = Errors.GatewayTimeoutError;
  static readonly UnsupportedRouteError = Errors.UnsupportedRouteError;
  static readonly AnyIntValidationError = Errors.AnyIntValidationError;
  static readonly FileTooLargeError = Errors.FileTooLargeError;
  static readonly InvalidResponseError = Errors.InvalidResponseError;
  static readonly StreamTruncatedError = Errors.StreamTruncatedError;
  static readonly JobFailedError = Errors.JobFailedError;
  static readonly toFile = toFile;

  readonly embeddings: Embeddings = new Embeddings(this);
  readonly images: Images = new Images(this);
  readonly audio: Audio = new Audio(this);
  readonly moderations: Moderations = new Moderations(this);
  readonly files: Files = new Files(this);
  readonly batches: Batches = new Batches(this);
  /** The Assistants API (assistants, threads, messages, runs), where `openai@6` has it. */
  readonly beta: Beta = new Beta(this);
  /** The same object as `beta.assistants`. */
  readonly assistants: Assistants = this.beta.assistants;
  /** The same object as `beta.threads`. */
  readonly threads: Threads = this.beta.threads;
  readonly videos: Videos = new Videos(this);
}

/**
 * What a failed read of a 2xx answer means. The body was cut or went quiet: a connection error after
 * sending. Anything else the reading code threw (a bug, or a body it could not handle) is an
 * `InvalidResponseError` with the cause: retrying would not change it.
 */
function parseFailure(cause: unknown, route: string, signal: AbortSignal | undefined): AnyIntError {
  if (AnyIntError.isInstance(cause)) return cause;
  if (signal?.aborted || isTransportFailure(cause)) return connectionError(cause, route, signal);
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new InvalidResponseError(`The response to ${route} could not be read${detail}`, route, { cause });
}

const MAY_HAVE_CREATED =
  ' The request reached the upstream and may have created something; it was not sent again, to avoid a duplicate.';

/** A create that failed after it was sent says so, so the caller checks before trying again. */
function withCreateNote(error: AnyIntError): AnyIntError {
  if (APITimeoutError.isInstance(error) && error.requestSent) {
    return new APITimeoutError(error.message + MAY_HAVE_CREATED, error.route, {
      cause: error.cause,
      requestSent: true,
    });
  }
  if (APIConnectionError.isInstance(error) && error.requestSent) {
    return new APIConnectionError(error.message + MAY_HAVE_CREATED, error.route, {
      cause: error.cause,
      requestSent: true,
    });
  }
  if (InvalidResponseError.isInstance(error) && error.unreadable) {
    return new InvalidResponseError(error.message + MAY_HAVE_CREATED, error.route, {
      cause: error.cause,
      unreadable: true,
    });
  }
  return error;
}

interface EncodedBody {
  replayable: boolean;
  body(): RequestBody | undefined;
}

/** JSON or multipart; sets the content headers once for all attempts. */
function encodeBody(spec: RequestSpec<unknown>, headers: Record<string, string>): EncodedBody {
  const { form } = spec;
  if (form) {
    headers['content-type'] = form.contentType;
    const length = form.contentLength;
    if (length !== undefined) headers['content-length'] = String(length);
    // The transport sends it as chunks (undici) or as a Blob (fetch), whichever it can.
    return { replayable: form.replayable, body: () => form };
  }
  if (spec.body === undefined) return { replayable: true, body: () => undefined };
  const json = JSON.stringify(spec.body);
  headers['content-type'] = 'application/json';
  return { replayable: true, body: () => json };
}

function rateLimiterOf(options: ClientOptions): RateLimiter | undefined {
  const { rateLimit, rateLimiter } = options;
  if (rateLimit !== undefined && typeof rateLimit !== 'boolean') {
    throw new AnyIntValidationError('rateLimit', '`rateLimit` must be true or false.');
  }
  if (rateLimiter !== undefined && !pacerOf(rateLimiter)) {
    throw new AnyIntValidationError(
      'rateLimiter',
      '`rateLimiter` must be a RateLimiter (`new RateLimiter()`).',
    );
  }
  if (rateLimit === false) {
    if (rateLimiter) {
      throw new AnyIntValidationError(
        'rateLimit',
        '`rateLimit: false` turns pacing off, but a `rateLimiter` was given too: pass one of them.',
      );
    }
    return undefined;
  }
  return rateLimiter ?? new RateLimiter();
}

function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name]?.trim();
  return value || undefined;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
