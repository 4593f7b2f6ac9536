import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { RequestOptions } from '@anyint/client';
import type { Connection } from '@anyint/client/adapter-kit';

/** What every model of the provider shares. */
export interface AnyIntModelConfig {
  /** Provider name for logs and telemetry, e.g. `'anyint.embedding'`. */
  provider: string;
  /**
   * The provider's one client and the options its settings add to each request, created at the first
   * call (the settings are checked, the API key read and `@anyint/client` loaded then).
   */
  connection: () => Promise<Connection>;
  /** The `fetch` given to the provider; also used to download images that come back as URLs. */
  fetch?: FetchFunction | undefined;
  /** Clock for `response.timestamp`; replaceable in tests. */
  currentDate?: () => Date;
}

/**
 * The AI SDK's per-call headers for the client. An `undefined` value means "not set" in the AI SDK,
 * while the client reads it as "remove the default header", so it is dropped here.
 */
export function callHeaders(
  headers: Record<string, string | undefined> | undefined,
): Record<string, string> | undefined {
  if (!headers) return undefined;
  const defined = Object.entries(headers).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return defined.length > 0 ? Object.fromEntries(defined) : undefined;
}

/**
 * The options of one client call: the provider's (timeout, retries off, headers for a shared client),
 * the abort signal, and the call's headers over the provider's.
 */
export function requestOptionsOf(
  connection: Connection,
  abortSignal: AbortSignal | undefined,
  headers: Record<string, string | undefined> | undefined,
): RequestOptions {
  const options = connection.requestOptions(abortSignal);
  const call = callHeaders(headers);
  return call ? { ...options, headers: { ...options.headers, ...call } } : options;
}

/** Drops `undefined` fields, so wire bodies and provider metadata stay plain JSON. */
export function definedFields<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
