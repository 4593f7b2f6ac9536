/**
 * The client under rate limits, against the emulator's rate-limited personalities over real HTTP.
 * Timing is only asserted as lower bounds (a request was not sent before a hold ended), which a slow
 * machine cannot break; shares of refused requests are bounded with room for scheduling noise.
 */
import { type EmulatorOptions, type RateLimitSpec, startEmulator } from '@anyint/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AnyInt,
  AnyIntValidationError,
  type ClientOptions,
  type EmbedManyProgress,
  RateLimitError,
  RateLimiter,
} from './index.js';

const apiKey = 'sk-test-rate-limit-0123456789';
const model = 'text-embedding-3-small';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(
  rateLimits: RateLimitSpec,
  clientOptions: ClientOptions = {},
  options: EmulatorOptions = {},
) {
  const emulator = await startEmulator({ apiKey, seed: 3, rateLimits, ...options });
  closers.push(() => emulator.close());
  const client = new AnyInt({ apiKey, baseURL: emulator.url, ...clientOptions });
  const embeddings = () => emulator.requests.filter((r) => r.path.endsWith('/embeddings'));
  const refused = () => embeddings().filter((r) => r.rateLimited).length;
  return { emulator, client, embeddings, refused };
}

// 4 tokens each, as the emulator counts them (a token per 4 characters).
const texts = (n: number) => Array.from({ length: n }, (_, i) => `document ${String(i).padStart(6, '0')}`);

