import { inspect } from 'node:util';
import { APICallError } from '@ai-sdk/provider';
import {
  APIConnectionError,
  BadRequestError,
  InsufficientQuotaError,
  InternalServerError,
  InvalidResponseError,
  isRetryableError,
  UnsupportedRouteError,
} from '@anyint/client';
import { embed, generateImage, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { toAISDKError } from './anyint-error.js';
import { useEmulator } from './test-support.js';

const ctx = useEmulator((apiKey) => ({
  models: { 'no-images': { disabledRoutes: ['images'] } },
  faults: [
    { model: 'flaky', kind: 'status', status: 500, count: 1, retryAfter: 0 },
    { model: 'broken', kind: 'status', status: 503, retryAfter: 0 },
    { model: 'bad-input', kind: 'status', status: 400 },
    { model: 'no-quota', kind: 'status', status: 429, code: 'insufficient_quota', retryAfter: 0 },
    { model: 'gateway-timeout', kind: 'status', status: 504, count: 1, retryAfter: 0 },
    { model: 'reset', kind: 'reset', count: 1 },
    { model: 'malformed', kind: 'malformed' },
    // An upstream that echoes the key back in its error message.
    { model: 'echo-key', kind: 'status', status: 401, message: `Incorrect API key provided: ${apiKey}` },
  ],
}));

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('the call succeeded'),
    (error: unknown) => error,
  );
}

describe('retries happen in the AI SDK, once per attempt of the client', () => {
  it('retries a 500 through ai maxRetries (default 2): two requests, then success', async () => {
    const { embedding } = await embed({ model: ctx.provider().embedding('flaky'), value: 'hello' });
    expect(embedding.length).toBeGreaterThan(0);
    expect(ctx.requestsTo('/embeddings')).toHaveLength(2);
  });

  it('sends one request with maxRetries: 0 and maps the 500 to a retryable APICallError', async () => {
    const error = await failure(
      embed({ model: ctx.provider().embedding('flaky'), value: 'x', maxRetries: 0 }),
    );
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError).toMatchObject({ statusCode: 500, isRetryable: true });
    expect(apiError.url).toBe(`${ctx.emulator.url}/embeddings`);
    expect(apiError.requestBodyValues).toMatchObject({ model: 'flaky', input: ['x'] });
    expect(apiError.responseHeaders?.['content-type']).toMatch(/json/);
    expect(JSON.parse(apiError.responseBody ?? '')).toMatchObject({ error: { type: 'server_error' } });
    expect(InternalServerError.isInstance(apiError.cause)).toBe(true);
  });

  it('gives up after 1 + maxRetries attempts with a RetryError holding each APICallError', async () => {
    const error = await failure(
      embed({ model: ctx.provider().embedding('broken'), value: 'x', maxRetries: 1 }),
    );
    expect(RetryError.isInstance(error)).toBe(true);
    expect((error as RetryError).errors).toHaveLength(2);
    expect(ctx.requestsTo('/embeddings')).toHaveLength(2);
  });

  it('does not retry a 400: one request, isRetryable false, the client error as cause', async () => {
    const error = await failure(embed({ model: ctx.provider().embedding('bad-input'), value: 'x' }));
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(BadRequestError.isInstance((error as APICallError).cause)).toBe(true);
  });

  it('does not retry an exhausted quota, whatever its status', async () => {
    const error = await failure(embed({ model: ctx.provider().embedding('no-quota'), value: 'x' }));
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
    expect(error).toMatchObject({ statusCode: 429, isRetryable: false });
    expect(InsufficientQuotaError.isInstance((error as APICallError).cause)).toBe(true);
  });

  it('does not retry a route the model lacks', async () => {
    const error = await failure(generateImage({ model: ctx.provider().image('no-images'), prompt: 'a fox' }));
    expect(ctx.requestsTo('/images/generations')).toHaveLength(1);
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false });
    const cause = (error as APICallError).cause;
    expect(UnsupportedRouteError.isInstance(cause)).toBe(true);
    expect((cause as UnsupportedRouteError).model).toBe('no-images');
  });

  it('retries a 504 on embeddings (creates nothing) but not on an image create (may bill twice)', async () => {
    await embed({ model: ctx.provider().embedding('gateway-timeout'), value: 'x' });
    expect(ctx.requestsTo('/embeddings')).toHaveLength(2);
    ctx.emulator.reset();
    const error = await failure(
      generateImage({ model: ctx.provider().image('gateway-timeout'), prompt: 'a fox' }),
    );
    expect(error).toMatchObject({ statusCode: 504, isRetryable: false });
    expect(ctx.requestsTo('/images/generations')).toHaveLength(1);
  });

  it('marks a connection reset retryable on embeddings but not on an image create', async () => {
    // maxRetries 0: without a Retry-After header the AI SDK would wait 2 s before its retry.
    const embedError = await failure(
      embed({ model: ctx.provider().embedding('reset'), value: 'x', maxRetries: 0 }),
    );
    expect(embedError).toMatchObject({ isRetryable: true, statusCode: undefined });
    ctx.emulator.reset();
    const error = await failure(generateImage({ model: ctx.provider().image('reset'), prompt: 'a fox' }));
    expect(error).toMatchObject({ isRetryable: false, statusCode: undefined });
    expect(APIConnectionError.isInstance((error as APICallError).cause)).toBe(true);
    expect(ctx.requestsTo('/images/generations')).toHaveLength(1);
  });

  it('maps a malformed 2xx body on embeddings (which create nothing) to a retryable APICallError with the client error as cause', async () => {
    const error = await failure(
      embed({ model: ctx.provider().embedding('malformed'), value: 'x', maxRetries: 0 }),
    );
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
    expect(error).toMatchObject({ isRetryable: true, statusCode: undefined });
    expect(InvalidResponseError.isInstance((error as APICallError).cause)).toBe(true);
  });

  it('retries a refused connection even on creates: nothing was sent', async () => {
    const provider = ctx.provider({ baseURL: 'http://127.0.0.1:9/openai/v1' });
    const error = await failure(
      generateImage({ model: provider.image('dall-e-2'), prompt: 'a fox', maxRetries: 0 }),
    );
    expect(error).toMatchObject({
      isRetryable: true,
      url: 'http://127.0.0.1:9/openai/v1/images/generations',
    });
  });
});

