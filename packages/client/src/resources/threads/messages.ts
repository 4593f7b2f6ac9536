import type { RequestOptions } from '../../client.js';
import type { APIPromise } from '../../core/api-promise.js';
import { ASSISTANTS_BETA } from '../../core/beta.js';
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import { invalid, pathId, requireObject, requireOneOf } from '../../core/validate.js';
import type { ListParams } from '../assistants.js';

export type MessageContentPart =
  | { type: 'text'; text: { value: string; annotations: unknown[] } }
  | { type: 'image_file'; image_file: { file_id: string; detail?: string } }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: 'refusal'; refusal: string };

export interface Message {
  id: string;
  object: 'thread.message';
  created_at: number;
  thread_id: string;
  role: 'user' | 'assistant';
  content: MessageContentPart[];
  status?: 'in_progress' | 'incomplete' | 'completed';
  assistant_id: string | null;
  run_id: string | null;
  attachments?: unknown[] | null;
  metadata: Record<string, string> | null;
  [extra: string]: unknown;
}

export type MessageInputPart =
  | { type: 'text'; text: string }
  | { type: 'image_file'; image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface MessageCreateParams {
  role: 'user' | 'assistant';
  content: string | MessageInputPart[];
  attachments?: { file_id: string; tools?: { type: 'code_interpreter' | 'file_search' }[] }[] | null;
  metadata?: Record<string, string>;
}

export interface MessageListParams extends ListParams {
  /** Only messages created by this run. */
  run_id?: string;
}

export function validateMessage(field: string, message: unknown): void {
  requireObject(field, message);
  requireOneOf(`${field}.role`, message.role, ['user', 'assistant']);
  const { content } = message;
  if (!(typeof content === 'string' && content !== '') && !(Array.isArray(content) && content.length > 0)) {
    throw invalid(`${field}.content`, 'a non-empty string or array of content parts', content);
  }
}

/** The text of a message: its text parts joined. */
export function messageText(message: Pick<Message, 'content'>): string {
  return message.content
    .map((part) => (part.type === 'text' ? part.text.value : ''))
    .filter(Boolean)
    .join('\n');
}

/** The thread a message belongs to: `openai@6` puts the parent id in the params. */
export interface MessageRetrieveParams {
  thread_id: string;
}

export interface MessageUpdateParams {
  thread_id: string;
  metadata?: Record<string, string> | null;
}

export interface MessageDeleted {
  id: string;
  object: 'thread.message.deleted';
  deleted: boolean;
}

export class Messages extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;

  /**
   * @example
   * await anyint.beta.threads.messages.create(thread.id, { role: 'user', content: 'Where is my order?' });
   */
  create(threadId: string, params: MessageCreateParams, options?: RequestOptions): APIPromise<Message> {
    return this.json<Message>(() => {
      const path = `/threads/${pathId('threadId', threadId)}/messages`;
      validateMessage('params', params);
      return { method: 'POST', path, body: params, namesResource: true };
    }, options);
  }

  /**
   * @example
   * const message = await anyint.beta.threads.messages.retrieve(messageId, { thread_id: thread.id });
   */
  retrieve(messageId: string, params: MessageRetrieveParams, options?: RequestOptions): APIPromise<Message> {
    return this.json<Message>(
      () => ({ method: 'GET', path: messagePath(params, messageId), namesResource: true }),
      options,
    );
  }

  update(messageId: string, params: MessageUpdateParams, options?: RequestOptions): APIPromise<Message> {
    return this.json<Message>(() => {
      const { thread_id: _, ...body } = params;
      return { method: 'POST', path: messagePath(params, messageId), body, namesResource: true };
    }, options);
  }

  list(threadId: string, params: MessageListParams = {}, options?: RequestOptions): PagePromise<Message> {
    return this.paginate<Message>(`/threads/${pathId('threadId', threadId)}/messages`, params, options);
  }

  delete(
    messageId: string,
    params: MessageRetrieveParams,
    options?: RequestOptions,
  ): APIPromise<MessageDeleted> {
    return this.json<MessageDeleted>(
      () => ({ method: 'DELETE', path: messagePath(params, messageId), namesResource: true }),
      options,
    );
  }
}

function messagePath(params: { thread_id: string }, messageId: string): string {
  requireObject('params', params);
  return `/threads/${pathId('thread_id', params.thread_id)}/messages/${pathId('messageId', messageId)}`;
}
