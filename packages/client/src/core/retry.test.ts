import { describe, expect, it } from 'vitest';
import {
  AnyIntValidationError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InsufficientQuotaError,
  makeAPIError,
  StreamTruncatedError,
} from './errors.js';
import { isRetryableError } from './retry.js';

const status = (code: number, bodyText = '') =>
  makeAPIError({
    status: code,
    headers: {},
    bodyText,
    route: 'POST /x',
    model: 'm',
    namesResource: true,
    redact: (t) => t,
  });

describe('isRetryableError', () => {
  it.each([
    ['429', status(429), true, true],
    ['503', status(503), true, true],
    ['409', status(409), true, true],
    ['504 on a call that creates nothing', status(504), true, true],
    ['504 on a create', status(504), false, false],
    ['400', status(400), true, false],
    ['501', status(501), true, false],
    [
      'quota',
      new InsufficientQuotaError({ status: 429, message: 'q', route: 'POST /x', headers: {} }),
      true,
      false,
    ],
    ['a reset after sending, on a create', new APIConnectionError('reset', 'POST /x'), false, false],
    ['a reset after sending, creating nothing', new APIConnectionError('reset', 'POST /x'), true, true],
    [
      'a refused connection, on a create',
      new APIConnectionError('refused', 'POST /x', { requestSent: false }),
      false,
      true,
    ],
    ['a timeout on a create', new APITimeoutError('timeout', 'POST /x'), false, false],
    ['a cut stream creating nothing', new StreamTruncatedError('cut', 'POST /x', undefined), true, true],
    ['an abort', new APIUserAbortError(), true, false],
    ['bad input', new AnyIntValidationError('model', 'x'), true, false],
    ['a foreign error', new Error('x'), true, false],
  ])('%s', (_, error, createsNothing, expected) => {
    expect(isRetryableError(error, createsNothing)).toBe(expected);
  });
});
