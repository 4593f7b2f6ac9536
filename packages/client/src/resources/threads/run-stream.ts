import { AnyIntError, InvalidResponseError, StreamTruncatedError } from '../../core/errors.js';
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

export interface MessageDelta {
  id: string;
  object: 'thread.message.delta';
  delta: { role?: string; content?: { index: number; type: 'text'; text?: { value?: string } }[] };
}

export interface RunStep {
  id: string;
  object: 'thread.run.step';
  run_id: string;
  status: string;
  type: string;
  [extra: string]: unknown;
}

/**
 * The events of a streamed run, typed by name. Events this version does not know pass through as
 * sent, like the official SDK's: `data` is their parsed JSON, or their text when it is not JSON.
 */
export type RunStreamEvent =
  | { event: 'thread.created'; data: Thread }
  | { event: RunEventName; data: Run }
  | { event: RunStepEventName; data: RunStep }
  | { event: 'thread.run.step.delta'; data: { id: string; object: 'thread.run.step.delta'; delta: unknown } }
  | { event: MessageEventName; data: Message }
  | { event: 'thread.message.delta'; data: MessageDelta }
  | { event: 'error'; data: { message?: string; code?: string } }
  | { event: 'done'; data: '[DONE]' };

/** The text a `thread.message.delta` adds. */
export function deltaText(delta: MessageDelta): string {
  return (delta.delta.content ?? []).map((part) => part.text?.value ?? '').join('');
}

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
  open: () => Promise<HttpResponse>;
  runs: Runs;
  messages: Messages;
  signal: AbortSignal | undefined;
  route: string;
}

/**
 * A streamed run: `for await` its typed events, or await `finalRun()` / `finalMessages()`. When the
 * stream goes quiet for `streamIdleTimeoutMs` or is cut, it falls back to polling the run, so a proxy
 * that buffers or drops SSE costs latency, not the answer.
 */
export class RunStream implements AsyncIterable<RunStreamEvent> {
  readonly #init: RunStreamInit;
  readonly #messages = new Map<string, Message>();
  #run: Run | undefined;
  /** Events kept until the run is known: after that a cut stream falls back to polling instead. */
  readonly #beforeRun: RunStreamEvent[] = [];
  #events: AsyncGenerator<RunStreamEvent> | undefined;
  /** How the stream failed, so `finalRun()` after a failed iteration rejects the same way. */
  #failure: unknown;
  #finished: Promise<void> | undefined;

  constructor(init: RunStreamInit) {
    this.#init = init;
  }

  [Symbol.asyncIterator](): AsyncIterator<RunStreamEvent> {
    if (this.#events) throw new AnyIntError('A RunStream can be iterated once.');
    this.#events = this.#recorded();
    return this.#events;
  }

  /** The run as it ended (completed, requires_action, failed, …). */
  async finalRun(): Promise<Run> {
    await this.#drain();
    if (this.#failure !== undefined) throw this.#failure;
    if (!this.#run) throw this.#truncated(undefined);
    return this.#run;
  }

  /** The messages the run completed, in order of creation. */
  async finalMessages(): Promise<Message[]> {
    await this.#drain();
    if (this.#failure !== undefined) throw this.#failure;
    return [...this.#messages.values()];
  }

  #drain(): Promise<void> {
    this.#finished ??= (async () => {
      if (!this.#events) this.#events = this.#recorded();
      // Consumes whatever the caller did not read; a caller still iterating shares the same generator.
      for await (const _ of {
        [Symbol.asyncIterator]: () => this.#events as AsyncGenerator<RunStreamEvent>,
      }) {
        // Events update the run and messages as they pass.
      }
    })();
    return this.#finished;
  }

  async *#recorded(): AsyncGenerator<RunStreamEvent> {
    try {
      yield* this.#stream();
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  async *#stream(): AsyncGenerator<RunStreamEvent> {
    const { route, signal } = this.#init;
    const response = await this.#init.open();
    let sawDone = false;
    try {
      for await (const sse of parseSSE(response.body())) {
        if (sse.data === '[DONE]' || sse.event === 'done') {
          sawDone = true;
          yield { event: 'done', data: '[DONE]' };
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
        const event = { event: sse.event, data } as RunStreamEvent;
        this.#track(event);
        yield event;
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
    const { runs, threadId, signal } = this.#init;
    try {
      const [newest] = (await runs.list(threadId, { limit: 1, order: 'desc' }, { signal })).data;
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
      { events: [...this.#beforeRun], run: this.#run, messages: [...this.#messages.values()] },
      { cause },
    );
  }

  async *#pollToEnd(run: Run): AsyncGenerator<RunStreamEvent> {
    const { runs, messages, threadId, signal } = this.#init;
    try {
      this.#run = await runs.poll(threadId, run.id, { signal, intervalMs: 500 });
    } catch (error) {
      const job = (error as { job?: Run }).job;
      if (!job) throw error;
      this.#run = job;
    }
    for await (const message of messages.list(threadId, { run_id: run.id, order: 'asc' }, { signal })) {
      if (message.role === 'assistant') this.#messages.set(message.id, message);
    }
    yield { event: `thread.run.${this.#run.status}` as RunEventName, data: this.#run };
  }

  #track(event: RunStreamEvent): void {
    if (!this.#run) this.#beforeRun.push(event);
    if (event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step')) {
      this.#run = event.data as Run;
    } else if (event.event === 'thread.message.completed') {
      const message = event.data as Message;
      this.#messages.set(message.id, message);
    }
  }
}

function isConnectionError(error: AnyIntError): boolean {
  return error.name === 'APIConnectionError' || error.name === 'APITimeoutError';
}
