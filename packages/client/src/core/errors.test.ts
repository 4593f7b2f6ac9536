import { describe, expect, it } from 'vitest';
import { makeAPIError, retryAfterMs } from './errors.js';

const base = {
  headers: {},
  route: 'POST /embeddings',
  model: 'text-embedding-v4',
  namesResource: false,
  redact: (text: string) => text,
};

function make(status: number, bodyText: string, extra: Partial<typeof base> = {}) {
  return makeAPIError({ ...base, ...extra, status, bodyText });
}

describe('makeAPIError', () => {
  it('reads the OpenAI error shape', () => {
    const error = make(
      400,
      JSON.stringify({
        error: { message: 'bad dims', type: 'invalid_request_error', code: 'bad', param: 'dimensions' },
      }),
    );
    expect(error).toMatchObject({ name: 'BadRequestError', status: 400, code: 'bad', param: 'dimensions' });
    expect(error.message).toBe('400 bad dims (POST /embeddings)');
  });

  it.each([
    [429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }],
    [403, { error: { message: 'Insufficient balance on account' } }],
    [
      400,
      { code: 'Arrearage', message: 'Access denied, please make sure your account is in good standing.' },
    ],
  ])('sees quota exhaustion whatever the status (%i)', (status, body) => {
    expect(make(status, JSON.stringify(body)).name).toBe('InsufficientQuotaError');
  });

  it('keeps a plain 429 a RateLimitError', () => {
    expect(make(429, '{"error":{"message":"Rate limit reached","code":"rate_limit_exceeded"}}').name).toBe(
      'RateLimitError',
    );
  });

  it.each([
    [404, '{"error":{"message":"Not Found"}}'],
    [405, ''],
    [501, 'not implemented'],
    [400, '{"error":{"message":"This model does not support embeddings."}}'],
    [400, '{"error":{"message":"x","code":"unsupported_route"}}'],
  ])('sees an unsupported route (%i %s)', (status, body) => {
    const error = make(status, body);
    expect(error.name).toBe('UnsupportedRouteError');
    expect(error.message).toContain('text-embedding-v4');
  });

  it('keeps a 404 on a resource id a NotFoundError', () => {
    expect(make(404, '{"error":{"message":"No such file"}}', { namesResource: true }).name).toBe(
      'NotFoundError',
    );
  });

  it('does not take a parameter complaint for an unsupported route', () => {
    expect(make(400, '{"error":{"message":"response_format opus is not supported"}}').name).toBe(
      'BadRequestError',
    );
  });

  it('uses the title of an HTML page and the start of other text', () => {
    expect(
      make(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>').message,
    ).toBe('502 502 Bad Gateway (POST /embeddings)');
    expect(make(500, 'x'.repeat(500)).message).toHaveLength(
      '500 '.length + 200 + ' (POST /embeddings)'.length,
    );
    expect(make(503, '').message).toBe('503 no body (POST /embeddings)');
    expect(
      make(403, '<html><title>Attention Required! | Cloudflare</title></html>', {
        headers: { 'content-type': 'text/html; charset=UTF-8' },
      }).message,
    ).toBe('403 Attention Required! | Cloudflare (POST /embeddings, text/html)');
    expect(make(524, '').name).toBe('GatewayTimeoutError');
  });

  it('reads FastAPI-style detail bodies', () => {
    expect(make(422, '{"detail":"field required"}').message).toContain('field required');
  });

  it('redacts secrets from upstream text', () => {
    const error = make(401, '{"error":{"message":"Incorrect API key provided: sk-abc"}}', {
      redact: (text) => text.replaceAll('sk-abc', '[redacted]'),
    });
    expect(error.message).not.toContain('sk-abc');
    expect(JSON.stringify(error.body)).not.toContain('sk-abc');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after-ms': '150' })).toBe(150);
    const date = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs({ 'retry-after': date })).toBeGreaterThan(3000);
    expect(retryAfterMs({})).toBeUndefined();
  });
});

