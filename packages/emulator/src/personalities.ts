import { ApiError } from './errors.js';
import type { ModelConfig, PersonalityName, ResolvedOptions, RouteName } from './options.js';

export interface ModelProfile {
  personality: PersonalityName;
  config: ModelConfig;
}

/** The server's personality, overridden per model id by `models[id]`. */
export function profileFor(options: ResolvedOptions, model: string | undefined): ModelProfile {
  const config =
    (model !== undefined && Object.hasOwn(options.models, model) ? options.models[model] : undefined) ?? {};
  return { personality: config.personality ?? options.personality, config };
}

const ROUTE_PATHS: Record<RouteName, string> = {
  embeddings: 'POST /v1/embeddings',
  images: 'POST /v1/images/generations',
  speech: 'POST /v1/audio/speech',
  transcriptions: 'POST /v1/audio/transcriptions',
  translations: 'POST /v1/audio/translations',
  moderations: 'POST /v1/moderations',
  files: 'POST /v1/files',
  batches: 'POST /v1/batches',
  assistants: 'POST /v1/assistants',
  threads: 'POST /v1/threads',
  videos: 'POST /v1/videos',
};

/** The gateway's answer when the upstream of a model lacks a route (shape settled in DESIGN.md). */
export function assertRouteEnabled(route: RouteName, model: string | undefined, profile: ModelProfile): void {
  if (model === undefined || !profile.config.disabledRoutes?.includes(route)) return;
  throw new ApiError(404, {
    type: 'invalid_request_error',
    code: 'unsupported_route',
    message: `Route ${ROUTE_PATHS[route]} is not supported for model ${model}`,
  });
}

/** OpenAI's answer for a model id that is not in the model list (`knownModels`). */
export function assertModelKnown(model: string | undefined, options: ResolvedOptions): void {
  if (model === undefined || options.knownModels === undefined || options.knownModels.has(model)) return;
  throw new ApiError(404, {
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
  });
}

/** LiteLLM-style pass-through adds fields the OpenAI SDK never sees from OpenAI itself. */
export function litellmExtras(model: string | undefined): Record<string, unknown> {
  return {
    provider: 'litellm',
    _hidden_params: {
      custom_llm_provider: 'openai',
      model_id: model ?? null,
      api_base: 'https://upstream.invalid',
    },
  };
}
