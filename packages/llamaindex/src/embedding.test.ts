import { inspect } from 'node:util';
import {
  AnyIntValidationError,
  AuthenticationError,
  RateLimitError,
  UnsupportedRouteError,
} from '@anyint/client';
import { Document, MetadataMode, Settings, VectorStoreIndex } from 'llamaindex';
import { describe, expect, it } from 'vitest';
import { AnyIntEmbedding } from './index.js';
import { useEmulator, whenInFlight } from './test-support.js';

const ctx = useEmulator({
  models: { 'no-embeddings': { disabledRoutes: ['embeddings'] } },
  faults: [
    { route: 'embeddings', model: 'slow-embedding', kind: 'delay', delayMs: 40 },
    { route: 'embeddings', model: 'flaky-embedding', kind: 'status', status: 429, count: 1 },
  ],
});

const embedding = (options: Partial<ConstructorParameters<typeof AnyIntEmbedding>[0]> = {}) =>
  new AnyIntEmbedding({
    model: 'text-embedding-3-small',
    apiKey: ctx.apiKey,
    baseURL: ctx.emulator.url,
    ...options,
  });

const articles = [
  'Refunds are paid back to your card within five business days.',
  'Shipping takes two weeks to reach Europe by sea freight.',
  'Reset your account password from the login page.',
  'Our office cat is called Biscuit and likes to sleep in the sun.',
];

function inputsOf(requests: typeof ctx.emulator.requests): number[] {
  return requests.map((r) => ((r.body as { input: string[] }).input ?? []).length);
}

describe('AnyIntEmbedding as Settings.embedModel', () => {
  it('indexes documents with VectorStoreIndex and retrieves the right node', async () => {
    Settings.embedModel = embedding({ dimensions: 256 });
    const index = await VectorStoreIndex.fromDocuments(articles.map((text) => new Document({ text })));
    const nodes = await index
      .asRetriever({ similarityTopK: 2 })
      .retrieve({ query: 'when are refunds paid back' });
    expect(nodes).toHaveLength(2);
    expect(nodes[0]?.node.getContent(MetadataMode.NONE)).toBe(articles[0]);
    const requests = ctx.requestsTo('/embeddings');
    // One request for the four documents, one for the query.
    expect(inputsOf(requests.slice(0, 1))).toEqual([4]);
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => (r.body as { dimensions: number }).dimensions === 256)).toBe(true);
  });

  it('indexes 2,000 documents in ceil(n / batchSize) concurrent requests, not 200 sequential ones', async () => {
    Settings.embedModel = embedding({ model: 'slow-embedding', batchSize: 100, concurrency: 4 });
    const docs = Array.from({ length: 2000 }, (_, i) => new Document({ text: `support article ${i}` }));
    const progress: [number, number][] = [];
    // A new client ramps up from one request in flight: a warm-up call brings it to full concurrency.
    await Settings.embedModel.getTextEmbeddingsBatch(docs.slice(0, 400).map((doc) => doc.text));
    ctx.emulator.reset();
    // Rejects unless 4 requests were in flight at once, and never more.
    await whenInFlight(ctx.emulator, 4, () =>
      VectorStoreIndex.fromDocuments(docs, {
        progressCallback: (current, total) => progress.push([current, total]),
      }),
    );
    const requests = ctx.requestsTo('/embeddings');
    expect(requests).toHaveLength(20);
    expect(inputsOf(requests).every((n) => n === 100)).toBe(true);
    // Progress after every request, not only once per LlamaIndex chunk.
    expect(progress).toHaveLength(20);
    expect(progress.at(-1)).toEqual([2000, 2000]);
  });

  it('uses the client defaults when no batchSize is given: 2,000 texts in 7 requests', async () => {
    const model = embedding();
    const texts = Array.from({ length: 2000 }, (_, i) => `note ${i}`);
    const vectors = await model.getTextEmbeddingsBatch(texts);
    expect(vectors).toHaveLength(2000);
    // Four at once, a quarter size until the upstream has answered, so in any order.
    expect(inputsOf(ctx.requestsTo('/embeddings')).sort((a, b) => a - b)).toEqual([
      128, 128, 128, 128, 464, 512, 512,
    ]);
  });
});