describe('errors are told apart by the kinds the client records, not by its classes', () => {
  const context = { url: 'http://127.0.0.1/v1/embeddings', requestBodyValues: {}, createsNothing: true };

  it('maps an error from another copy of the client (same kinds marker, other classes)', () => {
    const foreign = Object.assign(new Error('Too many requests.'), { status: 429, headers: {}, body: null });
    Object.defineProperty(foreign, Symbol.for('@anyint/client.error-kinds'), {
      value: ['RateLimitError', 'APIError', 'AnyIntError'],
    });
    const mapped = toAISDKError(foreign, context, isRetryableError);
    expect(APICallError.isInstance(mapped)).toBe(true);
    expect(mapped).toMatchObject({ statusCode: 429, isRetryable: true, cause: foreign });
  });

  it('passes anything without the marker through unchanged', () => {
    const plain = Object.assign(new Error('boom'), { name: 'APIError', status: 500 });
    expect(toAISDKError(plain, context, isRetryableError)).toBe(plain);
  });
});

describe('privacy', () => {
  it('never shows the API key in an error, even when the upstream echoes it', async () => {
    const error = await failure(embed({ model: ctx.provider().embedding('echo-key'), value: 'x' }));
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
    const rendered = [
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String((error as APICallError).responseBody),
      JSON.stringify((error as APICallError).data),
      (error as Error).message,
    ].join('\n');
    expect(rendered).toContain('[redacted]');
    expect(rendered).not.toContain(ctx.apiKey);
  });
});
