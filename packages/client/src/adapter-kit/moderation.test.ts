import { describe, expect, it } from 'vitest';
import { InvalidResponseError, type ModerationCreateResponse } from '../index.js';
import { flaggedCategories, moderationResults } from './moderation.js';

const result = (flagged: unknown) => ({
  flagged,
  categories: { violence: true, hate: false, harassment: true },
  category_scores: { violence: 0.4, hate: 0.01, harassment: 0.9 },
});
const response = (results: unknown) => ({ id: 'm', model: 'omni', results }) as ModerationCreateResponse;

describe('moderation results', () => {
  it('accepts one well-formed result per input and lists flagged categories by score', () => {
    const [first] = moderationResults(response([result(true)]), 1);
    expect(flaggedCategories(first as never)).toEqual([
      { category: 'harassment', score: 0.9 },
      { category: 'violence', score: 0.4 },
    ]);
  });

  it.each([
    ['no results', response(undefined), 1],
    ['fewer results than inputs', response([result(false)]), 2],
    ['a flagged that is not a boolean', response([result('false')]), 1],
    ['a result without categories', response([{ flagged: false }]), 1],
  ])('fails closed on %s', (_, body, inputs) => {
    expect(() => moderationResults(body, inputs)).toThrow(InvalidResponseError);
  });
});
