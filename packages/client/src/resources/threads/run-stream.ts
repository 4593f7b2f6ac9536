import {
  AnyIntError,
  type APIUserAbortError,
  InvalidResponseError,
  StreamTruncatedError,
} from '../../core/errors.js';
import { connectionError, type HttpResponse } from '../../core/http.js';
import { parseSSE } from '../../core/sse.js';
import type { Message, Messages } from './messages.js';
import type { Run, Runs } from './runs.js';
import type { Thread } from './threads.js';

export type RunEventName =
  | 'thread.run.created'
  | 'thread.run.queued'
  | 'thread.run.in_progress'
  | 'thread.run.requires_action'
  | 'thread.run.completed'
  | 'thread.run.incomplete'
  | 'thread.run.failed'
  | 'thread.run.cancelling'
  | 'thread.run.cancelled'
  | 'thread.run.expired';

export type RunStepEventName =
  | 'thread.run.step.created'
  | 'thread.run.step.in_progress'
  | 'thread.run.step.completed'
  | 'thread.run.step.failed'
  | 'thread.run.step.cancelled'
  | 'thread.run.step.expired';

export type MessageEventName =
  | 'thread.message.created'
  | 'thread.message.in_progress'
  | 'thread.message.completed'
  | 'thread.message.incomplete';

/** A text content part of a message. */
export interface Text {
  value: string;
  annotations: unknown[];
}

/** What a `thread.message.delta` adds to a text part. */
export interface TextDelta {
  value?: string;
  annotations?: unknown[];
}

export interface ImageFile {
  file_id: string;
  detail?: string;
}

export interface MessageContentDelta {
  index: number;
  type: 'text' | 'image_file' | 'image_url' | (string & {});
  text?: TextDelta;
  image_file?: Partial<ImageFile>;
  [extra: string]: unknown;
}

export interface MessageDelta {
  id: string;
  object: 'thread.message.delta';
  delta: { role?: string; content?: MessageContentDelta[] };
}

/** A tool call of a run step: `function`, `code_interpreter` or `file_search`. */
export interface ToolCall {
  id: string;
  type: 'function' | 'code_interpreter' | 'file_search' | (string & {});
  index?: number;
  function?: { name: string; arguments: string; output?: string | null };
  [extra: string]: unknown;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: ToolCall['type'];
  function?: { name?: string; arguments?: string; output?: string | null };
  [extra: string]: unknown;
}

