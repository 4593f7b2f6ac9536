import {
  AnyIntValidationError,
  BadRequestError,
  RateLimitError,
  UnsupportedRouteError,
} from '@anyint/client';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { afterEach, describe, expect, it } from 'vitest';
import { AnyIntEmbeddings } from './index.js';
import { errorOf, startOne, useEmulator, whenInFlight } from './test-support.js';

const ctx = useEmulator();
const model = 'text-embedding-3-small';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function extraEmulator(options: Parameters<typeof startOne>[0]) {
  const started = await startOne(options);
  closers.push(() => started.emulator.close());
  return started;
}

const docs = [
  new Document({
    pageContent: 'Refunds are paid back to your card within five business days.',
    metadata: { id: 'refunds' },
  }),
  new Document({
    pageContent: 'We ship parcels worldwide with tracked couriers.',
    metadata: { id: 'shipping' },
  }),
  new Document({
    pageContent: 'Reset your password from the account settings page.',
    metadata: { id: 'password' },
  }),
  new Document({ pageContent: 'Our office dog is called Biscuit and loves walks.', metadata: { id: 'dog' } }),
];

describe('AnyIntEmbeddings', () => {
  it('backs a MemoryVectorStore that retrieves the right document', async () => {
    const embeddings = new AnyIntEmbeddings({ model, dimensions: 1024, client: ctx.client() });
    const store = await MemoryVectorStore.fromDocuments(docs, embeddings);
    const [refund] = await store.similaritySearch('when are refunds paid back to my card?', 1);
    expect(refund?.metadata.id).toBe('refunds');
    const [password] = await store.similaritySearch('I forgot my password', 1);
    expect(password?.metadata.id).toBe('password');
    // One request for the four documents, one per query.
    const requests = ctx.requestsTo('/embeddings');
    expect(requests.map((r) => (r.body as { input: string[] }).input.length)).toEqual([4, 1, 1]);
  });

  it('sends model, dimensions, encoding format and user, and strips newlines by default', async () => {
    const embeddings = new AnyIntEmbeddings({
      model,
      dimensions: 64,
      encodingFormat: 'float',
      user: 'user-7',
      client: ctx.client(),
    });
    const vectors = await embeddings.embedDocuments(['line one\nline two', 'plain']);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(64);
    expect(typeof vectors[0]?.[0]).toBe('number');
    expect(ctx.requestsTo('/embeddings')[0]?.body).toMatchObject({
      model,
      input: ['line one line two', 'plain'],
      dimensions: 64,
      encoding_format: 'float',
      user: 'user-7',
    });

    const keeping = new AnyIntEmbeddings({ model, stripNewLines: false, client: ctx.client() });
    const query = await keeping.embedQuery('line one\nline two');
    expect(query.length).toBeGreaterThan(0);
    expect(ctx.requestsTo('/embeddings')[1]?.body).toMatchObject({ input: ['line one\nline two'] });
  });

  it('returns no vectors and sends nothing for no documents', async () => {
    const embeddings = new AnyIntEmbeddings({ model, client: ctx.client() });
    expect(await embeddings.embedDocuments([])).toEqual([]);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it.each([1, 2])(
    'splits into batchSize requests with at most maxConcurrency=%i in flight',
    async (maxConcurrency) => {
      const { emulator, client } = await extraEmulator({ latencyMs: 40 });
      const embeddings = new AnyIntEmbeddings({
        model,
        batchSize: 3,
        maxConcurrency,
        dimensions: 32,
        client: client(),
      });
      const texts = Array.from({ length: 10 }, (_, i) => `document number ${i}`);
      // A new client ramps up from one request in flight: a warm-up call brings it to full concurrency.
      await embeddings.embedDocuments(texts.map((text) => `warm-up ${text}`));
      emulator.reset();
      // Rejects unless maxConcurrency requests were in flight at once, and never more.
      const vectors = await whenInFlight(emulator, maxConcurrency, () => embeddings.embedDocuments(texts));
      expect(vectors).toHaveLength(10);
      // Order is kept: each vector equals the one embedded alone.
      expect(await embeddings.embedQuery('document number 7')).toEqual(vectors[7]);
      const batches = emulator.requests.slice(0, 4);
      expect(batches.map((r) => (r.body as { input: string[] }).input.length).sort()).toEqual([1, 3, 3, 3]);
    },
  );

  it('leaves retries to the client: maxRetries reaches it, LangChain adds none', async () => {
    const fault = { kind: 'status' as const, status: 429, retryAfter: 0, count: 1 };
    const { emulator, apiKey } = await extraEmulator({ faults: [fault] });
    const failing = new AnyIntEmbeddings({ model, apiKey, baseURL: emulator.url, maxRetries: 0 });
    const error = await errorOf(failing.embedQuery('hello'));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(1);

    emulator.reset();
    const retrying = new AnyIntEmbeddings({ model, apiKey, baseURL: emulator.url, maxRetries: 1 });
    expect((await retrying.embedQuery('hello')).length).toBeGreaterThan(0);
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('rethrows gateway errors unchanged, with status and headers', async () => {
    const { emulator, client } = await extraEmulator({
      faults: [
        { kind: 'status', status: 429, model: 'busy' },
        { kind: 'status', status: 400, model: 'bad' },
      ],
      models: { nope: { disabledRoutes: ['embeddings'] } },
    });
    const busy = await errorOf(
      new AnyIntEmbeddings({ model: 'busy', client: client({ maxRetries: 0 }) }).embedQuery('x'),
    );
    expect(RateLimitError.isInstance(busy)).toBe(true);
    expect(busy).toMatchObject({ name: 'RateLimitError', status: 429, route: 'POST /embeddings' });
    // LangChain's default retry handler would have stamped these onto the error.
    expect(busy).not.toHaveProperty('rateLimitType');
    expect(busy).not.toHaveProperty('rateLimitReason');

    const bad = await errorOf(new AnyIntEmbeddings({ model: 'bad', client: client() }).embedDocuments(['x']));
    expect(BadRequestError.isInstance(bad)).toBe(true);
    expect((bad as BadRequestError).headers['content-type']).toContain('application/json');

    const unsupported = await errorOf(
      new AnyIntEmbeddings({ model: 'nope', client: client() }).embedQuery('x'),
    );
    expect(UnsupportedRouteError.isInstance(unsupported)).toBe(true);
    expect(unsupported).toMatchObject({ status: 404, model: 'nope', route: 'POST /embeddings' });
    expect(emulator.requests.map((r) => r.status)).toEqual([429, 400, 404]);
  });

  it('refuses a client together with a key or base URL', () => {
    expect(() => new AnyIntEmbeddings({ model, client: ctx.client(), apiKey: 'sk-other' })).toThrow(
      AnyIntValidationError,
    );
    expect(() => new AnyIntEmbeddings({ model, client: ctx.client(), maxRetries: -1 })).toThrow('maxRetries');
  });
});
