import { AnyInt } from '@anyint/client';

/** How an adapter reaches AnyInt: a client you built, or the options to build one. */
export interface AnyIntClientOptions {
  /** A ready client; when given, `apiKey`, `baseURL` and `maxRetries` are ignored. */
  client?: AnyInt | undefined;
  /** API key. Default: the `ANYINT_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** Gateway URL. Default: `ANYINT_BASE_URL`, else `https://gateway.api.anyint.ai/openai/v1`. */
  baseURL?: string | undefined;
  /**
   * Retries after the first attempt, done by the client (LlamaIndex has no retry layer of its own,
   * so this is the only one). Default 2.
   */
  maxRetries?: number | undefined;
}

/** The given client, or a new one from the options (throws at once when no API key is found). */
export function resolveClient(options: AnyIntClientOptions): AnyInt {
  if (options.client) return options.client;
  return new AnyInt({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: options.maxRetries });
}
