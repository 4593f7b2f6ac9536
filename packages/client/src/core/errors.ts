import { baseURLProblem } from './base-url.js';
import type { ResponseHeaders } from './http.js';

const KINDS = Symbol.for('@anyint/client.error-kinds');

/**
 * Base of every error the client throws. `isInstance` reads the class names recorded on the error
 * instead of the prototype chain, so it also recognises errors from a second copy of this package
 * (and survives minifiers, which rename classes).
 */
export class AnyIntError extends Error {
  /** Stable class name, also the error's `name`. */
  static readonly kind: string = 'AnyIntError';
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (
      let c: unknown = new.target;
      typeof c === 'function' && Object.hasOwn(c, 'kind');
      c = Object.getPrototypeOf(c)
    ) {
      kinds.push((c as typeof AnyIntError).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds });
    Object.defineProperty(this, 'name', { value: new.target.kind, configurable: true, writable: true });
  }

  static isInstance<T extends AnyIntError>(
    this: { readonly kind: string; prototype: T },
    error: unknown,
  ): error is T {
    if (typeof error !== 'object' || error === null) return false;
    const kinds = (error as { [KINDS]?: readonly string[] })[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

export interface APIErrorInit {
  status: number;
  message: string;
  route: string;
  headers: ResponseHeaders;
  code?: string | undefined;
  type?: string | undefined;
  param?: string | undefined;
  body?: unknown;
  retryAfterMs?: number | undefined;
  statedLimit?: number | undefined;
}

/** The gateway or the upstream answered with a non-2xx status. */
export class APIError extends AnyIntError {
  static override readonly kind: string = 'APIError';
  /** HTTP status of the response. */
  readonly status: number;
  /** The upstream's own error code (`error.code`), e.g. `'rate_limit_exceeded'`. */
  readonly code: string | undefined;
  /** The upstream's error type (`error.type`), e.g. `'invalid_request_error'`. */
  readonly type: string | undefined;
  /** The request field the upstream blames (`error.param`). */
  readonly param: string | undefined;
  /** From `x-request-id` or a common variant of it, as `openai@6` names it. */
  readonly requestID: string | undefined;
  /** @deprecated The same as `requestID`, the name `openai@6` uses. */
  get requestId(): string | undefined {
    return this.requestID;
  }
  /** Method and path, e.g. `'POST /embeddings'`. */
  readonly route: string;
  readonly headers: ResponseHeaders;
  /** The parsed error body (JSON), or the first characters of a non-JSON body. */
  readonly body: unknown;
  /** How long the server asked to wait, when it said so. */
  readonly retryAfterMs: number | undefined;
  /** A per-request item limit the upstream stated in its message (e.g. 10 inputs), when it did. */
  readonly statedLimit: number | undefined;

  constructor(init: APIErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.param = init.param;
    this.route = init.route;
    this.headers = init.headers;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
    this.statedLimit = init.statedLimit;
    this.requestID = requestIdOf(init.headers);
  }

  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      type: this.type,
      param: this.param,
      requestID: this.requestID,
      route: this.route,
    };
  }
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-litellm-call-id', 'cf-ray'];

/** The request id of a response, also set as `_request_id` on successful results. */
export function requestIdOf(headers: ResponseHeaders): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value;
  }
  return undefined;
}

export class BadRequestError extends APIError {
  static override readonly kind: string = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  static override readonly kind: string = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  static override readonly kind: string = 'PermissionDeniedError';
}
/** 404 on a path that names a resource id: the resource does not exist. */
export class NotFoundError extends APIError {
  static override readonly kind: string = 'NotFoundError';
}
export class ConflictError extends APIError {
  static override readonly kind: string = 'ConflictError';
}
export class RequestTooLargeError extends APIError {
  static override readonly kind: string = 'RequestTooLargeError';
}
export class UnprocessableEntityError extends APIError {
  static override readonly kind: string = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  static override readonly kind: string = 'RateLimitError';
}
/** The account's quota or balance is exhausted. Never retried: waiting does not help. */
export class InsufficientQuotaError extends APIError {
  static override readonly kind: string = 'InsufficientQuotaError';
}
export class InternalServerError extends APIError {
  static override readonly kind: string = 'InternalServerError';
}
/** 504 or 524: the upstream did not answer in time; the request may still have run. */
export class GatewayTimeoutError extends InternalServerError {
  static override readonly kind: string = 'GatewayTimeoutError';
}

/** The route is not enabled for this model upstream; its message names the `anyint check` command that checks it. */
export class UnsupportedRouteError extends APIError {
  static override readonly kind: string = 'UnsupportedRouteError';
  readonly model: string | undefined;

