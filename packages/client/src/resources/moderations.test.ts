import { describe, expect, it } from 'vitest';
import { AnyIntValidationError } from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator();

describe('moderations.create', () => {
  it('flags harmful text and passes harmless text, with scores', async () => {
    const { results } = await ctx.client().moderations.create({
      model: 'omni-moderation-latest',
      input: ['I will kill you', 'what a lovely day'],
    });
    expect(results).toHaveLength(2);
    expect(results[0]?.flagged).toBe(true);
    expect(results[1]?.flagged).toBe(false);
    const scores = results[0]?.category_scores ?? {};
    expect(Math.max(...Object.values(scores))).toBeGreaterThan(0.5);
  });

  it('accepts omni text and image parts', async () => {
    const { results } = await ctx.client().moderations.create({
      model: 'omni-moderation-latest',
      input: [
        { type: 'text', text: 'hello' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      ],
    });
    expect(results).toHaveLength(1);
  });

  it.each([[''], [[]], [['ok', '']], [['  ']]])('rejects empty input %j before sending', async (input) => {
    const error = await ctx
      .client()
      .moderations.create({ input } as never)
      .catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe('input');
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});
