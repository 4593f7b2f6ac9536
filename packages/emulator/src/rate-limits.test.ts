import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';
import type { Emulator, EmulatorOptions } from './index.js';
import { startEmulator } from './index.js';
import { openAIDuration, type RateLimitSpec, RateLimits } from './rate-limits.js';
import { postJson } from './test-support.js';

describe('openAIDuration', () => {
  it('writes durations as OpenAI does', () => {
    expect(openAIDuration(120)).toBe('120ms');
    expect(openAIDuration(1000)).toBe('1s');
    expect(openAIDuration(1500)).toBe('1.5s');
    expect(openAIDuration(360_000)).toBe('6m0s');
    expect(openAIDuration(3_723_000)).toBe('1h2m3s');
    expect(openAIDuration(-5)).toBe('0ms');
  });
});

describe('RateLimits buckets (fake clock)', () => {
  const limiter = (spec: RateLimitSpec, models: Record<string, RateLimitSpec> = {}) => {
    let now = 0;
    const limits = new RateLimits(
      spec,
      (model) => (model ? models[model] : undefined),
      () => now,
    );
    return {
      limits,
      advance: (ms: number) => {
        now += ms;
      },
    };
  };

  it('admits a burst of burstSeconds worth of requests, then refills continuously', () => {
    // 60 rpm with a 2 s burst: 2 requests at once, then one a second.
    const { limits, advance } = limiter({ rpm: 60, burstSeconds: 2 });
    expect(limits.admit('Bearer k', 'm', 0).refusal).toBeUndefined();
    expect(limits.admit('Bearer k', 'm', 0).refusal).toBeUndefined();
    const refused = limits.admit('Bearer k', 'm', 0);
    expect(refused.refusal?.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-ratelimit-remaining-requests']).toBe('0');
    advance(500);
    expect(limits.admit('Bearer k', 'm', 0).refusal?.status).toBe(429);
    advance(500);
    const admitted = limits.admit('Bearer k', 'm', 0);
    expect(admitted.refusal).toBeUndefined();
    expect(admitted.headers).toMatchObject({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '2s',
    });
    // A long pause fills the bucket to its burst, never beyond.
    advance(60_000);
    expect(limits.admit('Bearer k', 'm', 0).headers['x-ratelimit-remaining-requests']).toBe('1');
  });

  it('counts tokens, and lets a request larger than the bucket through only when it is full', () => {
    // 600 tpm with a 1 s burst: the bucket holds 10 tokens and refills 10 a second.
    const { limits, advance } = limiter({ tpm: 600, burstSeconds: 1 });
    const first = limits.admit('Bearer k', 'm', 4);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit-tokens': '600',
      'x-ratelimit-remaining-tokens': '6',
      'x-ratelimit-reset-tokens': '400ms',
    });
    const big = limits.admit('Bearer k', 'm', 25);
    expect(big.refusal?.status).toBe(429);
    const error = JSON.parse(String(big.refusal?.body)).error;
    expect(error).toMatchObject({ code: 'rate_limit_exceeded', type: 'tokens' });
    expect(error.message).toContain('Limit 600');
    advance(400);
    expect(limits.admit('Bearer k', 'm', 25).refusal).toBeUndefined();
    // It left the bucket in debt: 25 - 10 = 15 tokens, 1.5 s, before even 1 token is there again.
    advance(1400);
    expect(limits.admit('Bearer k', 'm', 1).refusal?.status).toBe(429);
    advance(200);
    expect(limits.admit('Bearer k', 'm', 1).refusal).toBeUndefined();
  });

  it('keeps separate buckets per API key and per model, with per-model limits over the global ones', () => {
    const { limits } = limiter({ rpm: 60, burstSeconds: 1 }, { wide: { rpm: 600 } });
    expect(limits.admit('Bearer a', 'm', 0).refusal).toBeUndefined();
    expect(limits.admit('Bearer a', 'm', 0).refusal?.status).toBe(429);
    expect(limits.admit('Bearer b', 'm', 0).refusal).toBeUndefined();
    expect(limits.admit('Bearer a', 'other', 0).refusal).toBeUndefined();
    // 600 rpm over a 1 s burst: 10 at once.
    for (let i = 0; i < 10; i++) expect(limits.admit('Bearer a', 'wide', 0).refusal).toBeUndefined();
    expect(limits.admit('Bearer a', 'wide', 0).refusal?.status).toBe(429);
  });

  it('reports as each style does', () => {
    const refused = (style: RateLimitSpec['style']) => {
      const { limits } = limiter({ rpm: 60, tpm: 6000, burstSeconds: 1, style });
      limits.admit('Bearer k', 'm', 1);
      return limits.admit('Bearer k', 'm', 1);
    };
    const azure = refused('azure');
    expect(azure.refusal?.status).toBe(429);
    expect(azure.headers).toEqual({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '99',
      'retry-after-ms': '1000',
      'retry-after': '1',
    });
    const none = refused('none');
    expect(none.refusal?.status).toBe(429);
    expect(none.headers).toEqual({});
    const inBody = refused('error-200');
    expect(inBody.refusal?.status).toBe(200);
    expect(inBody.headers).toEqual({});
    expect(JSON.parse(String(inBody.refusal?.body)).error.code).toBe('rate_limit_exceeded');
  });
});

