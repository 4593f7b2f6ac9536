import type { AnyIntCore, RequestOptions } from '../../client.js';
import type { APIPromise } from '../../core/api-promise.js';
import { ASSISTANTS_BETA } from '../../core/beta.js';
import type { PagePromise } from '../../core/pagination.js';
import { type PollOptions, pollJob } from '../../core/polling.js';
import { request } from '../../core/request-path.js';
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
  max_prompt_tokens?: number | null;
  top_p?: number | null;
  response_format?: unknown;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high' | (string & {}) | null;
  truncation_strategy?: { type: 'auto' | 'last_messages'; last_messages?: number | null } | null;
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
}

export interface SubmitToolOutputsParams {
  /** The thread the run belongs to. */
  thread_id: string;
  tool_outputs: { tool_call_id: string; output: string }[];
}

/** The thread a run belongs to: `openai@6` puts the parent id in the params. */
export interface RunRetrieveParams {
  thread_id: string;
}

export interface RunUpdateParams {
  thread_id: string;
  metadata?: Record<string, string> | null;
}

export interface RunListParams extends ListParams {}

/** Polling options of the run helpers; `pollIntervalMs` is `openai@6`'s name for a fixed interval. */
export interface RunPollOptions extends PollOptions<Run>, RequestOptions {
  /** `openai@6`'s name for `intervalMs`: the first wait between polls, in ms. */
  pollIntervalMs?: number;
}

/** Every status a run stops in, as `openai@6`'s `poll` returns them: the caller reads `status`. */
const TERMINAL = new Set(['completed', 'requires_action', 'incomplete', 'failed', 'expired', 'cancelled']);
const NEVER = new Set<string>();

export class Runs extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;
  readonly #messages: Messages;
  readonly steps: Steps;

  constructor(client: AnyIntCore, messages: Messages) {
    super(client);
    this.#messages = messages;
    this.steps = new Steps(client);
  }

  /**
   * @example
   * const run = await anyint.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
   */
  create(threadId: string, params: RunCreateParams, options?: RequestOptions): APIPromise<Run> {
    return this.json<Run>(() => {
      const path = `/threads/${pathId('threadId', threadId)}/runs`;
      validateRun(params);
      return { method: 'POST', path, body: params, namesResource: true };
    }, options);
  }

  /**
   * @example
   * const run = await anyint.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
   */
  retrieve(runId: string, params: RunRetrieveParams, options?: RequestOptions): APIPromise<Run> {
    return this.json<Run>(
      () => ({ method: 'GET', path: runPath(params, runId), namesResource: true }),
      options,
    );
  }

  update(runId: string, params: RunUpdateParams, options?: RequestOptions): APIPromise<Run> {
    return this.json<Run>(() => {
      const { thread_id: _, ...body } = params;
      return { method: 'POST', path: runPath(params, runId), body, namesResource: true };
    }, options);
  }

  list(threadId: string, params: RunListParams = {}, options?: RequestOptions): PagePromise<Run> {
    return this.paginate<Run>(`/threads/${pathId('threadId', threadId)}/runs`, params, options);
  }

  cancel(runId: string, params: RunRetrieveParams, options?: RequestOptions): APIPromise<Run> {
    return this.json<Run>(
      () => ({ method: 'POST', path: `${runPath(params, runId)}/cancel`, namesResource: true }),
      options,
    );
  }

  /**
   * @example
   * await anyint.beta.threads.runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id, output: '42' }] });
   */
  submitToolOutputs(
    runId: string,
    params: SubmitToolOutputsParams,
    options?: RequestOptions,
  ): APIPromise<Run> {
    return this.json<Run>(() => {
      const path = `${runPath(params, runId)}/submit_tool_outputs`;
      const { thread_id: _, ...body } = validateToolOutputs(params);
      return { method: 'POST', path, body, namesResource: true };
    }, options);
  }

  /** Submits tool outputs, then polls the run until it stops again. */
  async submitToolOutputsAndPoll(
    runId: string,
    params: SubmitToolOutputsParams,
    options: RunPollOptions = {},
  ): Promise<Run> {
    const run = await this.submitToolOutputs(runId, params, requestOptionsOf(options));
    return this.poll(run.id, { thread_id: params.thread_id }, options);
  }

  /** Submits tool outputs and streams the rest of the run, like `stream`. */
  submitToolOutputsStream(
    runId: string,
    params: SubmitToolOutputsParams,
    options: RequestOptions = {},
  ): RunStream {
    const path = `${runPath(params, runId)}/submit_tool_outputs`;
    const { thread_id: threadId, ...body } = validateToolOutputs(params);
    return this.#stream(threadId, path, body, options);
  }

  /**
   * Waits until the run stops: `completed`, `requires_action` (the caller has tools to run),
   * `incomplete`, `failed`, `cancelled` or `expired`, and returns it, as `openai@6`'s `poll` does.
   */
  async poll(runId: string, params: RunRetrieveParams, options: RunPollOptions = {}): Promise<Run> {
    runPath(params, runId);
    const { intervalMs, pollIntervalMs, timeoutMs, onProgress } = options;
    const requestOptions = requestOptionsOf(options);
    return pollJob(
      (signal) => this.retrieve(runId, params, { ...requestOptions, signal }),
      { kind: 'Run', done: TERMINAL, failed: NEVER },
      {
        intervalMs: pollIntervalMs ?? intervalMs,
        timeoutMs,
        onProgress,
        signal: options.signal,
      },
    );
  }

  /**
   * @example
   * const run = await anyint.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
   */
  async createAndPoll(threadId: string, params: RunCreateParams, options: RunPollOptions = {}): Promise<Run> {
    const run = await this.create(threadId, params, requestOptionsOf(options));
    return this.poll(run.id, { thread_id: threadId }, options);
  }

  /**
   * Creates a run and streams its events as they happen.
   *
   * @example
   * const stream = anyint.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
   * stream.on('textDelta', (delta) => process.stdout.write(delta.value ?? ''));
   * const run = await stream.finalRun();
   */
  stream(threadId: string, params: RunCreateParams, options: RequestOptions = {}): RunStream {
    const path = `/threads/${pathId('threadId', threadId)}/runs`;
    validateRun(params);
    return this.#stream(threadId, path, params, options);
  }

  #stream(threadId: string, path: string, body: object, options: RequestOptions): RunStream {
    return new RunStream({
      threadId,
      open: (signal) =>
        request(
          this.client,
          {
            method: 'POST',
            path,
            body: { ...body, stream: true },
            namesResource: true,
            headers: this.headers,
            accept: 'text/event-stream',
            parse: async (response) => response,
          },
          { ...options, signal, timeout: options.timeout ?? this.client.streamIdleTimeoutMs },
        ),
      runs: this,
      messages: this.#messages,
      signal: options.signal,
      route: `POST ${path}`,
    });
  }
}

