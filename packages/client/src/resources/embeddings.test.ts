import { startEmulator } from '@anyint/emulator';
import { describe, expect, it } from 'vitest';
import { AnyInt, AnyIntValidationError, InvalidResponseError } from '../index.js';
import { cosine, useEmulator } from '../test-support.js';
import { decodeEmbeddings } from './embedding-vectors.js';

const ctx = useEmulator({
  models: {
    'capped-embedder': { maxInputs: 10 },
    'float-only-embedder': { encodings: ['float'] },
    'no-embeddings': { disabledRoutes: ['embeddings'] },
  },
});
const model = 'text-embedding-3-small';

describe('embeddings.create', () => {
  it('asks for base64 and returns number vectors of the requested size', async () => {
    const response = await ctx
      .client()
      .embeddings.create({ model, input: ['a cat', 'a dog'], dimensions: 256 });
    expect(response.data).toHaveLength(2);
    expect(response.data.map((d) => d.index)).toEqual([0, 1]);
    for (const { embedding } of response.data) {
      expect(Array.isArray(embedding)).toBe(true);
      expect(embedding).toHaveLength(256);
      expect(typeof embedding[0]).toBe('number');
    }
    expect(response.usage?.prompt_tokens).toBeGreaterThan(0);
    const [sent] = ctx.requestsTo('/embeddings');
    expect(sent?.body).toMatchObject({ model, encoding_format: 'base64', dimensions: 256 });
  });

  it('gives the same vectors whether float or base64 travels', async () => {
    const client = ctx.client();
    const input = 'the quick brown fox';
    const viaBase64 = await client.embeddings.create({ model, input });
    const viaFloat = await client.embeddings.create({ model, input, encoding_format: 'float' });
    const a = viaBase64.data[0]?.embedding ?? [];
    const b = viaFloat.data[0]?.embedding ?? [];
    expect(a).toHaveLength(1536);
    expect(cosine(a, b)).toBeCloseTo(1, 5);
  });

  it('places similar texts closer than unrelated ones', async () => {
    const { data } = await ctx.client().embeddings.create({
      model,
      input: ['refund policy for orders', 'how do refunds of orders work', 'volcanic rock formations'],
    });
    const [refund, refunds, rocks] = data.map((d) => d.embedding) as [number[], number[], number[]];
    expect(cosine(refund, refunds)).toBeGreaterThan(cosine(refund, rocks));
  });

  it.each([
    ['model', { input: 'x' }],
    ['model', { model: '', input: 'x' }],
    ['input', { model }],
    ['input', { model, input: '' }],
    ['input', { model, input: [] }],
    ['input[1]', { model, input: ['ok', 3] }],
    ['input[0]', { model, input: [''] }],
    ['dimensions', { model, input: 'x', dimensions: 0 }],
    ['dimensions', { model, input: 'x', dimensions: 1.5 }],
    ['encoding_format', { model, input: 'x', encoding_format: 'int8' }],
  ])('rejects a bad %s before sending anything', async (field, params) => {
    const error = await ctx
      .client()
      .embeddings.create(params as never)
      .catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe(field);
    expect((error as Error).message).toContain(`"${field}"`);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});

describe('embeddings.embedMany', () => {
  const texts = Array.from({ length: 1000 }, (_, i) => `document number ${i} about topic ${i % 7}`);

  it('splits into batches, keeps input order, sums usage and reports progress', async () => {
    const progress: number[] = [];
    const client = ctx.client();
    const result = await client.embeddings.embedMany(
      { model, input: texts, dimensions: 64 },
      {
        batchSize: 128,
        concurrency: 3,
        onProgress: ({ completed, total }) => progress.push(completed / total),
      },
    );
    expect(result.embeddings).toHaveLength(1000);
    expect(ctx.requestsTo('/embeddings')).toHaveLength(8);
    expect(progress).toHaveLength(8);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Order: each vector equals the one embedded alone.
    const single = await client.embeddings.create({ model, input: texts[517] as string, dimensions: 64 });
    expect(cosine(result.embeddings[517] as number[], single.data[0]?.embedding ?? [])).toBeCloseTo(1, 5);
    const one = await client.embeddings.create({ model, input: texts.slice(0, 128), dimensions: 64 });
    expect(result.usage?.total_tokens).toBeGreaterThan(one.usage?.total_tokens ?? Number.POSITIVE_INFINITY);
  });

  it('returns Float32Arrays with output float32', async () => {
    const { embeddings } = await ctx
      .client()
      .embeddings.embedMany({ model, input: texts.slice(0, 10), dimensions: 32 }, { output: 'float32' });
    expect(embeddings[0]).toBeInstanceOf(Float32Array);
    expect(embeddings[9]).toHaveLength(32);
  });

  it('needs no request for an empty list', async () => {
    const result = await ctx.client().embeddings.embedMany({ model, input: [] });
    expect(result).toEqual({ embeddings: [], usage: undefined, model });
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('stops at the first failure and starts no more requests', async () => {
    const client = ctx.client({ maxRetries: 0 });
    const error = await client.embeddings
      .embedMany({ model: 'no-embeddings', input: texts }, { batchSize: 50, concurrency: 2 })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(404);
    expect(ctx.requestsTo('/embeddings').length).toBeLessThanOrEqual(2);
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    const promise = ctx.client().embeddings.embedMany(
      { model, input: texts },
      {
        batchSize: 10,
        concurrency: 1,
        signal: controller.signal,
        onProgress: ({ completed }) => {
          if (completed === 20) controller.abort();
        },
      },
    );
    await expect(promise).rejects.toMatchObject({ name: 'APIUserAbortError' });
    expect(ctx.requestsTo('/embeddings').length).toBeLessThan(5);
  });
});

describe('adapting to the upstream', () => {
  const texts = Array.from({ length: 95 }, (_, i) => `capped text ${i}`);

  it('shrinks batches to a stated input cap, retries the slice, and remembers the cap', async () => {
    const client = ctx.client({ maxRetries: 0 });
    const result = await client.embeddings.embedMany(
      { model: 'capped-embedder', input: texts },
      { batchSize: 50, concurrency: 1 },
    );
    expect(result.embeddings).toHaveLength(95);
    const single = await client.embeddings.create({ model: 'capped-embedder', input: texts[94] as string });
    expect(cosine(result.embeddings[94] as number[], single.data[0]?.embedding ?? [])).toBeCloseTo(1, 5);
    const statuses = ctx.requestsTo('/embeddings').map((r) => r.status);
    expect(statuses[0]).toBe(400);
    expect(statuses.filter((s) => s === 400)).toHaveLength(1);
    ctx.emulator.reset();
    await client.embeddings.embedMany({ model: 'capped-embedder', input: texts }, { batchSize: 50 });
    const sizes = ctx.requestsTo('/embeddings').map((r) => (r.body as { input: string[] }).input.length);
    expect(sizes.every((n) => n <= 10)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(95);
  });

  it('falls back to float when the upstream rejects base64, once, and remembers it', async () => {
    const client = ctx.client({ maxRetries: 0 });
    const { data } = await client.embeddings.create({
      model: 'float-only-embedder',
      input: 'hello',
      dimensions: 8,
    });
    expect(data[0]?.embedding).toHaveLength(8);
    expect(
      ctx.requestsTo('/embeddings').map((r) => (r.body as { encoding_format: string }).encoding_format),
    ).toEqual(['base64', 'float']);
    ctx.emulator.reset();
    await client.embeddings.create({ model: 'float-only-embedder', input: 'again' });
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
  });

  it('never sends an optional field as null', async () => {
    await ctx
      .client()
      .embeddings.create({ model, input: 'x', dimensions: null as never, user: null as never });
    expect(Object.keys(ctx.requestsTo('/embeddings')[0]?.body as object).sort()).toEqual([
      'encoding_format',
      'input',
      'model',
    ]);
  });
});

describe('pass-through variance', () => {
  it('gives the same normalised result from the openai, litellm and kling personalities', async () => {
    const input = ['alpha beta', 'gamma delta', 'epsilon'];
    const results = [];
    for (const personality of ['openai', 'litellm', 'kling'] as const) {
      const emulator = await startEmulator({ personality, apiKey: 'k' });
      try {
        const client = new AnyInt({ apiKey: 'k', baseURL: emulator.url });
        results.push(await client.embeddings.embedMany({ model, input, dimensions: 16 }));
      } finally {
        await emulator.close();
      }
    }
    const [openai, litellm, kling] = results;
    expect(openai?.usage).toBeDefined();
    expect(litellm?.usage).toBeUndefined();
    for (const other of [litellm, kling]) {
      for (let i = 0; i < input.length; i++) {
        expect(cosine(other?.embeddings[i] ?? [], openai?.embeddings[i] ?? [])).toBeCloseTo(1, 5);
      }
    }
  });
});

describe('response checks', () => {
  const route = 'POST /embeddings';
  const request = { count: 2, dimensions: undefined, output: 'number' as const, route };
  const vector = (n: number) => Array.from({ length: n }, (_, i) => i / n);

  it('sorts by index and treats a missing index as input order', () => {
    const sorted = decodeEmbeddings(
      {
        data: [
          { index: 1, embedding: [1, 1] },
          { index: 0, embedding: [0, 0] },
        ],
      },
      request,
    );
    expect(sorted.vectors).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const positional = decodeEmbeddings({ data: [{ embedding: [0, 0] }, { embedding: [1, 1] }] }, request);
    expect(positional.vectors[1]).toEqual([1, 1]);
  });

  it.each([
    ['a wrong count', { data: [{ index: 0, embedding: vector(4) }] }, '1 embeddings for 2 inputs'],
    [
      'a duplicate index',
      {
        data: [
          { index: 0, embedding: vector(4) },
          { index: 0, embedding: vector(4) },
        ],
      },
      'index 0 appears twice',
    ],
    [
      'an index out of range',
      {
        data: [
          { index: 0, embedding: vector(4) },
          { index: 2, embedding: vector(4) },
        ],
      },
      'index 2 is out of range',
    ],
    [
      'vectors of different lengths',
      {
        data: [
          { index: 0, embedding: vector(4) },
          { index: 1, embedding: vector(3) },
        ],
      },
      'different lengths',
    ],
    ['no data', { object: 'list' }, '`data` is not an array'],
  ])('rejects %s', (_, body, message) => {
    expect(() => decodeEmbeddings(body, request)).toThrow(InvalidResponseError);
    expect(() => decodeEmbeddings(body, request)).toThrow(message);
  });

  it('rejects vectors that are not the requested dimensions', () => {
    const body = {
      data: [
        { index: 0, embedding: vector(8) },
        { index: 1, embedding: vector(8) },
      ],
    };
    expect(() => decodeEmbeddings(body, { ...request, dimensions: 16 })).toThrow(
      '8 dimensions, 16 were requested',
    );
  });

  it('decodes base64 to little-endian float32', () => {
    const floats = new Float32Array([0.5, -1.25, 3]);
    const b64 = Buffer.from(floats.buffer).toString('base64');
    const { vectors } = decodeEmbeddings(
      { data: [{ embedding: b64 }] },
      { ...request, count: 1, output: 'float32' },
    );
    expect(Array.from(vectors[0] as Float32Array)).toEqual([0.5, -1.25, 3]);
  });
});
