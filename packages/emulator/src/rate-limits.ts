import { createHash } from 'node:crypto';
import type { RouteResult } from './route-context.js';

/**
 * How a limited upstream tells a client about its limits, as seen behind real gateways:
 * - `'openai'`: the six `x-ratelimit-*` headers on every answer, a 429 `rate_limit_exceeded` with `Retry-After`;
 * - `'azure'`: only the two `x-ratelimit-remaining-*` counts, a 429 with `retry-after-ms` and `Retry-After`;
 * - `'none'`: no headers at all, a bare 429;
 * - `'error-200'`: no headers, and an HTTP 200 whose body is the rate-limit error object.
 */
export type RateLimitStyle = 'openai' | 'azure' | 'none' | 'error-200';

export const RATE_LIMIT_STYLES: readonly RateLimitStyle[] = ['openai', 'azure', 'none', 'error-200'];

export interface RateLimitSpec {
  /** Requests per minute per API key and model; unlimited when absent. */
  rpm?: number;
  /** Tokens per minute per API key and model (counted as the answer's `usage` counts them); unlimited when absent. */
  tpm?: number;
  /**
   * Seconds of the per-minute rate a bucket holds at most (default 60): a client that waited
   * can send this much at once, never more, as providers enforce per-minute limits over shorter periods.
   */
  burstSeconds?: number;
  /** How the limits are reported (default `'openai'`). */
  style?: RateLimitStyle;
}

/** A bucket that refills continuously at `perMs` and holds at most `capacity`. */
interface Bucket {
  level: number;
  at: number;
}

interface Limits {
  rpm: number | undefined;
  tpm: number | undefined;
  burstSeconds: number;
  style: RateLimitStyle;
}

export interface RateLimitDecision {
  /** An answer to send instead of the route's (the limit was hit). */
  refusal: RouteResult | undefined;
  /** Headers every answer to this request carries (empty for styles without headers). */
  headers: Record<string, string>;
}

const DEFAULT_BURST_SECONDS = 60;

/** Validates one `rateLimits` object, naming the field that is wrong. */
export function checkRateLimitSpec(spec: unknown, where: string): RateLimitSpec | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TypeError(`${where} must be an object like { rpm, tpm, burstSeconds, style }`);
  }
  const value = spec as Record<string, unknown>;
  const unknown = Object.keys(value).filter((key) => !['rpm', 'tpm', 'burstSeconds', 'style'].includes(key));
  if (unknown.length > 0) throw new TypeError(`${where} has unknown field(s): ${unknown.join(', ')}`);
  for (const field of ['rpm', 'tpm', 'burstSeconds'] as const) {
    const number = value[field];
    if (number !== undefined && !(typeof number === 'number' && Number.isFinite(number) && number > 0)) {
      throw new TypeError(`${where}.${field} must be a number > 0, got ${JSON.stringify(number)}`);
    }
  }
  if (value.style !== undefined && !RATE_LIMIT_STYLES.includes(value.style as RateLimitStyle)) {
    throw new TypeError(
      `${where}.style must be one of ${RATE_LIMIT_STYLES.join(', ')}, got ${JSON.stringify(value.style)}`,
    );
  }
  return value as RateLimitSpec;
}

/**
 * OpenAI's duration format of `x-ratelimit-reset-*`: `120ms`, `1s`, `1.5s`, `6m0s`, `1h2m3s`.
 */
