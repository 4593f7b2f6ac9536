import type { FaultSpec, RouteName } from './options.js';
import { seededRandom } from './seeded-random.js';

/**
 * Decides which configured fault, if any, hits a request. Faults are tried in list order and the
 * first that fires wins; a fault's `count` only counts the requests that reached it, so
 * `[{ status 429, count: 1 }, { reset, count: 1 }]` faults the first request with 429 and the second
 * with a reset.
 */
export class FaultPlan {
  private readonly faults: readonly FaultSpec[];
  private readonly seed: number;
  private matched: number[] = [];
  private randoms: (() => number)[] = [];

  constructor(faults: readonly FaultSpec[], seed: number) {
    this.faults = faults;
    this.seed = seed;
    this.reset();
  }

  reset(): void {
    this.matched = this.faults.map(() => 0);
    // One generator per fault keeps a fault's draws independent of the others' configuration.
    this.randoms = this.faults.map((_, index) => seededRandom(this.seed * 7919 + index * 104729 + 1));
  }

  pick(route: RouteName, model: string | undefined, path = '', method = 'POST'): FaultSpec | undefined {
    for (let index = 0; index < this.faults.length; index++) {
      const fault = this.faults[index]!;
      if (fault.route !== undefined && fault.route !== route) continue;
      if (fault.model !== undefined && fault.model !== model) continue;
      if (fault.path !== undefined && !path.endsWith(fault.path)) continue;
      if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
      const seen = this.matched[index]!;
      this.matched[index] = seen + 1;
      if (fault.count !== undefined && seen >= fault.count) continue;
      if (fault.rate !== undefined && !(this.randoms[index]!() < fault.rate)) continue;
      return fault;
    }
    return undefined;
  }
}

const STATUS_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Bad request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to perform this request.', type: 'invalid_request_error', code: null },
  404: { message: 'Not found.', type: 'invalid_request_error', code: null },
  408: { message: 'Request timed out.', type: 'server_error', code: 'timeout' },
  409: { message: 'The request conflicted with another request.', type: 'invalid_request_error', code: null },
  413: {
    message: 'Request entity too large: the request body exceeds the upstream limit.',
    type: 'invalid_request_error',
    code: 'request_too_large',
  },
  429: {
    message: 'Rate limit reached for requests. Please try again later.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  502: { message: 'Bad gateway.', type: 'server_error', code: 'bad_gateway' },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: 'service_unavailable',
  },
  504: { message: 'Gateway timeout.', type: 'server_error', code: 'gateway_timeout' },
};

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string | undefined;
  body: string;
}

/** The answer of a `status` fault: the error body a real upstream or proxy would send. */
export function statusFaultAnswer(fault: FaultSpec): FaultAnswer {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.body === 'empty') return { status, headers, contentType: undefined, body: '' };
  if (fault.body === 'null') return { status, headers, contentType: 'application/json', body: 'null' };
  if (fault.body === 'html') {
    const title = `${status} ${REASONS[status] ?? 'Error'}`;
    const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    return { status, headers, contentType: 'text/html; charset=utf-8', body };
  }
  const known = STATUS_ERRORS[status] ?? {
    message: `The upstream answered with status ${status}.`,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  const error = {
    message: fault.message ?? known.message,
    type: fault.code === 'insufficient_quota' ? 'insufficient_quota' : known.type,
    param: null,
    code: fault.code ?? known.code,
  };
  return { status, headers, contentType: 'application/json', body: JSON.stringify({ error }) };
}
