import type { RequestOptions } from '../client.js';
import { readJSON } from '../core/parse.js';
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
  async create(params: ModerationCreateParams, options?: RequestOptions): Promise<ModerationCreateResponse> {
    requireObject('params', params);
    if (isEmptyInput(params.input))
      throw invalid('input', 'a non-empty string, array of strings or array of parts', params.input);
    optionalString('model', params.model);
    const route = 'POST /moderations';
    return this.client.request(
      {
        method: 'POST',
        path: '/moderations',
        body: withoutNulls(params),
        model: params.model,
        createsNothing: true,
        parse: (response) => readJSON<ModerationCreateResponse>(response, route),
      },
      options,
    );
  }
}