export function openAIDuration(ms: number): string {
  const rounded = Math.max(0, Math.ceil(ms));
  if (rounded < 1000) return `${rounded}ms`;
  const totalSeconds = rounded / 1000;
  if (totalSeconds < 60) return `${trim(totalSeconds)}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = trim(totalSeconds % 60);
  return hours > 0 ? `${hours}h${minutes}m${seconds}s` : `${minutes}m${seconds}s`;
}

function trim(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

/**
 * Requests- and tokens-per-minute limits per API key and model, enforced as buckets that refill
 * continuously. A request is admitted when both buckets hold its cost; a request larger than a
 * bucket's whole capacity is admitted when that bucket is full (it then goes into debt), so a large
 * request is slowed, never refused forever.
 */
export class RateLimits {
  private readonly global: RateLimitSpec | undefined;
  private readonly perModel: (model: string | undefined) => RateLimitSpec | undefined;
  private readonly now: () => number;
  private buckets = new Map<string, { requests: Bucket; tokens: Bucket }>();

  constructor(
    global: RateLimitSpec | undefined,
    perModel: (model: string | undefined) => RateLimitSpec | undefined,
    now: () => number = () => performance.now(),
  ) {
    this.global = global;
    this.perModel = perModel;
    this.now = now;
  }

  reset(): void {
    this.buckets.clear();
  }

  /** The limits for a model: its own `rateLimits` fields over the server's. */
  limitsFor(model: string | undefined): Limits | undefined {
    const own = this.perModel(model);
    if (!this.global && !own) return undefined;
    const rpm = own?.rpm ?? this.global?.rpm;
    const tpm = own?.tpm ?? this.global?.tpm;
    if (rpm === undefined && tpm === undefined) return undefined;
    return {
      rpm,
      tpm,
      burstSeconds: own?.burstSeconds ?? this.global?.burstSeconds ?? DEFAULT_BURST_SECONDS,
      style: own?.style ?? this.global?.style ?? 'openai',
    };
  }

  /**
   * Charges one request of `tokens` to the key's buckets for `model`, or refuses it; either way
   * says which headers the answer carries.
   */
  admit(authorization: string | undefined, model: string | undefined, tokens: number): RateLimitDecision {
    const limits = this.limitsFor(model);
    if (!limits) return { refusal: undefined, headers: {} };
    const now = this.now();
    // The key is hashed so the emulator's memory never holds it in clear beyond the request.
    const id = `${createHash('sha256')
      .update(authorization ?? '')
      .digest('hex')}\n${model ?? ''}`;
    let state = this.buckets.get(id);
    if (!state) {
      state = {
        requests: { level: capacity(limits.rpm, limits), at: now },
        tokens: { level: capacity(limits.tpm, limits), at: now },
      };
      this.buckets.set(id, state);
    }
    refill(state.requests, limits.rpm, limits, now);
    refill(state.tokens, limits.tpm, limits, now);
    const requestWait = waitMs(state.requests, 1, limits.rpm, limits);
    const tokenWait = waitMs(state.tokens, tokens, limits.tpm, limits);
    const wait = Math.max(requestWait, tokenWait);
    if (wait === 0) {
      if (limits.rpm !== undefined) state.requests.level -= 1;
      if (limits.tpm !== undefined) state.tokens.level -= tokens;
    }
    const headers = this.headers(state, limits, wait);
    if (wait === 0) return { refusal: undefined, headers };
    const which = tokenWait >= requestWait ? 'tokens' : 'requests';
    return { refusal: refusal(limits, which, model, wait, headers, state, tokens), headers };
  }

  private headers(state: { requests: Bucket; tokens: Bucket }, limits: Limits, wait: number) {
    const headers: Record<string, string> = {};
    if (limits.style === 'none' || limits.style === 'error-200') return headers;
    const report = (kind: 'requests' | 'tokens', perMinute: number | undefined, bucket: Bucket) => {
      if (perMinute === undefined) return;
      const remaining = Math.max(0, Math.floor(bucket.level));
      if (limits.style === 'azure') {
        headers[`x-ratelimit-remaining-${kind}`] = String(remaining);
        return;
      }
      headers[`x-ratelimit-limit-${kind}`] = String(perMinute);
      headers[`x-ratelimit-remaining-${kind}`] = String(remaining);
      const full = capacity(perMinute, limits);
      headers[`x-ratelimit-reset-${kind}`] = openAIDuration(((full - bucket.level) / perMinute) * 60_000);
    };
    report('requests', limits.rpm, state.requests);
    report('tokens', limits.tpm, state.tokens);
    if (wait > 0 && limits.style === 'azure') headers['retry-after-ms'] = String(Math.ceil(wait));
    if (wait > 0) headers['retry-after'] = String(Math.max(1, Math.ceil(wait / 1000)));
    return headers;
  }
}

function capacity(perMinute: number | undefined, limits: Limits): number {
  return perMinute === undefined ? Number.POSITIVE_INFINITY : (perMinute / 60) * limits.burstSeconds;
}

function refill(bucket: Bucket, perMinute: number | undefined, limits: Limits, now: number): void {
  if (perMinute === undefined) return;
  bucket.level = Math.min(
    capacity(perMinute, limits),
    bucket.level + ((now - bucket.at) / 60_000) * perMinute,
  );
  bucket.at = now;
}

/** Milliseconds until the bucket can take `cost` (or is full, for a cost above its capacity). */
function waitMs(bucket: Bucket, cost: number, perMinute: number | undefined, limits: Limits): number {
  if (perMinute === undefined) return 0;
  const needed = Math.min(cost, capacity(perMinute, limits));
  if (bucket.level >= needed) return 0;
  return ((needed - bucket.level) / perMinute) * 60_000;
}

function refusal(
  limits: Limits,
  which: 'requests' | 'tokens',
  model: string | undefined,
  wait: number,
  headers: Record<string, string>,
  state: { requests: Bucket; tokens: Bucket },
  tokens: number,
): RouteResult {
  const limit = which === 'requests' ? limits.rpm : limits.tpm;
  const used = which === 'requests' ? state.requests : state.tokens;
  const requested = which === 'requests' ? 1 : tokens;
  const unit = which === 'requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
  const error = {
    // OpenAI's wording and code for a per-minute limit.
    message: `Rate limit reached for ${model ?? 'this model'} on ${unit}: Limit ${limit}, Used ${Math.max(
      0,
      Math.round(capacity(limit, limits) - used.level),
    )}, Requested ${requested}. Please try again in ${openAIDuration(wait)}.`,
    type: which,
    param: null,
    code: 'rate_limit_exceeded',
  };
  const status = limits.style === 'error-200' ? 200 : 429;
  return { status, headers, contentType: 'application/json', body: JSON.stringify({ error }) };
}

/** What a request counts against a tokens-per-minute limit: its input text, as `usage` counts it. */
export function requestTokens(body: Record<string, unknown>, countTokens: (text: string) => number): number {
  const input = body.input;
  if (typeof input === 'string') return countTokens(input);
  if (!Array.isArray(input)) return 0;
  if (typeof input[0] === 'number') return input.length;
  let total = 0;
  for (const item of input) {
    if (typeof item === 'string') total += countTokens(item);
    else if (Array.isArray(item)) total += item.length;
  }
  return total;
}
