import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { InvalidResponseError } from '../core/errors.js';
import { isObject, readJSON } from '../core/parse.js';
import { APIResource } from '../core/resource.js';
import { invalid, optionalString, requireObject, withoutNulls } from '../core/validate.js';

export type ModerationModel = 'omni-moderation-latest' | 'text-moderation-latest' | (string & {});

export type ModerationInputPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } };

export interface ModerationCreateParams {
  /** A string, an array of strings, or text and image parts for omni models. */
  input: string | string[] | ModerationInputPart[];
  model?: ModerationModel;
}

export interface Moderation {
  flagged: boolean;
  categories: Record<string, boolean>;
  category_scores: Record<string, number>;
  category_applied_input_types?: Record<string, ('text' | 'image')[]>;
}

export interface ModerationCreateResponse {
  id: string;
  model: string;
  results: Moderation[];
}

function isEmptyInput(input: unknown): boolean {
  if (typeof input === 'string') return input.trim() === '';
  if (!Array.isArray(input)) return true;
  return (
    input.length === 0 ||
    input.some((item) => (typeof item === 'string' ? item.trim() === '' : !item || typeof item !== 'object'))
  );
}

export class Moderations extends APIResource {
  /**
   * Classifies text (and images, for omni models) against moderation categories.
   *
   * @example
   * const { results } = await anyint.moderations.create({ model: 'omni-moderation-latest', input: 'hello' });
   */
  create(params: ModerationCreateParams, options?: RequestOptions): APIPromise<ModerationCreateResponse> {
    return this.request(() => {
      requireObject('params', params);
      if (isEmptyInput(params.input))
        throw invalid('input', 'a non-empty string, array of strings or array of parts', params.input);
      optionalString('model', params.model);
      const route = 'POST /moderations';
      return {
        method: 'POST',
        path: '/moderations',
        body: withoutNulls(params),
        model: params.model,
        createsNothing: true,
        parse: async (response) => checkResults(await readJSON(response, route), params.input, route),
      };
    }, options);
  }
}

/**
 * One result per input: a string is one input, an array of strings one each, an array of parts one
 * in all. A missing result must never read as "not flagged", so any other count is refused.
 */
function checkResults(
  body: unknown,
  input: ModerationCreateParams['input'],
  route: string,
): ModerationCreateResponse {
  const expected =
    typeof input === 'string' ? 1 : input.every((item) => typeof item === 'string') ? input.length : 1;
  const results = isObject(body) ? body.results : undefined;
  const fail = (why: string): never => {
    throw new InvalidResponseError(`Invalid moderations response (${route}): ${why}.`, route);
  };
  if (!Array.isArray(results)) return fail('`results` is not an array');
  if (results.length !== expected) fail(`${results.length} results for ${expected} inputs`);
  results.forEach((result, i) => {
    if (!isObject(result) || typeof result.flagged !== 'boolean')
      fail(`results[${i}] has no boolean \`flagged\``);
  });
  return body as unknown as ModerationCreateResponse;
}
