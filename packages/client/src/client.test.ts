import { inspect } from 'node:util';
import { type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AnyInt,
  AnyIntCore,
  AnyIntError,
  AnyIntValidationError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  type ClientOptions,
  Embeddings,
  Files,
  InsufficientQuotaError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  UnsupportedRouteError,
} from './index.js';

const apiKey = 'sk-secret-0123456789abcdef';
const model = 'text-embedding-3-small';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(options: EmulatorOptions = {}, clientOptions: ClientOptions = {}) {
  const emulator = await startEmulator({ apiKey, seed: 3, ...options });
  closers.push(() => emulator.close());
  const client = new AnyInt({ apiKey, baseURL: emulator.url, ...clientOptions });
  return { emulator, client, embed: () => client.embeddings.create({ model, input: 'hello world' }) };
}

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('construction', () => {
  it('refuses to start without a key, naming the variable to set', () => {
    const saved = process.env.ANYINT_API_KEY;
    delete process.env.ANYINT_API_KEY;
    try {
      expect(() => new AnyInt()).toThrow(AnyIntValidationError);
      expect(() => new AnyInt()).toThrow('ANYINT_API_KEY');
    } finally {
      if (saved !== undefined) process.env.ANYINT_API_KEY = saved;
    }
  });

  it('reads the key and base URL from the environment', async () => {
    const { emulator } = await setup();
    const saved = { ...process.env };
    process.env.ANYINT_API_KEY = apiKey;
    process.env.ANYINT_BASE_URL = `${emulator.url}/`;
    try {
      const client = new AnyInt();
      expect(client.baseURL).toBe(emulator.url);
      await client.moderations.create({ input: 'hi' });
    } finally {
      process.env = saved;
    }
  });

  it('defaults to the gateway', () => {
    expect(new AnyInt({ apiKey, baseURL: undefined }).baseURL).toBe(
      process.env.ANYINT_BASE_URL ?? 'https://gateway.api.anyint.ai/openai/v1',
    );
  });
});