  constructor(init: APIErrorInit & { model: string | undefined }) {
    super(init);
    this.model = init.model;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), model: this.model };
  }
}

/** No response: the connection failed, was reset or the body ended early. */
export class APIConnectionError extends AnyIntError {
  static override readonly kind: string = 'APIConnectionError';
  readonly route: string;
  /** False when the connection failed before any byte of the request could reach the server. */
  readonly requestSent: boolean;

  constructor(message: string, route: string, options?: { cause?: unknown; requestSent?: boolean }) {
    super(message, options);
    this.route = route;
    this.requestSent = options?.requestSent ?? true;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, route: this.route, requestSent: this.requestSent };
  }
}

export class APITimeoutError extends APIConnectionError {
  static override readonly kind: string = 'APITimeoutError';
}

export class APIUserAbortError extends AnyIntError {
  static override readonly kind: string = 'APIUserAbortError';

  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input, found before any request was sent. */
export class AnyIntValidationError extends AnyIntError {
  static override readonly kind: string = 'AnyIntValidationError';
  /** The offending field, e.g. `'dimensions'` or `'input[3]'`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, field: this.field };
  }
}

export class FileTooLargeError extends AnyIntValidationError {
  static override readonly kind: string = 'FileTooLargeError';
  readonly size: number;
  readonly limit: number;

  constructor(field: string, size: number, limit: number) {
    super(field, `"${field}" is ${size} bytes; the limit is ${limit} bytes (maxAudioUploadBytes).`);
    this.size = size;
    this.limit = limit;
  }
}

/** A 2xx answer whose body is malformed or inconsistent with the request. */
export class InvalidResponseError extends AnyIntError {
  static override readonly kind: string = 'InvalidResponseError';
  readonly route: string;
  /**
   * True when the body could not be read as what it claims to be (cut short, not JSON): the answer
   * was damaged on the way, so a call that creates nothing is sent again. False for a body that
   * parses but is inconsistent (wrong count, wrong dimensions, not the object asked for).
   */
  readonly unreadable: boolean;

  constructor(message: string, route: string, options?: { cause?: unknown; unreadable?: boolean }) {
    super(message, options);
    this.route = route;
    this.unreadable = options?.unreadable ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, route: this.route, unreadable: this.unreadable };
  }
}

/**
 * A stream ended before it was complete (no `[DONE]` and no terminal event) and could not be
 * resumed another way. `partial` holds what did arrive; its shape is documented by the stream.
 */
export class StreamTruncatedError<Partial = unknown> extends AnyIntError {
  static override readonly kind: string = 'StreamTruncatedError';
  readonly route: string;
  readonly partial: Partial;

  constructor(message: string, route: string, partial: Partial, options?: { cause?: unknown }) {
    super(message, options);
    this.route = route;
    this.partial = partial;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, route: this.route };
  }
}

/**
 * `embedMany` embedded some inputs but not all: a slice still failed after its retries. `embeddings`
 * holds the vectors that arrived, at their input index (a hole elsewhere), `failedIndexes` the
 * inputs to send again, and `cause` the first failure (an `APIError`, `APIConnectionError`, ...).
 */
export class EmbedManyError<V = number[] | Float32Array> extends AnyIntError {
  static override readonly kind: string = 'EmbedManyError';
  /** In input order, `undefined` where an input failed. */
  readonly embeddings: (V | undefined)[];
  /** Input indexes without a vector, ascending. */
  readonly failedIndexes: number[];

  constructor(cause: unknown, embeddings: (V | undefined)[], failedIndexes: number[]) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`${failedIndexes.length} of ${embeddings.length} inputs were not embedded: ${why}`, { cause });
    this.embeddings = embeddings;
    this.failedIndexes = failedIndexes;
  }

  override toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, failed: this.failedIndexes.length };
  }
}

/** A server-side resource `embedBulk` made and could not remove (or cancel), and why. */
export interface BulkLeftover {
  kind: 'file' | 'batch';
  id: string;
  error: unknown;
}

/**
 * `embedBulk` delivered what it was asked for (or stopped as asked) but could not remove every file
 * or cancel every batch it made: `leftovers` names each, so they can be removed by hand. Thrown only
 * when no `onLeftover` handler was given.
 */
export class EmbedBulkCleanupError extends AnyIntError {
  static override readonly kind: string = 'EmbedBulkCleanupError';
  readonly leftovers: BulkLeftover[];

  constructor(leftovers: BulkLeftover[]) {
    const names = leftovers
      .slice(0, 5)
      .map((leftover) => `${leftover.kind} ${leftover.id}`)
      .join(', ');
    const more = leftovers.length > 5 ? ` and ${leftovers.length - 5} more` : '';
    super(`embedBulk could not remove ${names}${more}; delete or cancel them by hand.`, {
      cause: leftovers[0]?.error,
    });
    this.leftovers = leftovers;
  }

