import { AnyInt, type RequestOptions } from '../client.js';
import { AnyIntValidationError } from '../core/errors.js';
import { hasRequestPath } from '../core/request-path.js';

/** How an adapter reaches AnyInt: the same options, with the same rules, in every adapter. */
export interface ConnectionOptions {
  /**
   * An existing `AnyInt` client to share (its connection pool, rate limiter, key and URL). Not combined
   * with `apiKey`, `baseURL` or `fetch`, which a client already has.
   */
  client?: AnyInt | undefined;
  /** API key for a client built here. Default `process.env.ANYINT_API_KEY`. */
  apiKey?: string | undefined;
  /** Gateway URL for a client built here. Default `process.env.ANYINT_BASE_URL`, else `https://gateway.api.anyint.ai/openai/v1`. */
  baseURL?: string | undefined;
  /**
   * Deadline of each attempt in ms, from sending until the answer is read whole; a binary or streamed
   * answer counts until its headers, then each wait between two chunks (a long download is never cut
   * while bytes flow). Default: the client's, 60 000 (600 000 for images, audio and videos).
   */
  timeout?: number | undefined;
  /** Retries after the first attempt, done by the client (the one retry layer). Default: the client's, 2. */
  maxRetries?: number | undefined;
  /** A WHATWG `fetch` to send requests with instead of the client's undici pool (tests, proxies, edge runtimes). */
  fetch?: typeof fetch | undefined;
  /** Headers sent with every request. Default: none. */
  headers?: Record<string, string> | undefined;
}

/**
 * The OpenAI SDK's client options as frameworks pass them through: LangChain's `configuration`
 * (what `OpenAIEmbeddings` takes) and LlamaIndex's `additionalSessionOptions`. These are mapped onto
 * the connection options; any other key there is refused, never dropped.
 */
export interface OpenAIClientSpelling {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  fetch?: typeof fetch | undefined;
  defaultHeaders?: Record<string, string> | undefined;
}

/** Where frameworks put OpenAI client options; an adapter declares the one its framework uses. */
export interface NativeSpellings {
  /** LangChain's spelling (as `OpenAIEmbeddings` takes it): mapped onto the connection options. */
  configuration?: OpenAIClientSpelling | undefined;
  /** LlamaIndex's spelling (as `OpenAIEmbedding` takes it): mapped onto the connection options. */
  additionalSessionOptions?: OpenAIClientSpelling | undefined;
}

/** Every connection option name, for an adapter's list of known options. */
export const CONNECTION_OPTIONS: readonly (keyof ConnectionOptions)[] = [
  'client',
  'apiKey',
  'baseURL',
  'timeout',
  'maxRetries',
  'fetch',
  'headers',
];

const SPELLINGS: Record<keyof OpenAIClientSpelling, keyof ConnectionOptions> = {
  apiKey: 'apiKey',
  baseURL: 'baseURL',
  timeout: 'timeout',
  maxRetries: 'maxRetries',
  fetch: 'fetch',
  defaultHeaders: 'headers',
};

