/** The limiter against an in-process upstream on a fake clock: no wall-clock timing is asserted. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResponseHeaders } from './http.js';
import { Pacer, type RatePermit } from './rate-limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

type Style = 'openai' | 'azure' | 'none';

/** A bucket-limited upstream like the emulator's, answering after `latencyMs` of fake time. */
function upstream(options: {
  tpm: number;
  rpm: number;
  burstSeconds: number;
  style: Style;
  latencyMs: number;
}) {
  const capacity = {
    tokens: (options.tpm / 60) * options.burstSeconds,
    requests: (options.rpm / 60) * options.burstSeconds,
  };
  const level = { ...capacity };
  let at = Date.now();
  const stats = { admitted: 0, refused: 0, tokens: 0 };
  let lastAdmittedAt = at;
  const answer = (tokens: number): { status: number; headers: ResponseHeaders } => {
    const now = Date.now();
    level.tokens = Math.min(capacity.tokens, level.tokens + ((now - at) / 60_000) * options.tpm);
    level.requests = Math.min(capacity.requests, level.requests + ((now - at) / 60_000) * options.rpm);
    at = now;
    const ok = level.requests >= 1 && level.tokens >= Math.min(tokens, capacity.tokens);
    if (ok) {
      level.requests -= 1;
      level.tokens -= tokens;
      stats.admitted++;
      stats.tokens += tokens;
      lastAdmittedAt = now;
    } else stats.refused++;
    const headers: ResponseHeaders = {};
    if (options.style !== 'none') {
      headers['x-ratelimit-remaining-requests'] = String(Math.max(0, Math.floor(level.requests)));
      headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, Math.floor(level.tokens)));
    }
    if (options.style === 'openai') {
      headers['x-ratelimit-limit-requests'] = String(options.rpm);
      headers['x-ratelimit-limit-tokens'] = String(options.tpm);
    }
    if (!ok && options.style === 'openai') headers['retry-after'] = '1';
    if (!ok && options.style === 'azure') headers['retry-after-ms'] = '200';
    return { status: ok ? 200 : 429, headers };
  };
  return { answer, stats, lastAdmittedAt: () => lastAdmittedAt };
}

/** `workers` loops sending requests of `tokens` through the limiter until `count` were admitted. */
async function drive(
  limiter: Pacer,
  server: ReturnType<typeof upstream>,
  options: { count: number; tokens: number; workers: number; latencyMs: number },
) {
  let started = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async () => {
    while (server.stats.admitted < options.count && started < options.count * 3) {
      started++;
      const permit: RatePermit = await limiter.acquire('k', options.tokens, undefined);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Admission happens on arrival, half way through the round trip.
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs / 2));
      const { status, headers } = server.answer(options.tokens);
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs / 2));
      inFlight--;
      permit.received(status, headers);
      if (status === 429) continue;
    }
  };
  const start = Date.now();
  const done = Promise.all(Array.from({ length: options.workers }, run));
  while (server.stats.admitted < options.count && Date.now() - start < 600_000) {
    await vi.advanceTimersByTimeAsync(10);
  }
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  // Workers still waiting for a permit send one more request each; the clock runs until they have.
  while (!finished) await vi.advanceTimersByTimeAsync(100);
  return { elapsedMs: server.lastAdmittedAt() - start, maxInFlight };
}

