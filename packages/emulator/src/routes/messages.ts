import type { Json } from '../assistants-store.js';
import { parsePageQuery } from '../cursor-page.js';
import { invalidRequest } from '../errors.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';
import { notFound, param, requireAssistantsBeta } from './assistants.js';

/** The thread named in the path, after due run transitions were applied. */
export function threadOf(context: RouteContext): Json & { id: string } {
  const id = param(context, 'thread_id');
  const thread = context.state.assistants.threads.get(id);
  if (!thread) throw notFound('thread', id);
  context.state.assistants.tick(id);
  return thread;
}

/** A request's `content` (a string or parts) as stored: text parts become `{ value, annotations: [] }`. */
export function messageContent(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: { value: content, annotations: [] } }];
  return (content as Json[]).map((part) =>
    part.type === 'text' ? { type: 'text', text: { value: String(part.text), annotations: [] } } : part,
  );
}

/** Adds a validated CreateMessageRequest to a thread. */
export function addRequestedMessage(
  context: RouteContext,
  threadId: string,
  request: Json,
  extra: Json = {},
) {
  return context.state.assistants.addMessage(
    threadId,
    String(request.role),
    messageContent(request.content),
    {
      attachments: request.attachments ?? [],
      metadata: request.metadata ?? {},
      ...extra,
    },
  );
}

/** Text of the thread's last user message, what the emulator's assistant answers to. */
export function lastUserText(context: RouteContext, threadId: string): string {
  const messages = context.state.assistants.messages.values();
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.thread_id !== threadId || message.role !== 'user') continue;
    return (message.content as Json[])
      .filter((part) => part.type === 'text')
      .map((part) => String((part.text as Json).value))
      .join('\n');
  }
  return '';
}

function messageOf(context: RouteContext, threadId: string): Json & { id: string } {
  const id = param(context, 'message_id');
  const message = context.state.assistants.messages.get(id);
  if (!message || message.thread_id !== threadId) throw notFound('message', id);
  return message;
}

function createMessage(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  validateRequest('CreateMessageRequest', context.body);
  const active = context.state.assistants.activeRun(thread.id);
  if (active) {
    throw invalidRequest(`Can't add messages to ${thread.id} while a run ${active.id} is active.`);
  }
  return jsonResult(addRequestedMessage(context, thread.id, context.body));
}

function listMessages(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const thread = threadOf(context);
  const runId = context.query?.run_id;
  const page = context.state.assistants.messages.page(
    parsePageQuery(context.query),
    (message) => message.thread_id === thread.id && (runId === undefined || message.run_id === runId),
  );
  return jsonResult(page);
}

function retrieveMessage(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  return jsonResult(messageOf(context, threadOf(context).id));
}

function modifyMessage(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const message = messageOf(context, threadOf(context).id);
  validateRequest('ModifyMessageRequest', context.body);
  if (context.body.metadata !== undefined) message.metadata = context.body.metadata;
  return jsonResult(message);
}

function deleteMessage(context: RouteContext): RouteResult {
  requireAssistantsBeta(context);
  const message = messageOf(context, threadOf(context).id);
  context.state.assistants.messages.delete(message.id);
  return jsonResult({ id: message.id, object: 'thread.message.deleted', deleted: true });
}

const ONE = '/threads/:thread_id/messages/:message_id';

export const MESSAGE_ROUTES: RouteSpec[] = [
  { name: 'threads', path: '/threads/:thread_id/messages', body: 'json', handler: createMessage },
  {
    name: 'threads',
    method: 'GET',
    path: '/threads/:thread_id/messages',
    body: 'none',
    handler: listMessages,
  },
  { name: 'threads', method: 'GET', path: ONE, body: 'none', handler: retrieveMessage },
  { name: 'threads', path: ONE, body: 'json', handler: modifyMessage },
  { name: 'threads', method: 'DELETE', path: ONE, body: 'none', handler: deleteMessage },
];