/** One run step: a message created or tool calls made. */
export interface RunStepObject {
  id: string;
  object: 'thread.run.step';
  run_id: string;
  thread_id: string;
  assistant_id: string;
  type: 'message_creation' | 'tool_calls';
  status: string;
  step_details: Record<string, unknown>;
  [extra: string]: unknown;
}

export class Steps extends APIResource {
  protected override readonly headers = ASSISTANTS_BETA;

  retrieve(
    stepId: string,
    params: { thread_id: string; run_id: string },
    options?: RequestOptions,
  ): APIPromise<RunStepObject> {
    return this.json<RunStepObject>(
      () => ({
        method: 'GET',
        path: `${runPath(params, params.run_id)}/steps/${pathId('stepId', stepId)}`,
        namesResource: true,
      }),
      options,
    );
  }

  list(
    runId: string,
    params: { thread_id: string } & ListParams,
    options?: RequestOptions,
  ): PagePromise<RunStepObject> {
    const { thread_id: _, ...query } = params;
    return this.paginate<RunStepObject>(`${runPath(params, runId)}/steps`, query, options);
  }
}

function runPath(params: { thread_id: string }, runId: string): string {
  requireObject('params', params);
  return `/threads/${pathId('thread_id', params.thread_id)}/runs/${pathId('runId', runId)}`;
}

function validateRun(params: unknown): void {
  requireObject('params', params);
  requireString('assistant_id', params.assistant_id);
  if (params.stream !== undefined) {
    throw invalid('stream', 'absent: `runs.stream(threadId, params)` streams a run', params.stream);
  }
}

function validateToolOutputs(params: SubmitToolOutputsParams): SubmitToolOutputsParams {
  requireObject('params', params);
  if (!Array.isArray(params.tool_outputs) || params.tool_outputs.length === 0) {
    throw invalid('tool_outputs', 'a non-empty array of { tool_call_id, output }', params.tool_outputs);
  }
  for (const [i, output] of params.tool_outputs.entries()) {
    requireString(`tool_outputs[${i}].tool_call_id`, output?.tool_call_id);
  }
  if ((params as { stream?: unknown }).stream !== undefined) {
    throw invalid('stream', 'absent: `runs.submitToolOutputsStream(...)` streams a run', undefined);
  }
  return params;
}

/** The request options inside a helper's options (its own polling options left out). */
function requestOptionsOf(options: RunPollOptions): RequestOptions {
  const { intervalMs: _i, pollIntervalMs: _p, timeoutMs: _t, onProgress: _o, ...rest } = options;
  return rest;
}
