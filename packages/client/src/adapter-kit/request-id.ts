import { requestIdOf as requestIdOfHeaders } from '../core/errors.js';
import type { ResponseHeaders } from '../core/http.js';

/**
 * The request id of a result: its `_request_id`, or for a binary response the id in its headers
 * (`x-request-id` and the common variants the client's errors read too).
 */
export function requestIdOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const id = (result as { _request_id?: unknown })._request_id;
  if (typeof id === 'string' && id) return id;
  const headers = headersOf(result);
  return headers ? requestIdOfHeaders(headers) : undefined;
}

/**
 * The response headers a result carries, lower-cased: a binary response's, a `Response`'s, or
 * `undefined` for a result without any.
 */
export function headersOf(result: unknown): ResponseHeaders | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const headers = (result as { headers?: unknown }).headers;
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  return typeof headers === 'object' && headers !== null ? (headers as ResponseHeaders) : undefined;
}