describe('a rate-limited emulator over HTTP', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const start = async (options: EmulatorOptions) => {
    emulator = await startEmulator({ apiKey: 'k', ...options });
    return emulator;
  };
  const embed = (e: Emulator, model = 'text-embedding-3-small', input: string | string[] = 'hello world') =>
    postJson(e, '/embeddings', { model, input }, 'k');

  it('sends the OpenAI headers on every answer and a 429 rate_limit_exceeded with Retry-After', async () => {
    // One request a minute: the second is refused whatever the machine's speed.
    const e = await start({ rateLimits: { rpm: 1, tpm: 1000 } });
    const ok = await embed(e, 'text-embedding-3-small', ['abcd', 'abcdefgh']);
    expect(ok.status).toBe(200);
    expect(ok.json.usage.prompt_tokens).toBe(3);
    expect(ok.headers.get('x-ratelimit-limit-requests')).toBe('1');
    expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(ok.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    // The tokens charged are the usage the answer reports.
    expect(ok.headers.get('x-ratelimit-remaining-tokens')).toBe('997');
    expect(ok.headers.get('x-ratelimit-reset-requests')).toMatch(/^(59\.\d+s|1m0s)$/);
    const refused = await embed(e);
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(e.requests.map((r) => [r.status, r.rateLimited ?? false])).toEqual([
      [200, false],
      [429, true],
    ]);
    // Another model has its own bucket; reset() empties the buckets.
    expect((await embed(e, 'text-embedding-3-large')).status).toBe(200);
    e.reset();
    expect((await embed(e)).status).toBe(200);
  });

  it('limits per model from `models`, and answers the other styles as configured', async () => {
    const e = await start({
      models: {
        'azure-embedder': { rateLimits: { rpm: 1, style: 'azure' } },
        'bare-embedder': { rateLimits: { rpm: 1, style: 'none' } },
        'sloppy-embedder': { rateLimits: { rpm: 1, style: 'error-200' } },
      },
    });
    expect((await embed(e)).headers.get('x-ratelimit-limit-requests')).toBeNull();

    await embed(e, 'azure-embedder');
    const azure = await embed(e, 'azure-embedder');
    expect(azure.status).toBe(429);
    expect(Number(azure.headers.get('retry-after-ms'))).toBeGreaterThan(59_000);
    expect(azure.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(azure.headers.get('x-ratelimit-limit-requests')).toBeNull();

    await embed(e, 'bare-embedder');
    const bare = await embed(e, 'bare-embedder');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    expect(bare.headers.get('x-ratelimit-remaining-requests')).toBeNull();

    expect((await embed(e, 'sloppy-embedder')).json.data).toHaveLength(1);
    const sloppy = await embed(e, 'sloppy-embedder');
    expect(sloppy.status).toBe(200);
    expect(sloppy.json).toEqual({ error: expect.objectContaining({ code: 'rate_limit_exceeded' }) });
  });

  it('refuses bad limits by field name', async () => {
    await expect(startEmulator({ rateLimits: { rpm: 0 } })).rejects.toThrow('rateLimits.rpm');
    await expect(
      startEmulator({ models: { m: { rateLimits: { style: 'loud' as 'none' } } } }),
    ).rejects.toThrow('models["m"].rateLimits.style');
    await expect(startEmulator({ rateLimits: { rps: 1 } as RateLimitSpec })).rejects.toThrow('rps');
  });
});

describe('rate-limit flags', () => {
  it('map --rpm, --tpm, --burst-seconds and --rate-limit-style onto rateLimits', async () => {
    const command = await parseCliArgs([
      '--rpm',
      '300',
      '--tpm',
      '1200000',
      '--burst-seconds',
      '2',
      '--rate-limit-style',
      'azure',
    ]);
    expect(command).toMatchObject({
      options: { rateLimits: { rpm: 300, tpm: 1_200_000, burstSeconds: 2, style: 'azure' } },
    });
    await expect(parseCliArgs(['--rpm', 'lots'])).rejects.toThrow("--rpm must be a number > 0, got 'lots'");
    await expect(parseCliArgs(['--rate-limit-style', 'x'])).rejects.toThrow('--rate-limit-style');
  });
});
