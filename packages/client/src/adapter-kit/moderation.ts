import { InvalidResponseError } from '../core/errors.js';
import type { Moderation, ModerationCreateResponse } from '../resources/moderations.js';

const ROUTE = 'POST /moderations';

/**
 * The results of a moderation call, checked: exactly one per input, each with a boolean `flagged`
 * and `categories`/`category_scores` objects. Anything else is an `InvalidResponseError`, so a caller
 * that gates content on the verdict fails closed instead of reading a missing result as "not flagged".
 */
export function moderationResults(response: ModerationCreateResponse, inputs: number): Moderation[] {
  const results: unknown = (response as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) {
    throw new InvalidResponseError('The moderation response has no `results` array.', ROUTE);
  }
  if (results.length !== inputs) {
    throw new InvalidResponseError(
      `The moderation response has ${results.length} results for ${inputs} inputs.`,
      ROUTE,
    );
  }
  results.forEach((result: unknown, index) => {
    const item = result as Partial<Moderation> | null;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof item.flagged !== 'boolean' ||
      !isRecord(item.categories) ||
      !isRecord(item.category_scores)
    ) {
      throw new InvalidResponseError(
        `Moderation result ${index} lacks a boolean \`flagged\` or its category objects.`,
        ROUTE,
      );
    }
  });
  return results as Moderation[];
}

/** The flagged categories of a result with their scores, highest first. */
export function flaggedCategories(result: Moderation): { category: string; score: number }[] {
  return Object.entries(result.categories)
    .filter(([, flagged]) => flagged === true)
    .map(([category]) => ({ category, score: scoreOf(result, category) }))
    .sort((a, b) => b.score - a.score);
}

function scoreOf(result: Moderation, category: string): number {
  const score = result.category_scores[category];
  return typeof score === 'number' && Number.isFinite(score) ? score : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
