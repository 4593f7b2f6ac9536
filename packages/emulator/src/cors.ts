import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Response headers a page may read besides the CORS-safelisted ones: the request id errors carry,
 * and what the client's retries and rate limiter pace themselves by.
 */
export const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'retry-after-ms',
  'x-ratelimit-limit-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset-tokens',
] as const;

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
// Browsers cap a cached preflight at two hours (Chromium) or less; ten minutes keeps a page that
// makes many calls from paying one OPTIONS round trip per request.
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** `'*'` or the exact origins (`scheme://host[:port]`) allowed to read answers. */
export function resolveCorsOrigins(
  value: string | readonly string[] | undefined,
  name = 'corsOrigin',
): readonly string[] {
  const origins = value === undefined ? ['*'] : typeof value === 'string' ? [value] : [...value];
  if (origins.length === 0) {
    throw new TypeError(`${name} must name at least one origin or '*', got an empty list`);
  }
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      throw new TypeError(
        `${name} must be '*' or an origin like 'http://localhost:5173' (scheme, host and port only), got '${origin}'`,
      );
    }
  }
  return origins;
}

/** A request id in OpenAI's form, `req_` and 32 hex digits. */
export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Sets the headers every answer carries (request id, CORS) on the raw response, so answers written
 * by hand after `reply.hijack()` (streams, downloads, faults) carry them too: `writeHead` merges them.
 */
export function stampAnswer(
  response: ServerResponse,
  requestHeaders: IncomingHttpHeaders,
  origins: readonly string[],
  requestId: string,
): void {
  response.setHeader('x-request-id', requestId);
  setCorsHeaders(response, requestHeaders, origins);
}

/** `Access-Control-Allow-Origin` for an allowed origin (or `*`), and the headers a page may read. */
export function setCorsHeaders(
  response: ServerResponse,
  requestHeaders: IncomingHttpHeaders,
  origins: readonly string[],
): void {
  const origin = requestHeaders.origin;
  if (origins.includes('*')) {
    response.setHeader('access-control-allow-origin', '*');
  } else {
    response.setHeader('vary', 'Origin');
    if (origin === undefined || !origins.includes(origin)) return;
    response.setHeader('access-control-allow-origin', origin);
  }
  response.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
}

/**
 * The extra headers of a preflight answer. The requested headers are allowed back as asked, because
 * `Access-Control-Allow-Headers: *` never covers `Authorization`, and a client may add any header
 * through its `defaultHeaders`.
 */
export function preflightHeaders(requestHeaders: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
    vary: 'Origin, Access-Control-Request-Headers',
  };
  const asked = requestHeaders['access-control-request-headers'];
  if (asked) headers['access-control-allow-headers'] = asked;
  // A page served from a public address may call this loopback server only when it says so.
  if (requestHeaders['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  return headers;
}