  override toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      leftovers: this.leftovers.map(({ kind, id }) => ({ kind, id })),
    };
  }
}

/** An async job ended as failed, expired or cancelled. */
export class JobFailedError<Job = unknown> extends AnyIntError {
  static override readonly kind: string = 'JobFailedError';
  readonly job: Job;
  readonly status: string;

  constructor(message: string, status: string, job: Job) {
    super(message);
    this.status = status;
    this.job = job;
  }
}

export interface ErrorResponse {
  status: number;
  headers: ResponseHeaders;
  bodyText: string;
  /** Method and path, e.g. `'POST /embeddings'`. */
  route: string;
  model: string | undefined;
  /** The path names a resource id, so a 404 means that resource is missing, not the route. */
  namesResource: boolean;
  /** Removes secrets from text that came back from the server. */
  redact: (text: string) => string;
  /** Repeating the request creates nothing; false for creates, which a gateway timeout may have run. */
  createsNothing?: boolean;
  /** The client's base URL, for a hint when a page-shaped 404 suggests it is wrong. */
  baseURL?: string;
}

// The one table of upstream wordings the client reads. Everything else matches on class or status.
const QUOTA_CODES = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'quota_exceeded',
  'Arrearage',
]);
const QUOTA_WORDING =
  /insufficient[ _](quota|balance|credits?|funds)|quota (has been |was )?(exceeded|exhausted)|exceeded your (current )?quota|billing (hard )?limit|out of credits|account (is )?in arrears/i;
