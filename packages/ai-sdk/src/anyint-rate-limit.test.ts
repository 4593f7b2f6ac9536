/**
 * Under rate limits the AI SDK's `maxRetries` stays the only retry layer: the client's limiter paces
 * and holds the queue after a 429, and the AI SDK resends only the call that failed.
 */
import { APICallError } from '@ai-sdk/provider';
import { embed, embedMany } from 'ai';
import { describe, expect, it } from 'vitest';
import { useEmulator } from './test-support.js';

const ctx = useEmulator({
  faults: [{ model: 'refused-once', kind: 'status', status: 429, retryAfter: 1, count: 1 }],
});

describe('rate limits in the AI SDK provider', () => {
  it('fails after one request with maxRetries: 0, as a retryable APICallError', async () => {
    const model = ctx.provider().embedding('refused-once');
    const error = await embed({ model, value: 'refused', maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, isRetryable: true });
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
  });

  it("resends only the failed call, after the 429's Retry-After held the queue", async () => {
    const model = ctx.provider().embedding('refused-once');
    const { embeddings } = await embedMany({ model, values: ['a', 'b', 'c'], maxRetries: 2 });
    expect(embeddings).toHaveLength(3);
    const requests = ctx.requestsTo('/embeddings');
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(requests[1]!.startedAt).toBeGreaterThanOrEqual(requests[0]!.startedAt + 1000 - 5);
  });
});
