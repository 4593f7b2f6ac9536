import { InvalidArgumentError } from '@ai-sdk/provider';
import { cosineSimilarity, embed, embedMany } from 'ai';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator({
  models: { 'litellm-embedding': { personality: 'litellm' } },
  faults: [{ model: 'slow-embedding', kind: 'delay', delayMs: 5000 }],
});

describe('AnyIntEmbeddingModel', () => {
  it('embeds with embedMany and embed: similar texts are nearer, usage is reported', async () => {
    const model = ctx.provider().embedding('text-embedding-v4');
    const { embeddings, usage } = await embedMany({
      model,
      values: ['refunds are paid within five days', 'the cat sleeps on the sofa'],
    });
    const query = await embed({ model, value: 'how many days until refunds are paid' });
    expect(embeddings).toHaveLength(2);
    expect(cosineSimilarity(query.embedding, embeddings[0] as number[])).toBeGreaterThan(
      cosineSimilarity(query.embedding, embeddings[1] as number[]),
    );
    expect(usage.tokens).toBeGreaterThan(0);
    expect(query.usage.tokens).toBeGreaterThan(0);
    expect(query.warnings).toEqual([]);
  });

  it('sends providerOptions.anyint as snake_case wire fields', async () => {
    const { embedding, providerMetadata } = await embed({
      model: ctx.provider().embedding('text-embedding-3-small'),
      value: 'hello',
      providerOptions: { anyint: { dimensions: 64, user: 'user-1', encodingFormat: 'float' } },
    });
    expect(embedding).toHaveLength(64);
    const [request] = ctx.requestsTo('/embeddings');
    expect(request?.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['hello'],
      dimensions: 64,
      user: 'user-1',
      encoding_format: 'float',
    });
    expect(providerMetadata?.anyint).toMatchObject({ model: 'text-embedding-3-small' });
  });

  it('splits a call by batchSize in the client and keeps input order', async () => {
    const model = ctx.provider().embedding('text-embedding-v4');
    const values = ['alpha one', 'beta two', 'gamma three', 'delta four', 'epsilon five'];
    const whole = await embedMany({ model, values });
    ctx.emulator.reset();
    const split = await embedMany({ model, values, providerOptions: { anyint: { batchSize: 2 } } });
    expect(ctx.requestsTo('/embeddings').map((r) => (r.body as { input: string[] }).input)).toEqual([
      ['alpha one', 'beta two'],
      ['gamma three', 'delta four'],
      ['epsilon five'],
    ]);
    expect(split.embeddings).toEqual(whole.embeddings);
  });

  it('takes 2048 values per doEmbed call and lets the client split them into requests of 512', async () => {
    const values = Array.from({ length: 2050 }, (_, i) => `document number ${i}`);
    const { embeddings, responses } = await embedMany({
      model: ctx.provider().embedding('text-embedding-v4'),
      values,
      providerOptions: { anyint: { dimensions: 8 } },
    });
    expect(embeddings).toHaveLength(2050);
    expect(responses).toHaveLength(2);
    const sizes = ctx.requestsTo('/embeddings').map((r) => (r.body as { input: string[] }).input.length);
    // The client's opening slices are a quarter size until the upstream has answered.
    expect(sizes.sort((a, b) => b - a)).toEqual([512, 512, 512, 128, 128, 128, 128, 2]);
  });

  it('reports zero tokens with a warning when the upstream sends no usage', async () => {
    const result = await embed({ model: ctx.provider().embedding('litellm-embedding'), value: 'hello' });
    expect(result.usage).toEqual({ tokens: 0 });
    expect(result.warnings).toEqual([{ type: 'other', message: expect.stringMatching(/no token usage/) }]);
  });

  it('rejects invalid provider options before sending anything', async () => {
    const error = await embed({
      model: ctx.provider().embedding('text-embedding-v4'),
      value: 'hello',
      providerOptions: { anyint: { dimensions: -3 } },
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('stops a call in flight when the abort signal fires', async () => {
    const controller = new AbortController();
    const pending = embed({
      model: ctx.provider().embedding('slow-embedding'),
      value: 'hello',
      abortSignal: controller.signal,
    }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    const error = await pending;
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});