const UNSUPPORTED_CODES = new Set([
  'unsupported_route',
  'model_not_supported',
  'unsupported_model',
  'not_implemented',
]);
const UNSUPPORTED_WORDING =
  /\b(route|endpoint|operation)\b.{0,80}\bnot (supported|enabled|available)\b|\bmodel\b.{0,80}\b(does not|doesn't) support\b|\bnot supported (for|by) (this |the )?model\b/i;

// "batch size is invalid, it should not be larger than 10", "at most 16 inputs", "maximum of 64", "must be <= 2048".
const LIMIT_WORDING =
  /(?:not be (?:larger|greater|more) than|no (?:larger|greater|more) than|at most|max(?:imum)?(?: (?:number|batch size|size))?(?: of \w+)?(?: is| of)?|up to|limit(?:ed)? (?:is |of |to )?|must be <=|<=)\s*(\d+)/i;

interface ParsedErrorBody {
  message: string | undefined;
  code: string | undefined;
  type: string | undefined;
  param: string | undefined;
  body: unknown;
}

function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  let json: unknown;
  try {
    json = trimmed ? JSON.parse(trimmed) : undefined;
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object') {
    const root = json as Record<string, unknown>;
    const inner = root.error;
    const error = (inner !== null && typeof inner === 'object' ? inner : root) as Record<string, unknown>;
    const detail = root.detail;
    const message =
      stringOrUndefined(error.message) ??
      stringOrUndefined(inner) ??
      stringOrUndefined(detail) ??
      (detail !== undefined ? JSON.stringify(detail) : undefined) ??
      stringOrUndefined(root.msg);
    return {
      message,
      code: stringOrUndefined(error.code),
      type: stringOrUndefined(error.type),
      param: stringOrUndefined(error.param),
      body: json,
    };
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
  const snippet = trimmed.replace(/\s+/g, ' ').slice(0, 200);
  return {
    message: title || snippet || undefined,
    code: undefined,
    type: undefined,
    param: undefined,
    body: snippet,
  };
}

// Some upstreams name the offending field only in their message.
const FIELD_NAMES = /\b(encoding_format|dimensions|response_format|timestamp_granularities)\b/;

function blamedField(message: string | undefined): string | undefined {
  return message ? FIELD_NAMES.exec(message)?.[1] : undefined;
}

function statedLimit(status: number, message: string | undefined): number | undefined {
  if (!message || (status !== 400 && status !== 413 && status !== 422)) return undefined;
  const limit = Number(LIMIT_WORDING.exec(message)?.[1]);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/**
 * How long the server asked to wait: `retry-after-ms`, `Retry-After` (seconds or an HTTP date), or
 * else the longest `x-ratelimit-reset-*` duration (`1s`, `6m0s`, `250ms`); undefined when none is readable.
 */
export function retryAfterMs(headers: ResponseHeaders): number | undefined {
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value !== undefined) {
    const seconds = Number.parseFloat(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const resets = [headers['x-ratelimit-reset-requests'], headers['x-ratelimit-reset-tokens']]
    .map(durationMs)
    .filter((d): d is number => d !== undefined);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

function durationMs(value: string | undefined): number | undefined {
  if (!value || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value.trim())) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.trim().matchAll(DURATION_PART))
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  return total;
}

const STATUS_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: RequestTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  504: GatewayTimeoutError,
  524: GatewayTimeoutError,
};

const RATE_LIMIT_CODES = new Set([
  'rate_limit_exceeded',
  'rate_limit_error',
  'RateLimitExceeded',
  'Throttling',
]);
const RATE_LIMIT_WORDING = /\brate[ _-]?limit|too many requests|throttl/i;

/**
 * A 2xx whose body is only an error object saying a rate limit was hit, as some gateways answer:
 * a `RateLimitError` (retried like a 429), or undefined for any other body.
 */
export function rateLimitInBody(
  value: Record<string, unknown>,
  headers: ResponseHeaders,
  status: number,
  route: string,
): RateLimitError | undefined {
  const inner = value.error;
  if (inner === null || typeof inner !== 'object' || 'data' in value || 'id' in value) return undefined;
  const error = inner as Record<string, unknown>;
  const code = stringOrUndefined(error.code);
  const type = stringOrUndefined(error.type);
  const message = stringOrUndefined(error.message);
  const quota = (code && QUOTA_CODES.has(code)) || QUOTA_WORDING.test(`${code ?? ''} ${message ?? ''}`);
  if (quota) return undefined;
  if (!(code && RATE_LIMIT_CODES.has(code)) && !RATE_LIMIT_WORDING.test(`${type ?? ''} ${message ?? ''}`)) {
    return undefined;
  }
  return new RateLimitError({
    status,
    message: `${status} ${message ?? 'rate limit reached'} (${route}, an error in a ${status} answer)`,
    route,
    headers,
    code,
    type,
    param: stringOrUndefined(error.param),
    body: value,
    retryAfterMs: retryAfterMs(headers),
  });
}

/** The one factory that turns a non-2xx response into the right error class. */
export function makeAPIError(response: ErrorResponse): APIError {
  const { status, headers, route, model } = response;
  const parsed = parseErrorBody(response.redact(response.bodyText));
  const reason = parsed.message ?? (response.bodyText ? 'error body could not be read' : 'no body');
  // A page that is not the API's JSON says who answered (a proxy, a CDN): its type helps tell.
  const contentType = headers['content-type']?.split(';')[0]?.trim();
  const where = typeof parsed.body === 'object' || !contentType ? route : `${route}, ${contentType}`;
  const init: APIErrorInit = {
    status,
    message: `${status} ${reason} (${where})`,
    route,
    headers,
    code: parsed.code,
    type: parsed.type,
    param: parsed.param ?? blamedField(parsed.message),
    body: parsed.body,
    retryAfterMs: retryAfterMs(headers),
    statedLimit: statedLimit(status, parsed.message),
  };
  const wording = `${parsed.code ?? ''} ${parsed.type ?? ''} ${parsed.message ?? ''}`;
  if (
    (parsed.code && QUOTA_CODES.has(parsed.code)) ||
    parsed.type === 'insufficient_quota' ||
    QUOTA_WORDING.test(wording)
  ) {
    return new InsufficientQuotaError(init);
  }
  const wrongBase = status === 404 && response.baseURL ? baseURLProblem(response.baseURL) : undefined;
  if (wrongBase) return new NotFoundError({ ...init, message: `${init.message} ${wrongBase}.` });
  // OpenAI's answer for a model id it does not know: a 404 about the model, not about the route.
  if (parsed.code === 'model_not_found') return new NotFoundError(init);
  const unsupportedStatus = (status === 404 || status === 405 || status === 501) && !response.namesResource;
  if (
    unsupportedStatus ||
    (parsed.code && UNSUPPORTED_CODES.has(parsed.code)) ||
    (status < 500 && UNSUPPORTED_WORDING.test(parsed.message ?? ''))
  ) {
    return new UnsupportedRouteError({
      ...init,
      message: `${init.message} ${unsupportedRouteHint(route, model)}`,
      model,
    });
  }
  const ErrorClass = STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
  if (ErrorClass === GatewayTimeoutError && response.createsNothing === false) {
    init.message += ' The upstream may still complete this job; it was not sent again, to avoid a duplicate.';
  }
  return new ErrorClass(init);
}

/** The one wording of an unsupported route, with the command that checks it. */
function unsupportedRouteHint(route: string, model: string | undefined): string {
  return model
    ? `Route ${route} may not be enabled for model "${model}"; check it with \`anyint check --model ${model}\`.`
    : `Route ${route} may not be enabled on this gateway.`;
}