describe('RateLimiter', () => {
  it('starts with one request and doubles the requests in flight with each round of answers', async () => {
    const limiter = new Pacer();
    const started: number[] = [];
    const permits: RatePermit[] = [];
    const waiting = Array.from({ length: 15 }, (_, i) =>
      limiter.acquire('k', 0, undefined).then((permit) => {
        started.push(i);
        permits.push(permit);
      }),
    );
    const round = async () => {
      await vi.advanceTimersByTimeAsync(0);
      const batch = permits.splice(0);
      for (const permit of batch) permit.received(200, {});
      return batch.length;
    };
    expect([await round(), await round(), await round(), await round()]).toEqual([1, 2, 4, 8]);
    await Promise.all(waiting);
    expect(started).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('paces by the OpenAI headers: 90% of the token limit used, no refusal', async () => {
    const limiter = new Pacer();
    // 1.2M tokens and 300 requests a minute with a 2 s burst; 12,800-token requests, 4 workers.
    const server = upstream({ tpm: 1_200_000, rpm: 300, burstSeconds: 2, style: 'openai', latencyMs: 40 });
    const { elapsedMs } = await drive(limiter, server, {
      count: 40,
      tokens: 12_800,
      workers: 4,
      latencyMs: 40,
    });
    expect(server.stats.refused).toBe(0);
    // 512,000 tokens at 20,000 a second after a 40,000-token burst less the 16,000 it keeps in
    // reserve for others on the key: 24.4 s at the limit.
    const ideal = ((40 * 12_800 - 24_000) / 20_000) * 1000;
    expect(elapsedMs).toBeLessThan(ideal / 0.9);
  });

  it('two limiters on one key, seeing only the shared counts, keep together to the limit', async () => {
    const server = upstream({ tpm: 1_200_000, rpm: 300, burstSeconds: 2, style: 'openai', latencyMs: 40 });
    const options = { count: 40, tokens: 12_800, workers: 4, latencyMs: 40 };
    const [a, b] = await Promise.all([
      drive(new Pacer(), server, options),
      drive(new Pacer(), server, options),
    ]);
    const sent = server.stats.admitted + server.stats.refused;
    expect(server.stats.refused / sent).toBeLessThanOrEqual(0.05);
    const elapsedMs = Math.max(a.elapsedMs, b.elapsedMs);
    expect(server.stats.tokens / (40_000 + 20 * elapsedMs)).toBeGreaterThanOrEqual(0.85);
  });

  it('packs to the requests limit too, when requests are small', async () => {
    const limiter = new Pacer();
    const server = upstream({ tpm: 1_200_000, rpm: 300, burstSeconds: 2, style: 'openai', latencyMs: 20 });
    const { elapsedMs } = await drive(limiter, server, { count: 60, tokens: 10, workers: 8, latencyMs: 20 });
    expect(server.stats.refused).toBe(0);
    // 60 requests at 5 a second after a burst of 10, less 4 kept in reserve: 10.8 s.
    expect(elapsedMs).toBeLessThan(10_800 / 0.85);
  });

  it('infers the rate from Azure remaining counts', async () => {
    const limiter = new Pacer();
    const server = upstream({ tpm: 1_200_000, rpm: 300, burstSeconds: 2, style: 'azure', latencyMs: 40 });
    const { elapsedMs } = await drive(limiter, server, {
      count: 40,
      tokens: 12_800,
      workers: 4,
      latencyMs: 40,
    });
    // It learns the rate from a few answers, refusals included, then keeps to it.
    expect(server.stats.refused / (server.stats.admitted + server.stats.refused)).toBeLessThan(0.15);
    expect(elapsedMs).toBeLessThan(((40 * 12_800) / 20_000) * 1000 * 1.5);
  });

  it('finds the rate itself when the upstream says nothing (AIMD)', async () => {
    const limiter = new Pacer();
    const server = upstream({ tpm: 1_200_000, rpm: 300, burstSeconds: 2, style: 'none', latencyMs: 40 });
    const { elapsedMs } = await drive(limiter, server, {
      count: 40,
      tokens: 12_800,
      workers: 4,
      latencyMs: 40,
    });
    expect(server.stats.refused / (server.stats.admitted + server.stats.refused)).toBeLessThan(0.3);
    // Slower than with headers, but not crawling.
    expect(elapsedMs).toBeLessThan(((40 * 12_800) / 20_000) * 1000 * 2);
  });

  it("holds every waiting request for a refusal's Retry-After, not only the refused one", async () => {
    const limiter = new Pacer();
    // Grown to four in flight first.
    for (let i = 0; i < 3; i++) (await limiter.acquire('k', 0, undefined)).received(200, {});
    const first = await limiter.acquire('k', 0, undefined);
    first.received(429, { 'retry-after': '2' });
    const refusedAt = Date.now();
    const startedAt: number[] = [];
    const waiting = Array.from({ length: 3 }, () =>
      limiter.acquire('k', 0, undefined).then((permit) => {
        startedAt.push(Date.now());
        permit.received(200, {});
      }),
    );
    await vi.advanceTimersByTimeAsync(1999);
    expect(startedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(waiting);
    expect(startedAt).toHaveLength(3);
    expect(startedAt.every((at) => at >= refusedAt + 2000)).toBe(true);
    // Another key (another model) was never held.
    await expect(limiter.acquire('other', 0, undefined)).resolves.toBeDefined();
  });

  it('reports how long a request waits, and lets an aborted waiter go', async () => {
    const limiter = new Pacer();
    (await limiter.acquire('k', 0, undefined)).received(429, { 'retry-after-ms': '300' });
    const waits: number[] = [];
    const controller = new AbortController();
    const aborted = limiter.acquire('k', 0, controller.signal, (ms) => waits.push(ms));
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(300);
  });

  it('corrects its token estimate from reported usage and exposes the budget it knows', async () => {
    const limiter = new Pacer();
    expect(limiter.estimateTokens('k', 400)).toBe(100);
    for (let i = 0; i < 20; i++) limiter.learnTokens('k', 400, 200);
    expect(limiter.estimateTokens('k', 400)).toBeGreaterThan(195);
    expect(limiter.tokenBudget('k')).toBeUndefined();
    const permit = await limiter.acquire('k', 1000, undefined);
    permit.received(200, {
      'x-ratelimit-limit-tokens': '60000',
      'x-ratelimit-remaining-tokens': '4000',
      'x-ratelimit-limit-requests': '600',
      'x-ratelimit-remaining-requests': '9',
    });
    // Two fifths of the 5,000-token burst stay in reserve for other clients on the key, and one
    // request takes no more than that, so that another client's fits in this one's reserve.
    expect(limiter.tokenBudget('k')).toEqual({ available: 2000, capacity: 2000, perRequest: 100 });
    await vi.advanceTimersByTimeAsync(500);
    expect(limiter.tokenBudget('k')?.available).toBe(2500);
  });
});