describe('AnyIntEmbedding methods', () => {
  it('keeps input order in getTextEmbeddingsBatch across embedBatchSize chunks and requests', async () => {
    const model = embedding({ embedBatchSize: 5, batchSize: 2 });
    const texts = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
    const calls: number[] = [];
    const vectors = await model.getTextEmbeddingsBatch(texts, {
      progressCallback: (current) => calls.push(current),
    });
    // Chunks of 5 and 2 texts, one after the other, split into requests of 2, 2, 1 (at once, so in any
    // order) and 2.
    const sizes = inputsOf(ctx.requestsTo('/embeddings'));
    expect(sizes).toHaveLength(4);
    expect(sizes.slice(0, 3).sort((a, b) => a - b)).toEqual([1, 2, 2]);
    expect(sizes[3]).toBe(2);
    expect(calls.at(-1)).toBe(7);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
    for (const [i, text] of texts.entries()) {
      expect(vectors[i]).toEqual(await model.getTextEmbedding(text));
    }
  });

  it('overrides getTextEmbeddings as an own property that embeds in one request', async () => {
    const model = embedding();
    expect(Object.hasOwn(model, 'getTextEmbeddings')).toBe(true);
    const vectors = await model.getTextEmbeddings(['one', 'two', 'three']);
    expect(vectors).toHaveLength(3);
    expect(inputsOf(ctx.requestsTo('/embeddings'))).toEqual([3]);
    expect(await model.getTextEmbeddings([])).toEqual([]);
  });

  it('defaults embedBatchSize to 2048 and reports dimensions, configured or learned', async () => {
    expect(embedding().embedBatchSize).toBe(2048);
    expect(embedding({ dimensions: 64 }).embedInfo?.dimensions).toBe(64);
    const learned = embedding();
    expect(learned.embedInfo?.dimensions).toBeUndefined();
    const vector = await learned.getTextEmbedding('hello');
    expect(learned.embedInfo?.dimensions).toBe(vector.length);
    expect(vector.length).toBeGreaterThan(0);
  });
});

describe('AnyIntEmbedding errors', () => {
  it('retries a 429 in the client, the one retry layer', async () => {
    const vector = await embedding({ model: 'flaky-embedding' }).getTextEmbedding('hello');
    expect(vector.length).toBeGreaterThan(0);
    expect(ctx.requestsTo('/embeddings').map((r) => r.status)).toEqual([429, 200]);
  });

  it('surfaces gateway errors as the client typed errors, unchanged', async () => {
    const rateLimited = await embedding({ model: 'flaky-embedding', maxRetries: 0 })
      .getTextEmbedding('hello')
      .catch((e: unknown) => e);
    expect(RateLimitError.isInstance(rateLimited)).toBe(true);

    Settings.embedModel = embedding({ model: 'no-embeddings' });
    const unsupported = await VectorStoreIndex.fromDocuments([new Document({ text: 'hello' })]).catch(
      (e: unknown) => e,
    );
    expect(UnsupportedRouteError.isInstance(unsupported)).toBe(true);
    expect(unsupported).toMatchObject({ model: 'no-embeddings', route: 'POST /embeddings' });

    const empty = await embedding()
      .getTextEmbeddings(['fine', ''])
      .catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(empty)).toBe(true);
  });

  it('never shows the API key in errors, JSON or inspection', async () => {
    const apiKey = `sk-wrong-${'x'.repeat(24)}`;
    const model = new AnyIntEmbedding({ model: 'text-embedding-3-small', apiKey, baseURL: ctx.emulator.url });
    const error = await model.getTextEmbedding('hello').catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const texts = [
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      JSON.stringify(model.client),
      inspect(model, { depth: 5 }),
    ];
    for (const text of texts) {
      expect(text).not.toContain(apiKey);
    }
  });

  it('refuses to start without an API key', () => {
    const previous = process.env.ANYINT_API_KEY;
    delete process.env.ANYINT_API_KEY;
    try {
      expect(() => new AnyIntEmbedding({ model: 'text-embedding-3-small' })).toThrow(/API key/);
    } finally {
      if (previous !== undefined) process.env.ANYINT_API_KEY = previous;
    }
  });
});
