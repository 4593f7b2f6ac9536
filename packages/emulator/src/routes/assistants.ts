import type { Json } from '../assistants-store.js';
import { parsePageQuery } from '../cursor-page.js';
import { ApiError, invalidRequest } from '../errors.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';

const MIGRATION_GUIDE = 'https://platform.openai.com/docs/assistants/migration';

/**
 * OpenAI answers every Assistants API call (assistants, threads, messages, runs) without
 * `OpenAI-Beta: assistants=v2` with a 400 `invalid_beta`. A LiteLLM-style proxy adds the header
 * itself, so the `litellm` personality lets requests through without it.
 */
export function requireAssistantsBeta(context: RouteContext): void {
  if (context.profile.personality === 'litellm') return;
  const raw = context.headers?.['openai-beta'];
  const header = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).toLowerCase();
  if (/\bassistants=v2\b/.test(header)) return;
  const message = /\bassistants=v1\b/.test(header)
    ? `The v1 Assistants API has been deprecated. See the migration guide for more information: ${MIGRATION_GUIDE}.`
    : "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.";
  throw new ApiError(400, { message, type: 'invalid_request_error', param: null, code: 'invalid_beta' });
}

/** OpenAI's 404 for an unknown id, e.g. "No thread found with id 'thread_abc'." */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError(404, {
    message: `No ${kind} found with id '${id}'.`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}

export function param(context: RouteContext, name: string): string {
  return context.params?.[name] ?? '';
}

function assistantOf(context: RouteContext): Json & { id: string } {
  const id = param(context, 'assistant_id');
  const assistant = context.state.assistants.assistants.get(id);
  if (!assistant) throw notFound('assistant', id);
  return assistant;
}

const ASSISTANT_FIELDS = [
  'name',
  'description',
  'instructions',
  'tools',
  'tool_resources',
  'metadata',
  'temperature',
  'top_p',
  'response_format',
  'reasoning_effort',
] as const;

function checkModel(body: Json): void {
  if (body.model === '') throw invalidRequest('you must provide a model parameter', 'model');
}

function createAssistant(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const { body, state } = context;
  validateRequest('CreateAssistantRequest', body);
  checkModel(body);
  const assistant: Json & { id: string } = {
    id: state.nextId('asst'),
    object: 'assistant',
    created_at: Math.floor(Date.now() / 1000),
    name: null,
    description: null,
    model: body.model,
    instructions: null,
    tools: [],
    tool_resources: {},
    metadata: {},
    top_p: 1,
    temperature: 1,
    reasoning_effort: null,
    response_format: 'auto',
  };
  for (const field of ASSISTANT_FIELDS) {
    if (body[field] !== undefined && body[field] !== null) assistant[field] = body[field];
  }
  state.assistants.assistants.add(assistant);
  return jsonResult(assistant);
}

function listAssistants(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  return jsonResult(context.state.assistants.assistants.page(parsePageQuery(context.query)));
}

function retrieveAssistant(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  return jsonResult(assistantOf(context));
}

function modifyAssistant(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const assistant = assistantOf(context);
  const { body } = context;
  validateRequest('ModifyAssistantRequest', body);
  checkModel(body);
  if (typeof body.model === 'string') assistant.model = body.model;
  for (const field of ASSISTANT_FIELDS) {
    if (body[field] !== undefined) assistant[field] = body[field];
  }
  return jsonResult(assistant);
}

function deleteAssistant(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const assistant = assistantOf(context);
  context.state.assistants.assistants.delete(assistant.id);
  return jsonResult({ id: assistant.id, object: 'assistant.deleted', deleted: true });
}

export const ASSISTANT_ROUTES: RouteSpec[] = [
  { name: 'assistants', path: '/assistants', body: 'json', handler: createAssistant },
  { name: 'assistants', method: 'GET', path: '/assistants', body: 'none', handler: listAssistants },
  {
    name: 'assistants',
    method: 'GET',
    path: '/assistants/:assistant_id',
    body: 'none',
    handler: retrieveAssistant,
  },
  { name: 'assistants', path: '/assistants/:assistant_id', body: 'json', handler: modifyAssistant },
  {
    name: 'assistants',
    method: 'DELETE',
    path: '/assistants/:assistant_id',
    body: 'none',
    handler: deleteAssistant,
  },
];