describe('stated limits and rate-limit resets', () => {
  it.each([
    ['batch size is invalid, it should not be larger than 10.', 10],
    ['Too many inputs. The max number of inputs is 16.', 16],
    ['input must have at most 64 items', 64],
    ["'input' : maximum 2048 items", 2048],
  ])('reads the limit in %j', (message, limit) => {
    expect(make(400, JSON.stringify({ error: { message } })).statedLimit).toBe(limit);
  });

  it('reads nothing from a message without a limit, or from a 500', () => {
    expect(make(400, '{"error":{"message":"bad input"}}').statedLimit).toBeUndefined();
    expect(make(500, '{"error":{"message":"at most 10"}}').statedLimit).toBeUndefined();
  });

  it('falls back to x-ratelimit-reset durations', () => {
    expect(retryAfterMs({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' })).toBe(
      360_000,
    );
    expect(retryAfterMs({ 'x-ratelimit-reset-requests': '250ms' })).toBe(250);
    expect(retryAfterMs({ 'x-ratelimit-reset-requests': 'soon' })).toBeUndefined();
  });
});

describe('hints', () => {
  it('says a gateway timeout on a create may still complete', () => {
    expect(make(504, '', { createsNothing: false } as never).message).toContain('may still complete');
    expect(make(504, '', { createsNothing: true } as never).message).not.toContain('may still complete');
  });

  it.each([
    ['<html><title>404 Not Found</title></html>', 'an HTML page'],
    ['{"error":{"message":"Invalid URL (POST /embeddings)","type":"invalid_request_error"}}', 'JSON'],
    ['', 'no body'],
  ])('names the right base URL for a 404 whatever its body (%j, %s)', (body) => {
    const cases: [string, string][] = [
      ['https://api.anyint.ai', 'lacks the /openai/v1 prefix: use https://gateway.api.anyint.ai/openai/v1'],
      [
        'https://gateway.api.anyint.ai/v1',
        'lacks the /openai/v1 prefix: use https://gateway.api.anyint.ai/openai/v1',
      ],
      ['https://gw.example/openai/v1/v1', 'repeats /v1: use https://gw.example/openai/v1'],
      ['https://gw.example/openai', 'lacks the /v1 prefix: use https://gw.example/openai/v1'],
      ['http://127.0.0.1:8787', 'lacks the /openai/v1 prefix: use http://127.0.0.1:8787/openai/v1'],
    ];
    for (const [baseURL, wording] of cases) {
      const error = make(404, body, { baseURL } as never);
      expect(error.name).toBe('NotFoundError');
      expect(error.message).toContain(`The base URL "${baseURL}" ${wording}.`);
      // One explanation: not also the unsupported-route one the user would chase.
      expect(error.message).not.toContain('may not be enabled');
    }
  });

  it('words an unsupported route once, with the check command', () => {
    const page = '<html><title>404 Not Found</title></html>';
    for (const baseURL of ['https://gw.example/openai/v1', 'https://gateway.api.anyint.ai/openai/v1']) {
      const error = make(404, page, { baseURL } as never);
      expect(error.name).toBe('UnsupportedRouteError');
      expect(error.message.match(/may not be enabled/g)).toHaveLength(1);
      expect(error.message).toContain('`anyint check --model text-embedding-v4`');
    }
    expect(make(404, page, { model: undefined } as never).message).toContain(
      'Route POST /embeddings may not be enabled on this gateway.',
    );
  });

  it('keeps an unknown model a NotFoundError about the model', () => {
    const body = JSON.stringify({
      error: {
        message: 'The model `nope` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
    const error = make(404, body, { baseURL: 'https://gateway.api.anyint.ai/openai/v1' } as never);
    expect(error).toMatchObject({ name: 'NotFoundError', status: 404, code: 'model_not_found' });
    expect(error.message).not.toContain('may not be enabled');
  });
});
