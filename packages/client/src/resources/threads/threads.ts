import type { AnyIntCore, RequestOptions } from '../../client.js';
import type { APIPromise } from '../../core/api-promise.js';
import { ASSISTANTS_BETA } from '../../core/beta.js';
import { APIResource } from '../../core/resource.js';
import { invalid, pathId, requireObject } from '../../core/validate.js';
import type { Deleted } from '../assistants.js';
import { type MessageCreateParams, Messages, validateMessage } from './messages.js';
import { Runs } from './runs.js';

export interface Thread {
  id: string;
  object: 'thread';
  created_at: number;
  metadata: Record<string, string> | null;
  tool_resources?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

export interface ThreadCreateParams {
  messages?: MessageCreateParams[];
  metadata?: Record<string, string>;
  tool_resources?: Record<string, unknown> | null;
}

export interface ThreadUpdateParams {
  metadata?: Record<string, string>;
  tool_resources?: Record<string, unknown> | null;
}

export class Threads extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;
  readonly messages: Messages;
  readonly runs: Runs;

  constructor(client: AnyIntCore) {
    super(client);
    this.messages = new Messages(client);
    this.runs = new Runs(client, this.messages);
  }

  /**
   * @example
   * const thread = await anyint.beta.threads.create({ messages: [{ role: 'user', content: 'Hello' }] });
   */
  create(params: ThreadCreateParams = {}, options?: RequestOptions): APIPromise<Thread> {
    return this.json<Thread>(() => {
      requireObject('params', params);
      if (params.messages !== undefined) {
        if (!Array.isArray(params.messages))
          throw invalid('messages', 'an array of messages', params.messages);
        params.messages.forEach((message, i) => {
          validateMessage(`messages[${i}]`, message);
        });
      }
      return { method: 'POST', path: '/threads', body: params };
    }, options);
  }

  retrieve(threadId: string, options?: RequestOptions): APIPromise<Thread> {
    return this.json<Thread>(
      () => ({ method: 'GET', path: `/threads/${pathId('threadId', threadId)}`, namesResource: true }),
      options,
    );
  }

  update(threadId: string, params: ThreadUpdateParams, options?: RequestOptions): APIPromise<Thread> {
    return this.json<Thread>(() => {
      requireObject('params', params);
      const path = `/threads/${pathId('threadId', threadId)}`;
      return { method: 'POST', path, body: params, namesResource: true };
    }, options);
  }

  delete(threadId: string, options?: RequestOptions): APIPromise<Deleted> {
    return this.json<Deleted>(
      () => ({ method: 'DELETE', path: `/threads/${pathId('threadId', threadId)}`, namesResource: true }),
      options,
    );
  }
}
