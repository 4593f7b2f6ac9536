import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from './options.js';

export interface RecordedPart {
  name: string;
  filename?: string;
  contentType?: string;
  size?: number;
  value?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. '/openai/v1/embeddings'. */
  path: string;
  query: Record<string, string>;
  /** Request headers; credentials redacted. */
  headers: Record<string, string>;
  /** The `x-request-id` the answer carried. */
  requestId: string;
  /** Parsed JSON body. */
  body?: unknown;
  /** Multipart parts: files with their size, fields with their value. */
  parts?: RecordedPart[];
  /** Status sent; 0 when the connection was reset before any answer. */
  status: number;
  startedAt: number;
  durationMs: number;
  fault?: FaultKind;
  /** True when the answer was a rate-limit refusal (a 429, or a 200 error object in the `error-200` style). */
  rateLimited?: boolean;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'api-key', 'x-api-key']);

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (!SECRET_HEADERS.has(name)) {
      out[name] = text;
    } else {
      out[name] = /^bearer\s/i.test(text) ? 'Bearer [redacted]' : '[redacted]';
    }
  }
  return out;
}

export function flattenQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query === null || typeof query !== 'object') return out;
  for (const [name, value] of Object.entries(query)) {
    out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}