/** What `connect` needs to know about the adapter asking. */
export interface ConnectionSpec {
  /** The adapter's public name for messages, e.g. `'AnyIntEmbeddings'`. */
  adapter: string;
  /** The option under which the framework passes OpenAI client options, if it has one. */
  nativeOption?: 'configuration' | 'additionalSessionOptions' | undefined;
  /**
   * `'framework'` when the framework runs the retries (the AI SDK): `maxRetries` is then refused and
   * every request runs with the client's retries off, so each call has one retry layer.
   */
  retries?: 'client' | 'framework' | undefined;
  /**
   * The adapter's own `dangerouslyAllowBrowser` setting, for a client built here (the AI SDK provider
   * runs in web pages); refused together with `client`, which made that choice already.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** A client and the per-request options the adapter's settings add to each call. */
export interface Connection {
  client: AnyInt;
  /** Options for one request: the adapter's `timeout`, `maxRetries` and `headers` over a shared client's, and the caller's signal. */
  requestOptions(signal?: AbortSignal | undefined): RequestOptions;
}

/** Settings that build a client: a shared client already has its own. */
const BUILD_ONLY = ['apiKey', 'baseURL', 'fetch'] as const;

/**
 * The client an adapter uses, built from its connection options (or the environment), with the
 * framework's own spellings mapped. Throws `AnyIntValidationError` naming the field when a value is
 * wrong, when `client` comes with `apiKey`/`baseURL`/`fetch`, when a framework spelling has no AnyInt
 * meaning, or when no API key is found.
 */
export function connect(options: ConnectionOptions & NativeSpellings, spec: ConnectionSpec): Connection {
  const settings = withNativeSpelling(options as Record<string, unknown>, spec);
  const { client, apiKey, baseURL, timeout, maxRetries, fetch: fetchImpl, headers } = settings;
  if (client !== undefined && !isClient(client)) {
    throw fieldError(spec, 'client', 'must be an `AnyInt` client from @anyint/client');
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw fieldError(spec, 'apiKey', 'must be a non-empty string');
  }
  if (baseURL !== undefined && !isHttpURL(baseURL)) {
    throw fieldError(spec, 'baseURL', "must be an http(s) URL, e.g. 'http://127.0.0.1:8787/v1'");
  }
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0)) {
    throw fieldError(spec, 'timeout', 'must be a positive number of milliseconds');
  }
  if (maxRetries !== undefined) {
    if (spec.retries === 'framework') {
      throw fieldError(
        spec,
        'maxRetries',
        "is the framework's here: pass `maxRetries` to the call (e.g. `embed({ maxRetries })`), the one retry layer",
      );
    }
    if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) {
      throw fieldError(spec, 'maxRetries', 'must be a non-negative integer');
    }
  }
  if (fetchImpl !== undefined && typeof fetchImpl !== 'function') {
    throw fieldError(spec, 'fetch', 'must be a fetch function');
  }
  if (
    headers !== undefined &&
    (typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    throw fieldError(spec, 'headers', 'must be an object of header names to string values');
  }
  if (client) {
    const clash =
      BUILD_ONLY.find((name) => settings[name] !== undefined) ??
      (spec.dangerouslyAllowBrowser !== undefined ? 'dangerouslyAllowBrowser' : undefined);
    if (clash) {
      throw new AnyIntValidationError(
        'client',
        `${spec.adapter}: pass either \`client\` or \`${clash}\`, not both: the client already has its own key, URL and fetch.`,
      );
    }
  }
  const framework = spec.retries === 'framework';
  const shared = client !== undefined;
  const resolved =
    client ??
    new AnyInt({
      apiKey,
      baseURL,
      timeout,
      maxRetries: framework ? 0 : maxRetries,
      fetch: fetchImpl,
      defaultHeaders: headers,
      dangerouslyAllowBrowser: spec.dangerouslyAllowBrowser,
    });
  // A shared client keeps its own settings; the adapter's apply to each of its requests.
  const base: RequestOptions = {};
  if (shared && timeout !== undefined) base.timeout = timeout;
  if (framework) base.maxRetries = 0;
  else if (shared && maxRetries !== undefined) base.maxRetries = maxRetries;
  if (shared && headers !== undefined) base.headers = headers;
  return {
    client: resolved,
    requestOptions: (signal) => (signal ? { ...base, signal } : { ...base }),
  };
}

/**
 * The connection of an adapter's class or tool: every option that is neither a connection option,
 * the framework's own spelling (`spec.nativeOption`) nor one of `own` throws an `AnyIntValidationError`
 * naming it, then `connect` builds the client. TypeScript refuses such options at compile time too.
 */
export function connectAdapter(
  options: ConnectionOptions & NativeSpellings,
  spec: ConnectionSpec,
  own: Iterable<string>,
): Connection {
  const native = spec.nativeOption === undefined ? [] : [spec.nativeOption];
  rejectUnknownOptions(options, [...CONNECTION_OPTIONS, ...native, ...own], spec.adapter);
  return connect(options, spec);
}

