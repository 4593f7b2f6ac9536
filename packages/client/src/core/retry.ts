import { type APIError, InsufficientQuotaError, UnsupportedRouteError } from './errors.js';

const ALWAYS_RETRIED = new Set([408, 409, 429, 500, 502, 503]);
const GATEWAY_TIMEOUTS = new Set([504, 524]);

/**
 * Whether an error status is worth another attempt. A gateway timeout means the upstream may still
 * have run the request, so it is resent only when repeating it creates nothing.
 */
export function isRetryableStatus(error: APIError, createsNothing: boolean): boolean {
  const { status } = error;
  if (InsufficientQuotaError.isInstance(error) || UnsupportedRouteError.isInstance(error)) return false;
  if (ALWAYS_RETRIED.has(status)) return true;
  return GATEWAY_TIMEOUTS.has(status) && createsNothing;
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
