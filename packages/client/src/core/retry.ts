import {
  APIConnectionError,
  APIError,
  InsufficientQuotaError,
  InvalidResponseError,
  RateLimitError,
  StreamTruncatedError,
  UnsupportedRouteError,
} from './errors.js';

const ALWAYS_RETRIED = new Set([408, 409, 429, 500, 502, 503]);
const GATEWAY_TIMEOUTS = new Set([504, 524]);

/**
 * The client's one retry rule, also for adapters whose framework runs the retries: whether another
 * attempt of a failed call is safe and may help. `createsNothing` says that sending the call twice
 * creates nothing (embeddings, moderations, transcriptions, translations, GET, DELETE); a create that
 * may have reached the upstream (a gateway timeout, a timeout or reset after sending) is not resent,
 * so nothing is billed or created twice. A 2xx body that could not be read (cut short, not JSON) is
 * a connection that failed after sending; one that parses but is inconsistent is never retried.
 * Quota, unsupported routes and other 4xx are never retried.
 */
export function isRetryableError(error: unknown, createsNothing: boolean): boolean {
  if (APIError.isInstance(error)) {
    const { status } = error;
    if (InsufficientQuotaError.isInstance(error) || UnsupportedRouteError.isInstance(error)) return false;
    // A limit some gateways report inside a 200 is a limit all the same.
    if (ALWAYS_RETRIED.has(status) || RateLimitError.isInstance(error)) return true;
    return GATEWAY_TIMEOUTS.has(status) && createsNothing;
  }
  if (APIConnectionError.isInstance(error)) return createsNothing || !error.requestSent;
  if (StreamTruncatedError.isInstance(error)) return createsNothing;
  if (InvalidResponseError.isInstance(error)) return error.unreadable && createsNothing;
  return false;
}

/** Exponential backoff from 0.5 s, capped at 8 s, with up to 25% jitter so clients spread out. */
export function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
