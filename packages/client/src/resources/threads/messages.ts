import type { RequestOptions } from '../../client.js';
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

export class Messages extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;

  /**
   * @example
   * await anyint.threads.messages.create(thread.id, { role: 'user', content: 'Where is my order?' });
   */
  async create(threadId: string, params: MessageCreateParams, options?: RequestOptions): Promise<Message> {
    const path = `/threads/${pathId('threadId', threadId)}/messages`;
    validateMessage('params', params);
    return this.json<Message>({ method: 'POST', path, body: params, namesResource: true }, options);
  }

  async retrieve(threadId: string, messageId: string, options?: RequestOptions): Promise<Message> {
    const path = `/threads/${pathId('threadId', threadId)}/messages/${pathId('messageId', messageId)}`;
    return this.json<Message>({ method: 'GET', path, namesResource: true }, options);
  }

  list(threadId: string, params: MessageListParams = {}, options?: RequestOptions): PagePromise<Message> {
    return this.paginate<Message>(`/threads/${pathId('threadId', threadId)}/messages`, params, options);
  }
}
