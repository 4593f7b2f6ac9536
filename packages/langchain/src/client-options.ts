import { AnyInt, AnyIntValidationError } from '@anyint/client';

/** How an adapter reaches AnyInt: an existing client, or a key and base URL to build one with. */
export interface AnyIntClientOptions {
  /** An existing `AnyInt` client to share (its pool, retries and timeouts). Not combined with `apiKey`/`baseURL`. */
  client?: AnyInt | undefined;
  /** API key for a client built here. Default `process.env.ANYINT_API_KEY`. */
  apiKey?: string | undefined;
  /** Base URL for a client built here. Default `process.env.ANYINT_BASE_URL`, else the AnyInt gateway. */
  baseURL?: string | undefined;
  /**
   * Retries after the first attempt, done by the client (the only retry layer). Default: the client's
   * own setting (2 for a client built here).
   */
  maxRetries?: number | undefined;
}

/**
 * The client an adapter uses: the one passed in, or a new one. Throws `AnyIntValidationError` when both
 * a client and connection settings are given (one would silently be ignored) or when no key is found.
 */
export function resolveClient(options: AnyIntClientOptions): AnyInt {
  const { client, apiKey, baseURL, maxRetries } = options;
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw new AnyIntValidationError('maxRetries', '"maxRetries" must be a non-negative integer.');
  }
  if (client) {
    if (apiKey !== undefined || baseURL !== undefined) {
      throw new AnyIntValidationError(
        'client',
        'Pass either `client` or `apiKey`/`baseURL`, not both: the client already has its own key and URL.',
      );
    }
    return client;
  }
  return new AnyInt({ apiKey, baseURL, maxRetries });
}

/** Per-request options carrying the adapter's `maxRetries` (when set) and the caller's abort signal. */
export function requestOptions(
  maxRetries: number | undefined,
  signal: AbortSignal | undefined,
): { maxRetries?: number; signal?: AbortSignal } {
  const options: { maxRetries?: number; signal?: AbortSignal } = {};
  if (maxRetries !== undefined) options.maxRetries = maxRetries;
  if (signal) options.signal = signal;
  return options;
}
