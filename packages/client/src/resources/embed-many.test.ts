/** embedMany under caps and faults: the pool stays full, and a failure hands back what succeeded. */
import { startEmulator } from '@anyint/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { maxInFlight, whenInFlight } from '../../../../test/emulator-fixture.js';
import { AnyInt, EmbedManyError, InternalServerError } from '../index.js';

const apiKey = 'sk-test-embed-many-0123456789';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(options: Parameters<typeof startEmulator>[0] = {}, clientOptions = {}) {
  const emulator = await startEmulator({ apiKey, seed: 9, ...options });
  closers.push(() => emulator.close());
  const client = new AnyInt({ apiKey, baseURL: emulator.url, ...clientOptions });
  return {
    emulator,
    client,
    embeddingRequests: () => emulator.requests.filter((r) => r.path.endsWith('/embeddings')),
  };
}

const texts = (n: number, prefix = 'text') => Array.from({ length: n }, (_, i) => `${prefix} number ${i}`);

describe('embedMany', () => {
  it('keeps `concurrency` requests in flight after an input cap is learned', async () => {
    const { emulator, client, embeddingRequests } = await setup({
      latencyMs: 30,
      models: { 'capped-embedder': { maxInputs: 10 } },
    });
    // Learning the cap takes one refused request; the fake clock below needs four in flight to move.
    await client.embeddings.embedMany({ model: 'capped-embedder', input: texts(11, 'learn') });
    emulator.reset();
    const input = texts(200);
    const result = await whenInFlight(emulator, 4, () =>
      client.embeddings.embedMany({ model: 'capped-embedder', input }, { concurrency: 4 }),
    );
    expect(result.embeddings).toHaveLength(200);
    expect(result.embeddings.every((v) => Array.isArray(v) && v.length > 0)).toBe(true);
    const accepted = embeddingRequests().filter((r) => r.status === 200);
    expect(accepted.every((r) => (r.body as { input: string[] }).input.length <= 10)).toBe(true);
    expect(accepted.reduce((n, r) => n + (r.body as { input: string[] }).input.length, 0)).toBe(200);
    expect(maxInFlight(accepted)).toBeLessThanOrEqual(4);
  });

  it('rejects with the embeddings that succeeded, by index, and the failed indexes', async () => {
    const { client, embeddingRequests } = await setup(
      {
        // The first two requests pass untouched; the third fails.
        faults: [
          { kind: 'delay', delayMs: 0, route: 'embeddings', count: 2 },
          { kind: 'status', status: 500, route: 'embeddings', count: 1 },
        ],
      },
      { maxRetries: 0 },
    );
    const input = texts(50);
    const error = await client.embeddings
      .embedMany({ model: 'text-embedding-3-small', input }, { batchSize: 10, concurrency: 1 })
      .catch((e: unknown) => e);
    expect(EmbedManyError.isInstance(error)).toBe(true);
    const partial = error as EmbedManyError<number[]>;
    expect(InternalServerError.isInstance(partial.cause)).toBe(true);
    expect(partial.failedIndexes).toEqual(Array.from({ length: 30 }, (_, i) => 20 + i));
    expect(partial.embeddings).toHaveLength(50);
    expect(partial.embeddings.slice(0, 20).every((v) => Array.isArray(v))).toBe(true);
    expect(partial.embeddings.slice(20).every((v) => v === undefined)).toBe(true);
    // The other slices stopped at once: nothing was sent after the failure.
    expect(embeddingRequests()).toHaveLength(3);
    // What succeeded is the real thing: the same vectors a clean call gives.
    const clean = await client.embeddings.embedMany({
      model: 'text-embedding-3-small',
      input: input.slice(0, 20),
    });
    expect(partial.embeddings.slice(0, 20)).toEqual(clean.embeddings);
  });

  it('finishes through truncated and malformed answers with every vector in place', async () => {
    const input = texts(300, 'flaky');
    const { client } = await setup(
      {
        faults: [
          { kind: 'truncate', route: 'embeddings', rate: 0.15 },
          { kind: 'malformed', route: 'embeddings', rate: 0.15 },
        ],
      },
      { maxRetries: 6 },
    );
    const flaky = await client.embeddings.embedMany(
      { model: 'text-embedding-3-small', input },
      { batchSize: 20 },
    );
    const { client: clean } = await setup();
    const expected = await clean.embeddings.embedMany(
      { model: 'text-embedding-3-small', input },
      { batchSize: 20 },
    );
    expect(flaky.embeddings).toEqual(expected.embeddings);
  });
});
