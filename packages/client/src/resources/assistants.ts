import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { ASSISTANTS_BETA } from '../core/beta.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import { optionalString, pathId, requireObject, requireString } from '../core/validate.js';

export type AssistantTool =
  | { type: 'code_interpreter' }
  | { type: 'file_search'; file_search?: Record<string, unknown> }
  | {
      type: 'function';
      function: {
        name: string;
        description?: string;
        parameters?: Record<string, unknown>;
        strict?: boolean | null;
      };
    };

export interface Assistant {
  id: string;
  object: 'assistant';
  created_at: number;
  name: string | null;
  description: string | null;
  model: string;
  instructions: string | null;
  tools: AssistantTool[];
  metadata: Record<string, string> | null;
  [extra: string]: unknown;
}

export interface AssistantCreateParams {
  model: string;
  name?: string | null;
  description?: string | null;
  instructions?: string | null;
  tools?: AssistantTool[];
  metadata?: Record<string, string>;
  temperature?: number | null;
  top_p?: number | null;
  response_format?: unknown;
  tool_resources?: Record<string, unknown> | null;
}

export type AssistantUpdateParams = Partial<AssistantCreateParams>;

export interface ListParams {
  limit?: number;
  order?: 'asc' | 'desc';
  after?: string;
  before?: string;
}

export interface Deleted {
  id: string;
  object: string;
  deleted: boolean;
}

export class Assistants extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;

  /**
   * @example
   * const assistant = await anyint.beta.assistants.create({ model: 'gpt-4o-mini', name: 'Support', instructions: 'Answer briefly.' });
   */
  create(params: AssistantCreateParams, options?: RequestOptions): APIPromise<Assistant> {
    return this.json<Assistant>(() => {
      requireObject('params', params);
      requireString('model', params.model);
      optionalString('instructions', params.instructions ?? undefined);
      return { method: 'POST', path: '/assistants', body: params, model: params.model };
    }, options);
  }

  retrieve(assistantId: string, options?: RequestOptions): APIPromise<Assistant> {
    return this.json<Assistant>(
      () => ({
        method: 'GET',
        path: `/assistants/${pathId('assistantId', assistantId)}`,
        namesResource: true,
      }),
      options,
    );
  }

  update(
    assistantId: string,
    params: AssistantUpdateParams,
    options?: RequestOptions,
  ): APIPromise<Assistant> {
    return this.json<Assistant>(() => {
      requireObject('params', params);
      const path = `/assistants/${pathId('assistantId', assistantId)}`;
      return { method: 'POST', path, body: params, namesResource: true };
    }, options);
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Assistant> {
    return this.paginate<Assistant>('/assistants', params, options);
  }

  delete(assistantId: string, options?: RequestOptions): APIPromise<Deleted> {
    return this.json<Deleted>(
      () => ({
        method: 'DELETE',
        path: `/assistants/${pathId('assistantId', assistantId)}`,
        namesResource: true,
      }),
      options,
    );
  }
}