export interface RunStep {
  id: string;
  object: 'thread.run.step';
  run_id: string;
  status: string;
  type: string;
  step_details?: { type: string; tool_calls?: ToolCall[]; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface RunStepDelta {
  step_details?: { type: string; tool_calls?: ToolCallDelta[]; [extra: string]: unknown };
  [extra: string]: unknown;
}

/**
 * The events of a streamed run, typed by name, as `openai@6`'s `AssistantStreamEvent`. Events this
 * version does not know pass through as sent: `data` is their parsed JSON, or their text when it is
 * not JSON.
 */
export type RunStreamEvent =
  | { event: 'thread.created'; data: Thread }
  | { event: RunEventName; data: Run }
  | { event: RunStepEventName; data: RunStep }
  | {
      event: 'thread.run.step.delta';
      data: { id: string; object: 'thread.run.step.delta'; delta: RunStepDelta };
    }
  | { event: MessageEventName; data: Message }
  | { event: 'thread.message.delta'; data: MessageDelta }
  | { event: 'error'; data: { message?: string; code?: string } };

/**
 * The helper events of a `RunStream`, with `openai@6`'s names and arguments: `on('textDelta',
 * (delta, snapshot) => …)` and so on. Snapshots are the object so far, deltas applied.
 */
export interface RunStreamEvents {
  connect: () => void;
  event: (event: RunStreamEvent) => void;
  messageCreated: (message: Message) => void;
  messageDelta: (delta: MessageDelta['delta'], snapshot: Message) => void;
  messageDone: (message: Message) => void;
  runStepCreated: (runStep: RunStep) => void;
  runStepDelta: (delta: RunStepDelta, snapshot: RunStep) => void;
  runStepDone: (runStep: RunStep, snapshot: RunStep) => void;
  toolCallCreated: (toolCall: ToolCall) => void;
  toolCallDelta: (delta: ToolCallDelta, snapshot: ToolCall) => void;
  toolCallDone: (toolCall: ToolCall) => void;
  textCreated: (content: Text) => void;
  textDelta: (delta: TextDelta, snapshot: Text) => void;
  textDone: (content: Text, snapshot: Message) => void;
  imageFileDone: (content: ImageFile, snapshot: Message) => void;
  error: (error: AnyIntError) => void;
  abort: (error: APIUserAbortError) => void;
  end: () => void;
}

type Listener<E extends keyof RunStreamEvents> = RunStreamEvents[E];

/** The text a `thread.message.delta` adds. */
export function deltaText(delta: MessageDelta): string {
  return (delta.delta.content ?? []).map((part) => part.text?.value ?? '').join('');
}

const RUN_EVENTS = new Set<string>([
  'thread.run.created',
  'thread.run.queued',
  'thread.run.in_progress',
  'thread.run.requires_action',
  'thread.run.completed',
  'thread.run.incomplete',
  'thread.run.failed',
  'thread.run.cancelling',
  'thread.run.cancelled',
  'thread.run.expired',
]);
const ACTIVE = new Set(['queued', 'in_progress', 'requires_action', 'cancelling']);
const SETTLED = new Set(['completed', 'requires_action', 'incomplete', 'failed', 'cancelled', 'expired']);

/** What a run stream delivered before it was cut, carried by its `StreamTruncatedError`. */
export interface RunStreamPartial {
  /** Every event received, in order (the stream was cut before the run was created, so few). */
  events: RunStreamEvent[];
  /** The run as last seen; undefined when no run event arrived. */
  run: Run | undefined;
  /** Messages completed before the cut. */
  messages: Message[];
}

export interface RunStreamInit {
  threadId: string;
  /** Sends the request; `signal` aborts it (the caller's signal or `abort()`). */
  open: (signal: AbortSignal) => Promise<HttpResponse>;
  runs: Runs;
  messages: Messages;
  signal: AbortSignal | undefined;
  route: string;
}

/**
 * A streamed run, shaped like `openai@6`'s `AssistantStream`: `for await` its typed events (any
 * number of loops, each from the first event), listen with `on('textDelta', …)` and the other helper
 * events, or await `finalRun()` / `finalMessages()`. The request starts at once. When the stream goes
 * quiet for `streamIdleTimeoutMs` or is cut, it falls back to polling the run, so a proxy that buffers
 * or drops SSE costs latency, not the answer.
 */
export class RunStream implements AsyncIterable<RunStreamEvent> {
  /** Aborts the request; `abort()` is the same. */
  readonly controller = new AbortController();
  readonly #init: RunStreamInit;
  readonly #listeners = new Map<
    keyof RunStreamEvents,
    { listener: (...args: never[]) => void; once: boolean }[]
  >();
  /** Every event, so each loop and each late listener of `finalRun()` sees the whole stream. */
  readonly #log: RunStreamEvent[] = [];
  #waiting: (() => void)[] = [];
  #ended = false;
  /** A loop left early and stopped the stream; the run itself goes on upstream. */
  #leftEarly = false;
  #failure: AnyIntError | undefined;
  /** Someone will see a failure (a loop, a listener, an awaited promise): it need not surface alone. */
  #observed = false;
  readonly #end: Promise<void>;
  #settleEnd: (error?: AnyIntError) => void = () => {};

  #run: Run | undefined;
  readonly #completed = new Map<string, Message>();
  /** Events kept until the run is known: after that a cut stream falls back to polling instead. */
  readonly #beforeRun: RunStreamEvent[] = [];

  #currentEvent: RunStreamEvent | undefined;
  readonly #messageSnapshots = new Map<string, Message>();
  #messageSnapshot: Message | undefined;
  #contentIndex: number | undefined;
  readonly #stepSnapshots = new Map<string, RunStep>();
  #stepSnapshot: RunStep | undefined;
  #toolCallIndex: number | undefined;
  #toolCall: ToolCall | undefined;

  constructor(init: RunStreamInit) {
    this.#init = init;
    this.#end = new Promise<void>((resolve, reject) => {
      this.#settleEnd = (error) => (error ? reject(error) : resolve());
    });
    this.#end.catch(() => {});
    const { signal } = init;
    if (signal?.aborted) this.controller.abort(signal.reason);
    else signal?.addEventListener('abort', () => this.controller.abort(signal.reason), { once: true });
    // As `openai@6`: the request starts on the next turn, so listeners added right away see every event.
    setTimeout(() => void this.#pump(), 0);
  }

  get ended(): boolean {
    return this.#ended;
  }

  get errored(): boolean {
    return this.#failure !== undefined && this.#failure.name !== 'APIUserAbortError';
  }

  get aborted(): boolean {
    return this.#failure?.name === 'APIUserAbortError';
  }

  abort(): void {
    this.controller.abort();
  }

  on<E extends keyof RunStreamEvents>(event: E, listener: Listener<E>): this {
    return this.#listen(event, listener, false);
  }

  once<E extends keyof RunStreamEvents>(event: E, listener: Listener<E>): this {
    return this.#listen(event, listener, true);
  }

  off<E extends keyof RunStreamEvents>(event: E, listener: Listener<E>): this {
    const listeners = this.#listeners.get(event);
    const index = listeners?.findIndex((entry) => entry.listener === listener) ?? -1;
    if (index >= 0) listeners?.splice(index, 1);
    return this;
  }

  /** The next time `event` is emitted, as a promise; rejects if the stream fails first. */
  emitted<E extends keyof RunStreamEvents>(event: E): Promise<Parameters<Listener<E>>[0]> {
    this.#observed = true;
    return new Promise((resolve, reject) => {
      if (event !== 'error') this.once('error', reject);
      this.once(event, ((...args: unknown[]) => resolve(args[0] as never)) as Listener<E>);
    });
  }

  /** Resolves when the stream has ended; rejects with its failure. */
  async done(): Promise<void> {
    this.#observed = true;
    await this.#end;
  }

  [Symbol.asyncIterator](): AsyncIterator<RunStreamEvent> {
    this.#observed = true;
    return this.#iterate();
  }

  /**
   * The run as it ended (completed, requires_action, failed, …). After a loop left early (which
   * stops the stream), or a stream that ended while the run was still going, the end is fetched by
   * polling the run: this never resolves with a run that is still queued or in progress.
   */
  async finalRun(): Promise<Run> {
    try {
      await this.done();
    } catch (error) {
      if (!(this.#leftEarly && this.#run && error instanceof Error && error.name === 'APIUserAbortError'))
        throw error;
    }
    if (!this.#run) throw this.#truncated(undefined);
    if (!SETTLED.has(this.#run.status)) {
      const { runs, threadId, signal } = this.#init;
      this.#run = await runs.poll(this.#run.id, { thread_id: threadId }, { signal, intervalMs: 500 });
    }
    return this.#run;
  }

  /** The messages the run completed, in order of creation. */
  async finalMessages(): Promise<Message[]> {
    await this.done();
    return [...this.#completed.values()];
  }

  /** Every run step, deltas applied. */
  async finalRunSteps(): Promise<RunStep[]> {
    await this.done();
    return [...this.#stepSnapshots.values()];
  }

  currentEvent(): RunStreamEvent | undefined {
    return this.#currentEvent;
  }

  currentRun(): Run | undefined {
    return this.#run;
  }

  currentMessageSnapshot(): Message | undefined {
    return this.#messageSnapshot;
  }

  currentRunStepSnapshot(): RunStep | undefined {
    return this.#stepSnapshot;
  }

  #listen<E extends keyof RunStreamEvents>(event: E, listener: Listener<E>, once: boolean): this {
    if (event === 'error' || event === 'abort') this.#observed = true;
    const listeners = this.#listeners.get(event) ?? [];
    listeners.push({ listener: listener as (...args: never[]) => void, once });
    this.#listeners.set(event, listeners);
    return this;
  }

  #emit<E extends keyof RunStreamEvents>(event: E, ...args: Parameters<Listener<E>>): void {
    const listeners = this.#listeners.get(event);
    if (!listeners?.length) return;
    this.#listeners.set(
      event,
      listeners.filter((entry) => !entry.once),
    );
    for (const { listener } of listeners) (listener as (...a: unknown[]) => void)(...args);
  }

  async *#iterate(): AsyncGenerator<RunStreamEvent> {
    let next = 0;
    try {
      for (;;) {
        const event = this.#log[next];
        if (event) {
          next++;
          yield event;
        } else if (this.#ended) {
          if (this.#failure) throw this.#failure;
          return;
        } else {
          await new Promise<void>((resolve) => this.#waiting.push(resolve));
        }
      }
    } finally {
      // A loop left early (`break`) stops the stream, as `openai@6`'s does.
      if (!this.#ended) {
        this.#leftEarly = true;
        this.abort();
      }
    }
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  async #pump(): Promise<void> {
    try {
      for await (const event of this.#source()) this.#add(event);
      this.#finish(undefined);
    } catch (error) {
      this.#finish(
        AnyIntError.isInstance(error)
          ? error
          : connectionError(error, this.#init.route, this.controller.signal),
      );
    }
  }

  #finish(failure: AnyIntError | undefined): void {
    if (this.#ended) return;
    this.#failure = failure;
    this.#ended = true;
    this.#wake();
    if (failure) {
      const aborted = failure.name === 'APIUserAbortError';
      const heard = this.#observed || Boolean(this.#listeners.get(aborted ? 'abort' : 'error')?.length);
      if (aborted) this.#emit('abort', failure as APIUserAbortError);
      else this.#emit('error', failure);
      this.#settleEnd(failure);
      // A failure nobody listens for surfaces as an unhandled rejection, as in `openai@6`.
      if (!heard && !aborted) void Promise.reject(failure);
    } else {
      this.#settleEnd();
    }
    this.#emit('end');
  }

  #add(event: RunStreamEvent): void {
    this.#currentEvent = event;
    this.#track(event);
    this.#log.push(event);
    this.#wake();
    this.#emit('event', event);
    if (RUN_EVENTS.has(event.event)) this.#onRun(event.data as Run);
    else if (event.event.startsWith('thread.run.step.')) this.#onRunStep(event);
    else if (event.event.startsWith('thread.message.')) this.#onMessage(event);
  }

  async *#source(): AsyncGenerator<RunStreamEvent> {
    const { route } = this.#init;
    const signal = this.controller.signal;
    const response = await this.#init.open(signal);
    this.#emit('connect');
    let sawDone = false;
    try {
      for await (const sse of parseSSE(response.body())) {
        // The end marker is not an event, as in `openai@6`'s stream.
        if (sse.data === '[DONE]' || sse.event === 'done') {
          sawDone = true;
          break;
        }
        let data: unknown;
        try {
          data = JSON.parse(sse.data);
        } catch (cause) {
          // A known event must be JSON; one this version does not know (a proxy's `ping`) passes as text.
          if (sse.event.startsWith('thread.') || sse.event === 'error') {
            throw new InvalidResponseError(`An event of ${route} is not valid JSON.`, route, { cause });
          }
          data = sse.data;
        }
        yield { event: sse.event, data } as RunStreamEvent;
      }
    } catch (error) {
      if (AnyIntError.isInstance(error) && !isConnectionError(error)) throw error;
      const failure = connectionError(error, route, signal);
      if (failure.name === 'APIUserAbortError') throw failure;
      // A buffering proxy can hold back even the first event: find the run to poll it.
      if (!this.#run && failure.name === 'APITimeoutError') this.#run = await this.#activeRun();
      // Without a run id there is nothing to poll: what arrived goes to the caller with the error.
      if (!this.#run) throw this.#truncated(failure);
      // Quiet or cut: the run goes on upstream, so ask for it instead.
    } finally {
      await response.discard();
    }
    if (sawDone || (this.#run && SETTLED.has(this.#run.status))) return;
    if (!this.#run) throw this.#truncated(undefined);
    yield* this.#pollToEnd(this.#run);
  }

  /**
   * The run this stream started, when a quiet stream never named it. A thread runs one run at a
   * time and the create was accepted (the stream began), so an active newest run is ours; a newest
   * run that already ended may be an older one, so it is not taken.
   */
  async #activeRun(): Promise<Run | undefined> {
    const { runs, threadId } = this.#init;
    try {
      const page = await runs.list(threadId, { limit: 1, order: 'desc' }, { signal: this.controller.signal });
      const [newest] = page.data;
      return newest && ACTIVE.has(newest.status) ? newest : undefined;
    } catch {
      return undefined;
    }
  }

  #truncated(cause: unknown): StreamTruncatedError<RunStreamPartial> {
    const { route } = this.#init;
    const how = cause ? `was cut (${(cause as Error).message})` : 'ended';
    return new StreamTruncatedError(
      `The stream of ${route} ${how} before the run was created, so it cannot be resumed by polling; \`partial\` holds the ${this.#beforeRun.length} events received.`,
      route,
      { events: [...this.#beforeRun], run: this.#run, messages: [...this.#completed.values()] },
      { cause },
    );
  }

  async *#pollToEnd(run: Run): AsyncGenerator<RunStreamEvent> {
    const { runs, messages, threadId } = this.#init;
    const signal = this.controller.signal;
    const settled = await runs.poll(run.id, { thread_id: threadId }, { signal, intervalMs: 500 });
    for await (const message of messages.list(threadId, { run_id: run.id, order: 'asc' }, { signal })) {
      // Messages the stream did not finish are told as completed, so `messageDone` listeners hear of them.
      if (message.role === 'assistant' && !this.#completed.has(message.id)) {
        yield { event: 'thread.message.completed', data: message };
      }
    }
    yield { event: `thread.run.${settled.status}` as RunEventName, data: settled };
  }

  #track(event: RunStreamEvent): void {
    if (!this.#run) this.#beforeRun.push(event);
    if (RUN_EVENTS.has(event.event)) this.#run = event.data as Run;
    else if (event.event === 'thread.message.completed') {
      const message = event.data as Message;
      this.#completed.set(message.id, message);
    }
  }

  #onRun(run: Run): void {
    if (SETTLED.has(run.status) && this.#toolCall) {
      this.#emit('toolCallDone', this.#toolCall);
      this.#toolCall = undefined;
    }
  }

  #onMessage(event: RunStreamEvent): void {
    if (event.event === 'thread.message.created') {
      const message = structuredClone(event.data as Message);
      this.#messageSnapshot = message;
      this.#messageSnapshots.set(message.id, message);
      this.#contentIndex = undefined;
      this.#emit('messageCreated', event.data as Message);
      return;
    }
    if (event.event === 'thread.message.delta') {
      const { id, delta } = event.data as MessageDelta;
      const snapshot = this.#messageSnapshots.get(id) ?? this.#messageSnapshot;
      if (!snapshot) return;
      this.#messageSnapshot = snapshot;
      const content = snapshot.content as unknown as Record<string, unknown>[];
      for (const part of delta.content ?? []) {
        const isNew = content[part.index] === undefined;
        content[part.index] = isNew ? structuredClone(part) : accumulate(content[part.index] ?? {}, part);
        if (isNew && part.type === 'text') this.#emit('textCreated', textOf(content[part.index]));
      }
      this.#emit('messageDelta', delta, snapshot);
      for (const part of delta.content ?? []) {
        if (part.type === 'text' && part.text)
          this.#emit('textDelta', part.text, textOf(content[part.index]));
        if (part.index !== this.#contentIndex) {
          this.#contentDone(snapshot, this.#contentIndex);
          this.#contentIndex = part.index;
        }
      }
      return;
    }
    if (event.event === 'thread.message.completed' || event.event === 'thread.message.incomplete') {
      const message = event.data as Message;
      this.#contentDone(message, this.#contentIndex);
      this.#contentIndex = undefined;
      this.#messageSnapshots.set(message.id, message);
      this.#emit('messageDone', message);
      this.#messageSnapshot = undefined;
    }
  }

  /** The part a message was writing is finished: its `textDone` or `imageFileDone`. */
  #contentDone(message: Message, index: number | undefined): void {
    const part =
      index === undefined ? undefined : (message.content[index] as Record<string, unknown> | undefined);
    if (part?.type === 'text') this.#emit('textDone', textOf(part), message);
    else if (part?.type === 'image_file') this.#emit('imageFileDone', part.image_file as ImageFile, message);
  }

  #onRunStep(event: RunStreamEvent): void {
    if (event.event === 'thread.run.step.delta') {
      const { id, delta } = event.data as { id: string; delta: RunStepDelta };
      const snapshot = this.#stepSnapshots.get(id);
      if (!snapshot) return;
      accumulate(snapshot as Record<string, unknown>, delta);
      this.#stepSnapshot = snapshot;
      const calls = snapshot.step_details?.tool_calls ?? [];
      for (const call of delta.step_details?.tool_calls ?? []) {
        const current = calls[call.index];
        if (call.index === this.#toolCallIndex) {
          if (current) this.#emit('toolCallDelta', call, current);
          continue;
        }
        if (this.#toolCall) this.#emit('toolCallDone', this.#toolCall);
        this.#toolCallIndex = call.index;
        this.#toolCall = current;
        if (current) this.#emit('toolCallCreated', current);
      }
      this.#emit('runStepDelta', delta, snapshot);
      return;
    }
    const step = event.data as RunStep;
    if (event.event === 'thread.run.step.created') {
      const snapshot = structuredClone(step);
      this.#stepSnapshots.set(step.id, snapshot);
      this.#stepSnapshot = snapshot;
      this.#emit('runStepCreated', step);
      return;
    }
    this.#stepSnapshots.set(step.id, step);
    if (event.event === 'thread.run.step.in_progress') return;
    this.#stepSnapshot = undefined;
    if (step.step_details?.type === 'tool_calls' && this.#toolCall) {
      this.#emit('toolCallDone', this.#toolCall);
      this.#toolCall = undefined;
    }
    this.#emit('runStepDone', step, step);
  }
}

function textOf(part: Record<string, unknown> | undefined): Text {
  return (part?.text ?? { value: '', annotations: [] }) as Text;
}

/**
 * Applies a streamed delta to a snapshot: strings and numbers add up, objects merge, arrays of
 * objects merge by their `index`, `index` and `type` are replaced.
 */
function accumulate(
  target: Record<string, unknown>,
  delta: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(delta)) {
    const current = target[key];
    if (current === undefined || current === null || key === 'index' || key === 'type') {
      target[key] = structuredClone(value);
    } else if (typeof current === 'string' && typeof value === 'string') {
      target[key] = current + value;
    } else if (typeof current === 'number' && typeof value === 'number') {
      target[key] = current + value;
    } else if (Array.isArray(current) && Array.isArray(value)) {
      for (const item of value) {
        const index = (item as { index?: unknown } | null)?.index;
        if (typeof index !== 'number') current.push(structuredClone(item));
        else if (current[index] === undefined) current[index] = structuredClone(item);
        else accumulate(current[index] as Record<string, unknown>, item as Record<string, unknown>);
      }
    } else if (typeof current === 'object' && typeof value === 'object' && value !== null) {
      accumulate(current as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function isConnectionError(error: AnyIntError): boolean {
  return error.name === 'APIConnectionError' || error.name === 'APITimeoutError';
}