describe('the core client, with the resources passed to it', () => {
  it('sends through the same request path as AnyInt: key, retries, answers', async () => {
    const { emulator, client } = await setup({
      faults: [{ kind: 'status', status: 503, retryAfter: 0, count: 1 }],
    });
    const core = new AnyIntCore({ apiKey, baseURL: emulator.url });
    const embeddings = new Embeddings(core);
    const input = ['a', 'b'];
    const viaCore = await embeddings.create({ model, input, dimensions: 8 });
    expect(emulator.requests.map((request) => request.status)).toEqual([503, 200]);
    expect(emulator.requests[1]?.headers.authorization).toBe('Bearer [redacted]');
    const viaClient = await client.embeddings.create({ model, input, dimensions: 8 });
    expect(viaCore.data.map((row) => row.embedding)).toEqual(viaClient.data.map((row) => row.embedding));

    const files = new Files(core);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const file = await files.create({ file: new File([bytes], 'b.jsonl'), purpose: 'batch' });
    const content = await files.content(file.id);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it('is what AnyInt is built on, so an AnyInt is a core client too', async () => {
    const { client } = await setup();
    expect(client).toBeInstanceOf(AnyIntCore);
    expect('embeddings' in new AnyIntCore({ apiKey })).toBe(false);
    expect(() => new AnyIntCore({ apiKey, rateLimit: 'yes' as unknown as boolean })).toThrow('rateLimit');
  });

  it('refuses to build a resource on anything but a client, naming the argument', () => {
    const notAClient = { apiKey } as unknown as AnyIntCore;
    expect(() => new Embeddings(notAClient)).toThrow(AnyIntValidationError);
    expect(() => new Embeddings(notAClient)).toThrow(
      'takes an AnyIntCore or AnyInt client from @anyint/client',
    );
    expect(() => new Files(undefined as unknown as AnyIntCore)).toThrow(AnyIntValidationError);
  });
});

describe('requests', () => {
  it('sends the key only as a Bearer token, with JSON and a user agent', async () => {
    const { emulator, embed } = await setup();
    await embed();
    const [request] = emulator.requests;
    expect(request?.headers.authorization).toBe('Bearer [redacted]');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(/^anyint-client\//);
    expect(JSON.stringify(request)).not.toContain(apiKey);
  });

  it('merges default and per-request headers', async () => {
    const { emulator, client } = await setup({}, { defaultHeaders: { 'X-Team': 'search' } });
    await client.moderations.create({ input: 'hi' }, { headers: { 'x-trace': 't1', 'x-team': undefined } });
    expect(emulator.requests[0]?.headers['x-trace']).toBe('t1');
    expect(emulator.requests[0]?.headers['x-team']).toBeUndefined();
  });

  it('also works over a caller-supplied fetch', async () => {
    const { client, emulator } = await setup({}, { fetch: globalThis.fetch });
    const response = await client.embeddings.create({ model, input: ['a', 'b'], dimensions: 8 });
    expect(response.data).toHaveLength(2);
    expect(emulator.requests).toHaveLength(1);
  });

  it('turns a wrong key into an AuthenticationError', async () => {
    const emulator = await startEmulator({ apiKey });
    closers.push(() => emulator.close());
    const client = new AnyInt({ apiKey: 'sk-wrong-key', baseURL: emulator.url });
    const error = await errorOf(client.moderations.create({ input: 'x' }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429 and keeps one Idempotency-Key across attempts', async () => {
    const { emulator, embed } = await setup({
      faults: [{ kind: 'status', status: 429, retryAfter: 0, count: 2 }],
    });
    const response = await embed();
    expect(response.data).toHaveLength(1);
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    const keys = new Set(emulator.requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^anyint-/);
  });

  it('gives up after maxRetries with the last error', async () => {
    const { emulator, embed } = await setup({ faults: [{ kind: 'status', status: 503, retryAfter: 0 }] });
    const error = await errorOf(embed());
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as APIError).status).toBe(503);
    expect(emulator.requests).toHaveLength(3);
  });

  it('throws at once when Retry-After is longer than maxRetryDelayMs', async () => {
    const { emulator, embed } = await setup({ faults: [{ kind: 'status', status: 429, retryAfter: 120 }] });
    const error = await errorOf(embed());
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(emulator.requests).toHaveLength(1);
  });

  it.each([400, 401, 403, 422, 501])('does not retry a %i', async (status) => {
    const { emulator, embed } = await setup({ faults: [{ kind: 'status', status, retryAfter: 0 }] });
    const error = await errorOf(embed());
    expect(APIError.isInstance(error)).toBe(true);
    expect((error as APIError).status).toBe(status);
    expect(emulator.requests).toHaveLength(1);
  });

  it('does not retry a gateway timeout on a call that creates something', async () => {
    const { emulator, client } = await setup({ faults: [{ kind: 'status', status: 504, retryAfter: 0 }] });
    const images = await errorOf(
      client.images.generate({ model: 'dall-e-2', prompt: 'a fox', size: '256x256' }),
    );
    expect((images as APIError).name).toBe('GatewayTimeoutError');
    expect(emulator.requests).toHaveLength(1);
    emulator.reset();
    await errorOf(client.embeddings.create({ model, input: 'x' }));
    expect(emulator.requests).toHaveLength(3);
  });

  it('retries a connection reset on embeddings and succeeds', async () => {
    const { emulator, embed } = await setup({ faults: [{ kind: 'reset', count: 1 }] });
    const response = await embed();
    expect(response.data).toHaveLength(1);
    expect(emulator.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('does not resend an image request after a reset', async () => {
    const { emulator, client } = await setup({ faults: [{ kind: 'reset', route: 'images' }] });
    const error = await errorOf(
      client.images.generate({ model: 'dall-e-2', prompt: 'a fox', size: '256x256' }),
    );
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(1);
  });

  it('retries a body cut short, then reports it as a connection error', async () => {
    const { emulator, embed } = await setup({ faults: [{ kind: 'truncate' }] }, { maxRetries: 1 });
    const error = await errorOf(embed());
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(2);
  });
});

describe('failures', () => {
  it('reports malformed JSON as an InvalidResponseError', async () => {
    const { embed } = await setup({ faults: [{ kind: 'malformed' }] });
    const error = await errorOf(embed());
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('not valid JSON');
  });

  it('times out a stalled response', async () => {
    const { emulator, client } = await setup(
      { faults: [{ kind: 'stall' }] },
      { timeout: 200, maxRetries: 0 },
    );
    const error = await errorOf(client.moderations.create({ input: 'x' }));
    expect(APITimeoutError.isInstance(error)).toBe(true);
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(1);
  });

  it('stops when the caller aborts', async () => {
    const { client } = await setup({ faults: [{ kind: 'delay', delayMs: 5_000 }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await errorOf(client.moderations.create({ input: 'x' }, { signal: controller.signal }));
    expect(APIUserAbortError.isInstance(error)).toBe(true);
  });

  it('maps an HTML error page by status, with its title', async () => {
    const { embed } = await setup(
      { faults: [{ kind: 'status', status: 502, body: 'html' }] },
      { maxRetries: 0 },
    );
    const error = await errorOf(embed());
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('502 Bad Gateway');
  });

  it('reports a route disabled for a model as UnsupportedRouteError, never retried', async () => {
    const { emulator, client } = await setup({ models: { 'tts-only': { disabledRoutes: ['embeddings'] } } });
    const error = await errorOf(client.embeddings.create({ model: 'tts-only', input: 'x' }));
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ route: 'POST /embeddings', model: 'tts-only', status: 404 });
    expect(emulator.requests).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('keeps the key out of every error message, toJSON and inspect output', async () => {
    const errors: unknown[] = [];
    const { client } = await setup({ faults: [{ kind: 'status', status: 500, retryAfter: 0 }] });
    errors.push(await errorOf(client.moderations.create({ input: 'x' })));
    const wrong = new AnyInt({ apiKey: `${apiKey}-other`, baseURL: client.baseURL });
    errors.push(await errorOf(wrong.moderations.create({ input: 'x' })));
    errors.push(await errorOf(client.embeddings.create({ model, input: '' })));
    const unreachable = new AnyInt({ apiKey, baseURL: 'http://127.0.0.1:1/openai/v1', maxRetries: 0 });
    errors.push(await errorOf(unreachable.moderations.create({ input: 'x' })));
    for (const error of errors) {
      expect(AnyIntError.isInstance(error)).toBe(true);
      for (const text of [
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        (error as Error).stack,
      ]) {
        expect(text).not.toContain(apiKey);
      }
    }
    expect(inspect(client, { depth: 10 })).not.toContain(apiKey);
    expect(JSON.stringify(client)).not.toContain(apiKey);
  });

  it('redacts a key an upstream echoes back', () => {
    const client = new AnyInt({ apiKey, baseURL: 'http://127.0.0.1:1' });
    expect(client.redact(`Incorrect API key provided: ${apiKey}.`)).toBe(
      'Incorrect API key provided: [redacted].',
    );
  });
});

describe('error classes', () => {
  it('recognise instances by name across copies, including subclasses', () => {
    const error = new InsufficientQuotaError({
      status: 429,
      message: 'quota',
      route: 'POST /x',
      headers: {},
    });
    expect(InsufficientQuotaError.isInstance(error)).toBe(true);
    expect(APIError.isInstance(error)).toBe(true);
    expect(AnyIntError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(error.name).toBe('InsufficientQuotaError');
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@anyint/client.error-kinds')]: ['APIError'],
    });
    expect(APIError.isInstance(foreign)).toBe(true);
  });
});