describe('rate-limit pacing', () => {
  it('paces embedMany by the OpenAI headers: every vector, almost no refusal, progress says it waits', async () => {
    // 12,000 tokens a minute over a 1 s burst: 200 tokens at once, 200 a second; 120 inputs of 4 tokens.
    const { client, embeddings, refused } = await setup({ tpm: 12_000, rpm: 6000, burstSeconds: 1 });
    const input = texts(120);
    const progress: EmbedManyProgress[] = [];
    const { embeddings: vectors, usage } = await client.embeddings.embedMany(
      { model, input },
      { batchSize: 10, onProgress: (p) => progress.push(p) },
    );
    const { client: unlimited } = await setup({});
    expect(vectors).toEqual((await unlimited.embeddings.embedMany({ model, input })).embeddings);
    expect(usage?.prompt_tokens).toBe(480);
    expect(refused()).toBeLessThanOrEqual(1);
    // It opened with one request, not a burst: the second was sent after the first was answered.
    const [first, second] = embeddings();
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.startedAt + Math.floor(first!.durationMs));
    expect(progress.some((p) => p.waitingMs > 0)).toBe(true);
    expect(progress.at(-1)).toEqual({ completed: 120, total: 120, waitingMs: 0 });
  });

  it('paces by Azure remaining counts', async () => {
    const { client, refused, embeddings } = await setup(
      { tpm: 12_000, rpm: 6000, burstSeconds: 1, style: 'azure' },
      { maxRetries: 10 },
    );
    const { embeddings: vectors } = await client.embeddings.embedMany(
      { model, input: texts(240) },
      { batchSize: 10 },
    );
    expect(vectors).toHaveLength(240);
    // Without pacing, about three requests in four are refused here.
    expect(refused()).toBeLessThanOrEqual(embeddings().length * 0.25);
  });

  it('finds the rate itself against bare 429s, and every vector arrives', async () => {
    const { client, embeddings } = await setup(
      { tpm: 12_000, rpm: 6000, burstSeconds: 1, style: 'none' },
      { maxRetries: 10 },
    );
    const input = texts(240);
    const { embeddings: vectors } = await client.embeddings.embedMany({ model, input }, { batchSize: 10 });
    const { client: unlimited } = await setup({});
    expect(vectors).toEqual((await unlimited.embeddings.embedMany({ model, input })).embeddings);
    // Without pacing, about one request in two is refused here.
    const log = embeddings();
    expect(log.filter((r) => r.rateLimited).length).toBeLessThanOrEqual(log.length * 0.3);
  });

  it('treats a 200 whose body is a rate-limit error as a RateLimitError, retried like a 429', async () => {
    const { client, embeddings } = await setup({ rpm: 60, burstSeconds: 1, style: 'error-200' });
    await client.embeddings.create({ model, input: 'first' });
    const error = await client.embeddings
      .create({ model, input: 'second' }, { maxRetries: 0 })
      .catch((e) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, code: 'rate_limit_exceeded' });
    const retried = await client.embeddings.create({ model, input: 'third' }, { maxRetries: 5 });
    expect(retried.data).toHaveLength(1);
    expect(embeddings().at(-1)?.status).toBe(200);
    expect(embeddings().at(-1)?.rateLimited).toBeUndefined();
  });

  it("holds every client sharing a limiter for a refusal's Retry-After, and keeps separate limiters apart", async () => {
    const shared = new RateLimiter();
    const { emulator, client } = await setup(
      {},
      { rateLimiter: shared, maxRetries: 0 },
      { faults: [{ kind: 'status', status: 429, retryAfter: 1, route: 'embeddings', count: 1 }] },
    );
    const other = new AnyInt({ apiKey, baseURL: emulator.url, rateLimiter: shared });
    const error = await client.embeddings.create({ model, input: 'refused' }).catch((e) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    const refusedAt = emulator.requests[0]!.startedAt;
    await other.embeddings.create({ model, input: 'held' });
    expect(emulator.requests[1]!.startedAt).toBeGreaterThanOrEqual(refusedAt + 1000 - 5);
  });

  it('paces each API key on its own, also through one shared limiter', async () => {
    // A key holds one request per 10 s: once a key spent it, its next request waits on the limiter.
    const emulator = await startEmulator({ seed: 3, rateLimits: { rpm: 6, burstSeconds: 10 } });
    closers.push(() => emulator.close());
    const shared = new RateLimiter();
    const clientOf = (key: string) => new AnyInt({ apiKey: key, baseURL: emulator.url, rateLimiter: shared });
    await clientOf('sk-test-key-a-0001').embeddings.create({ model, input: 'spends key a' });
    /** Whether one request on `key` is held by the limiter (it is aborted as soon as it is). */
    const heldOn = async (key: string) => {
      const controller = new AbortController();
      let held = false;
      const onProgress = (progress: EmbedManyProgress) => {
        if (progress.waitingMs === 0) return;
        held = true;
        controller.abort();
      };
      await clientOf(key)
        .embeddings.embedMany({ model, input: ['next'] }, { signal: controller.signal, onProgress })
        .catch((error) => {
          if (!held) throw error;
        });
      return held;
    };
    expect(await heldOn('sk-test-key-b-0002')).toBe(false);
    expect(await heldOn('sk-test-key-a-0001')).toBe(true);
    expect(emulator.requests.filter((r) => r.rateLimited)).toHaveLength(0);
  });

  it('is off with rateLimit: false, and refuses contradictory or wrong options by name', async () => {
    const { client } = await setup({}, { rateLimit: false });
    expect(client.rateLimiter).toBeUndefined();
    const fieldOf = (options: ClientOptions) => {
      try {
        new AnyInt({ apiKey, ...options });
      } catch (error) {
        return AnyIntValidationError.isInstance(error) ? error.field : 'other';
      }
      return undefined;
    };
    expect(fieldOf({ rateLimit: false, rateLimiter: new RateLimiter() })).toBe('rateLimit');
    expect(fieldOf({ rateLimiter: {} as RateLimiter })).toBe('rateLimiter');
    expect(fieldOf({ rateLimit: 'no' as unknown as boolean })).toBe('rateLimit');
    expect(new AnyInt({ apiKey }).rateLimiter).toBeInstanceOf(RateLimiter);
  });
});
