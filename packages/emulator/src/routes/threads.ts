import type { Json } from '../assistants-store.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';
import { requireAssistantsBeta } from './assistants.js';
import { addRequestedMessage, MESSAGE_ROUTES, threadOf } from './messages.js';

function createThread(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  validateRequest('CreateThreadRequest', context.body);
  return jsonResult(createThreadFrom(context, context.body));
}

/** A thread with its initial messages; also used by runs that bring `additional_messages`. */
export function createThreadFrom(context: RouteContext, body: Json): Json & { id: string } {
  const store = context.state.assistants;
  const thread = store.threads.add({
    id: context.state.nextId('thread'),
    object: 'thread',
    created_at: Math.floor(Date.now() / 1000),
    metadata: body.metadata ?? {},
    tool_resources: body.tool_resources ?? {},
  });
  for (const message of (body.messages as Json[] | undefined) ?? []) {
    addRequestedMessage(context, thread.id, message);
  }
  return thread;
}

function retrieveThread(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  return jsonResult(threadOf(context));
}

function modifyThread(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  validateRequest('ModifyThreadRequest', context.body);
  if (context.body.metadata !== undefined) thread.metadata = context.body.metadata;
  if (context.body.tool_resources !== undefined) thread.tool_resources = context.body.tool_resources;
  return jsonResult(thread);
}

function deleteThread(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  context.state.assistants.deleteThread(thread.id);
  return jsonResult({ id: thread.id, object: 'thread.deleted', deleted: true });
}

export const THREAD_ROUTES: RouteSpec[] = [
  { name: 'threads', path: '/threads', body: 'json', handler: createThread },
  { name: 'threads', method: 'GET', path: '/threads/:thread_id', body: 'none', handler: retrieveThread },
  { name: 'threads', path: '/threads/:thread_id', body: 'json', handler: modifyThread },
  { name: 'threads', method: 'DELETE', path: '/threads/:thread_id', body: 'none', handler: deleteThread },
  ...MESSAGE_ROUTES,
];