/** The options with the framework's spelling (`configuration`, `additionalSessionOptions`) folded in. */
function withNativeSpelling(options: Record<string, unknown>, spec: ConnectionSpec): ConnectionOptions {
  const settings: Record<string, unknown> = {};
  for (const name of CONNECTION_OPTIONS) settings[name] = options[name];
  for (const other of ['configuration', 'additionalSessionOptions']) {
    if (other !== spec.nativeOption && options[other] !== undefined) {
      throw new AnyIntValidationError(other, `${spec.adapter}: unknown option \`${other}\`.`);
    }
  }
  const native = spec.nativeOption;
  const given = native === undefined ? undefined : options[native];
  if (given === undefined) return settings as ConnectionOptions;
  if (typeof given !== 'object' || given === null) {
    throw fieldError(spec, native as string, 'must be an object');
  }
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const target = SPELLINGS[key as keyof OpenAIClientSpelling];
    if (!target) {
      const known = Object.keys(SPELLINGS).join(', ');
      throw new AnyIntValidationError(
        `${native}.${key}`,
        `${spec.adapter}: \`${native}.${key}\` has no AnyInt meaning and would be ignored; ${native} takes ${known}.`,
      );
    }
    if (settings[target] !== undefined && settings[target] !== value) {
      throw new AnyIntValidationError(
        `${native}.${key}`,
        `${spec.adapter}: \`${native}.${key}\` and \`${target}\` disagree; give one of them.`,
      );
    }
    settings[target] = value;
  }
  return settings as ConnectionOptions;
}

function fieldError(spec: ConnectionSpec, field: string, problem: string): AnyIntValidationError {
  return new AnyIntValidationError(field, `${spec.adapter}: \`${field}\` ${problem}.`);
}

function isHttpURL(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** An `AnyInt` client, also one from a second copy of the package (where `instanceof` fails). */
function isClient(value: unknown): value is AnyInt {
  if (value instanceof AnyInt) return true;
  const candidate = value as Partial<AnyInt> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    hasRequestPath(candidate) &&
    typeof candidate.baseURL === 'string' &&
    typeof candidate.embeddings === 'object'
  );
}

/**
 * Throws `AnyIntValidationError` naming the first option `known` does not list (with the known name it
 * is closest to), so a misspelt or foreign option is never silently dropped. `undefined` values count:
 * `{ baseUrl: undefined }` is still a misspelling.
 */
export function rejectUnknownOptions(options: object, known: Iterable<string>, adapter: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new AnyIntValidationError('options', `${adapter}: options must be an object.`);
  }
  const names = new Set(known);
  for (const key of Object.keys(options)) {
    if (names.has(key)) continue;
    const near = closest(key, names);
    const hint = near ? ` Did you mean \`${near}\`?` : '';
    throw new AnyIntValidationError(key, `${adapter}: unknown option \`${key}\`.${hint}`);
  }
}

function closest(key: string, names: Set<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * Requests in flight for one bulk call, under its one name `concurrency`; `alias` is the framework's
 * own spelling (LangChain's `maxConcurrency`), accepted when it does not contradict `concurrency`.
 */
export function concurrencyOption(
  options: { concurrency?: number | undefined },
  adapter: string,
  alias?: string,
): number | undefined {
  const value = options.concurrency;
  const aliased = alias === undefined ? undefined : (options as Record<string, unknown>)[alias];
  if (value !== undefined && aliased !== undefined && value !== aliased) {
    throw new AnyIntValidationError(
      alias as string,
      `${adapter}: \`${alias}\` and \`concurrency\` disagree; give one of them.`,
    );
  }
  const chosen = value ?? aliased;
  const field = value !== undefined ? 'concurrency' : (alias ?? 'concurrency');
  if (chosen !== undefined && !(Number.isInteger(chosen) && (chosen as number) > 0)) {
    throw new AnyIntValidationError(field, `${adapter}: \`${field}\` must be a positive integer.`);
  }
  return chosen as number | undefined;
}
