import type { AnyInt, RequestOptions } from '../../client.js';
import { ASSISTANTS_BETA } from '../../core/beta.js';
import type { PagePromise } from '../../core/pagination.js';
import { type PollOptions, pollJob } from '../../core/polling.js';
import { APIResource } from '../../core/resource.js';
import { invalid, pathId, requireObject, requireString } from '../../core/validate.js';
import type { AssistantTool, ListParams } from '../assistants.js';
import type { Messages } from './messages.js';
import { RunStream } from './run-stream.js';

export type RunStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'completed'
  | 'incomplete'
  | 'expired';

export interface RequiredToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface Run {
  id: string;
  object: 'thread.run';
  created_at: number;
  thread_id: string;
  assistant_id: string;
  status: RunStatus;
  required_action: {
    type: 'submit_tool_outputs';
    submit_tool_outputs: { tool_calls: RequiredToolCall[] };
  } | null;
  last_error: { code: string; message: string } | null;
  model: string;
  instructions: string;
  tools: AssistantTool[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  metadata: Record<string, string> | null;
  [extra: string]: unknown;
}

export interface RunCreateParams {
  assistant_id: string;
  model?: string | null;
  instructions?: string | null;
  additional_instructions?: string | null;
  additional_messages?: unknown[] | null;
  tools?: AssistantTool[] | null;
  metadata?: Record<string, string>;
  temperature?: number | null;
  max_completion_tokens?: number | null;
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
}

export interface SubmitToolOutputsParams {
  tool_outputs: { tool_call_id: string; output: string }[];
}

/** `requires_action` stops polling too: the caller has tools to run. */
const DONE = new Set(['completed', 'requires_action', 'incomplete']);
const FAILED = new Set(['failed', 'expired', 'cancelled']);

export class Runs extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;
  readonly #messages: Messages;

  constructor(client: AnyInt, messages: Messages) {
    super(client);
    this.#messages = messages;
  }

  /**
   * @example
   * const run = await anyint.threads.runs.create(thread.id, { assistant_id: assistant.id });
   */
  async create(threadId: string, params: RunCreateParams, options?: RequestOptions): Promise<Run> {
    const path = `/threads/${pathId('threadId', threadId)}/runs`;
    validateRun(params);
    return this.json<Run>({ method: 'POST', path, body: params, namesResource: true }, options);
  }

  async retrieve(threadId: string, runId: string, options?: RequestOptions): Promise<Run> {
    return this.json<Run>({ method: 'GET', path: runPath(threadId, runId), namesResource: true }, options);
  }

  list(threadId: string, params: ListParams = {}, options?: RequestOptions): PagePromise<Run> {
    return this.paginate<Run>(`/threads/${pathId('threadId', threadId)}/runs`, params, options);
  }

  async cancel(threadId: string, runId: string, options?: RequestOptions): Promise<Run> {
    return this.json<Run>(
      { method: 'POST', path: `${runPath(threadId, runId)}/cancel`, namesResource: true },
      options,
    );
  }

  async submitToolOutputs(
    threadId: string,
    runId: string,
    params: SubmitToolOutputsParams,
    options?: RequestOptions,
  ): Promise<Run> {
    const path = `${runPath(threadId, runId)}/submit_tool_outputs`;
    requireObject('params', params);
    if (!Array.isArray(params.tool_outputs) || params.tool_outputs.length === 0) {
      throw invalid('tool_outputs', 'a non-empty array of { tool_call_id, output }', params.tool_outputs);
    }
    for (const [i, output] of params.tool_outputs.entries()) {
      requireString(`tool_outputs[${i}].tool_call_id`, output?.tool_call_id);
    }
    return this.json<Run>({ method: 'POST', path, body: params, namesResource: true }, options);
  }

  /**
   * Waits until the run completes or needs tool outputs (`requires_action`); `failed`, `expired` and
   * `cancelled` throw `JobFailedError`.
   */
  async poll(threadId: string, runId: string, options: PollOptions<Run> & RequestOptions = {}): Promise<Run> {
    runPath(threadId, runId);
    const { intervalMs, timeoutMs, onProgress, ...requestOptions } = options;
    return pollJob(
      (signal) => this.retrieve(threadId, runId, { ...requestOptions, signal }),
      {
        kind: 'Run',
        done: DONE,
        failed: FAILED,
        describeFailure: (run) => run.last_error?.message,
      },
      { intervalMs, timeoutMs, onProgress, signal: options.signal },
    );
  }

  /**
   * @example
   * const run = await anyint.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
   */
  async createAndPoll(
    threadId: string,
    params: RunCreateParams,
    options: PollOptions<Run> & RequestOptions = {},
  ): Promise<Run> {
    const { intervalMs, timeoutMs, onProgress, ...requestOptions } = options;
    const run = await this.create(threadId, params, requestOptions);
    return this.poll(threadId, run.id, options);
  }

  /**
   * Creates a run and streams its events as they happen.
   *
   * @example
   * const stream = anyint.threads.runs.stream(thread.id, { assistant_id: assistant.id });
   * for await (const { event, data } of stream) if (event === 'thread.message.delta') process.stdout.write(deltaText(data));
   * const run = await stream.finalRun();
   */
  stream(threadId: string, params: RunCreateParams, options: RequestOptions = {}): RunStream {
    const path = `/threads/${pathId('threadId', threadId)}/runs`;
    validateRun(params);
    return new RunStream({
      threadId,
      open: () =>
        this.client.request(
          {
            method: 'POST',
            path,
            body: { ...params, stream: true },
            namesResource: true,
            headers: this.headers,
            accept: 'text/event-stream',
            parse: async (response) => response,
          },
          { ...options, timeout: options.timeout ?? this.client.streamIdleTimeoutMs },
        ),
      runs: this,
      messages: this.#messages,
      signal: options.signal,
      route: `POST ${path}`,
    });
  }
}

function runPath(threadId: string, runId: string): string {
  return `/threads/${pathId('threadId', threadId)}/runs/${pathId('runId', runId)}`;
}

function validateRun(params: unknown): void {
  requireObject('params', params);
  requireString('assistant_id', params.assistant_id);
}
