import { setTimeout as sleep } from 'node:timers/promises';
import { Collection } from './cursor-page.js';
import type { StreamedBody } from './route-context.js';
import { SSE_DONE, sseEvent } from './sse.js';

// Wire objects are plain JSON records, shaped like OpenAI's (checked against its schemas in tests).
export type Json = Record<string, unknown>;

/** Milliseconds per run step at `timeScale: 1`: queued -> in_progress -> completed takes two steps. */
export const RUN_STEP_MS = 200;
/** Text deltas a streamed reply is cut into (fewer for short replies). */
const DELTA_CHUNKS = 5;
/** OpenAI lets a run wait ten minutes for tool outputs. */
const RUN_EXPIRY_SECONDS = 600;

export interface FunctionCall {
  id: string;
  name: string;
  arguments: string;
}

interface Transition {
  /** `performance.now()` time the transition is due. */
  at: number;
  /** Events `apply` emits, so a stream knows its length in advance. */
  events: number;
  apply: () => void;
}

export interface RunRecord {
  id: string;
  run: Json;
  /** Pending transitions, earliest first; empty once the run waits (requires_action) or is over. */
  plan: Transition[];
  /** Every SSE event of this run so far, already framed; snapshots at the time they happened. */
  log: string[];
  /** The message the run is writing, while it writes it. */
  message: Json | undefined;
  /** The tool_calls step waiting for outputs. */
  toolStep: Json | undefined;
  toolCalls: FunctionCall[];
}

export const ACTIVE_RUN_STATUSES = new Set(['queued', 'in_progress', 'requires_action', 'cancelling']);

const seconds = () => Math.floor(Date.now() / 1000);

/** Assistants, threads, messages, runs and run steps of one emulator; `clear()` on `reset()`. */
export class AssistantsStore {
  readonly assistants = new Collection<Json & { id: string }>();
  readonly threads = new Collection<Json & { id: string }>();
  readonly messages = new Collection<Json & { id: string }>();
  readonly runs = new Collection<RunRecord>();
  readonly steps = new Collection<Json & { id: string }>();
  private readonly nextId: (prefix: string) => string;
  private readonly timeScale: () => number;
  private generation = 0;

  constructor(nextId: (prefix: string) => string, timeScale: () => number) {
    this.nextId = nextId;
    this.timeScale = timeScale;
  }

  clear(): void {
    this.assistants.clear();
    this.threads.clear();
    this.messages.clear();
    this.runs.clear();
    this.steps.clear();
    // Streams of runs from before the reset stop following them.
    this.generation++;
  }

  get stepMs(): number {
    return RUN_STEP_MS / Math.max(1e-6, this.timeScale());
  }

  newId(prefix: string): string {
    return this.nextId(prefix);
  }

  /** Applies every due transition of every run on the thread (all runs when no thread is named). */
  tick(threadId?: string): void {
    const now = performance.now();
    for (const record of this.runs.values()) {
      if (threadId !== undefined && record.run.thread_id !== threadId) continue;
      advance(record, now);
    }
  }

  activeRun(threadId: string): RunRecord | undefined {
    this.tick(threadId);
    return this.runs
      .values()
      .find(
        (record) => record.run.thread_id === threadId && ACTIVE_RUN_STATUSES.has(String(record.run.status)),
      );
  }

  deleteThread(threadId: string): void {
    this.threads.delete(threadId);
    for (const message of this.messages.values()) {
      if (message.thread_id === threadId) this.messages.delete(message.id);
    }
    for (const record of this.runs.values()) {
      if (record.run.thread_id === threadId) {
        record.plan.length = 0;
        this.runs.delete(record.id);
      }
    }
  }

  addMessage(threadId: string, role: string, content: Json[], extra: Json = {}): Json & { id: string } {
    const message = {
      id: this.nextId('msg'),
      object: 'thread.message',
      created_at: seconds(),
      assistant_id: null,
      thread_id: threadId,
      run_id: null,
      role,
      content,
      attachments: [],
      metadata: {},
      status: 'completed',
      incomplete_details: null,
      completed_at: null,
      incomplete_at: null,
      ...extra,
    };
    return this.messages.add(message);
  }

  /**
   * Creates a run and plans its life: queued now, in_progress one step later, then either a reply
   * written in deltas (completed after two steps) or `requires_action` with the function calls.
   */
  createRun(run: Json, userText: string, calls: FunctionCall[]): RunRecord {
    const record: RunRecord = {
      id: String(run.id),
      run,
      plan: [],
      log: [],
      message: undefined,
      toolStep: undefined,
      toolCalls: calls,
    };
    this.runs.add(record);
    const emit = (event: string, data: unknown) => record.log.push(sseEvent(event, data));
    emit('thread.run.created', run);
    emit('thread.run.queued', run);
    const start = performance.now();
    if (calls.length > 0) this.planToolCalls(record, start);
    else this.planReply(record, start, replyText(userText, String(run.instructions ?? ''), []));
    return record;
  }

  /** Records the outputs of a run waiting in `requires_action` and plans the reply that uses them. */
  submitToolOutputs(
    record: RunRecord,
    outputs: { tool_call_id: string; output: string }[],
    userText: string,
  ) {
    const { run } = record;
    const step = record.toolStep;
    const now = seconds();
    if (step) {
      const details = step.step_details as { tool_calls: { id: string; function: Json }[] };
      for (const call of details.tool_calls) {
        call.function.output = outputs.find((output) => output.tool_call_id === call.id)?.output ?? '';
      }
      Object.assign(step, { status: 'completed', completed_at: now, usage: usageFor('', '') });
      record.log.push(sseEvent('thread.run.step.completed', step));
    }
    Object.assign(run, { status: 'queued', required_action: null });
    record.log.push(sseEvent('thread.run.queued', run));
    record.toolStep = undefined;
    const named = outputs.map((output) => ({
      name: record.toolCalls.find((call) => call.id === output.tool_call_id)?.name ?? 'tool',
      output: output.output,
    }));
    this.planReply(record, performance.now(), replyText(userText, String(run.instructions ?? ''), named));
  }

  /** `cancelling` now, `cancelled` one step later; what was being written ends `incomplete`. */
  cancelRun(record: RunRecord): void {
    const { run } = record;
    record.plan.length = 0;
    run.status = 'cancelling';
    record.log.push(sseEvent('thread.run.cancelling', run));
    record.plan.push({
      at: performance.now() + this.stepMs,
      events: 1,
      apply: () => {
        const now = seconds();
        const message = record.message;
        if (message && message.status === 'in_progress') {
          Object.assign(message, {
            status: 'incomplete',
            incomplete_at: now,
            incomplete_details: { reason: 'run_cancelled' },
          });
        }
        for (const step of this.steps.values()) {
          if (step.run_id === run.id && step.status === 'in_progress') {
            Object.assign(step, { status: 'cancelled', cancelled_at: now });
          }
        }
        Object.assign(run, {
          status: 'cancelled',
          cancelled_at: now,
          expires_at: null,
          required_action: null,
        });
        record.log.push(sseEvent('thread.run.cancelled', run));
      },
    });
  }

  /**
   * The run's events from `from` on, paced by its plan, ending with `event: done`. The run goes on
   * in the store whatever happens to the stream.
   */
  follow(record: RunRecord, from: number): StreamedBody {
    const generation = this.generation;
    const pending = record.plan.reduce((sum, transition) => sum + transition.events, 0);
    const expectedChunks = record.log.length - from + pending + 1;
    const chunks = async function* (this: AssistantsStore): AsyncGenerator<string> {
      let index = from;
      for (;;) {
        advance(record, performance.now());
        while (index < record.log.length) yield record.log[index++]!;
        const next = record.plan[0];
        if (!next || generation !== this.generation) break;
        await sleep(Math.max(0, next.at - performance.now()));
      }
      yield SSE_DONE;
    }.call(this);
    return { chunks, expectedChunks };
  }

  private makeStep(run: Json, type: 'message_creation' | 'tool_calls', details: Json): Json & { id: string } {
    return this.steps.add({
      id: this.nextId('step'),
      object: 'thread.run.step',
      created_at: seconds(),
      assistant_id: run.assistant_id,
      thread_id: run.thread_id,
      run_id: run.id,
      type,
      status: 'in_progress',
      step_details: details,
      last_error: null,
      expired_at: null,
      cancelled_at: null,
      failed_at: null,
      completed_at: null,
      metadata: null,
      usage: null,
    });
  }

  private startRun(record: RunRecord): void {
    const { run } = record;
    run.status = 'in_progress';
    run.started_at ??= seconds();
    record.log.push(sseEvent('thread.run.in_progress', run));
  }

  private planToolCalls(record: RunRecord, start: number): void {
    const { run } = record;
    const step = this.stepMs;
    record.plan.push(
      {
        at: start + step,
        events: 3,
        apply: () => {
          this.startRun(record);
          const toolStep = this.makeStep(run, 'tool_calls', {
            type: 'tool_calls',
            tool_calls: record.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments, output: null },
            })),
          });
          record.toolStep = toolStep;
          record.log.push(sseEvent('thread.run.step.created', toolStep));
          record.log.push(sseEvent('thread.run.step.in_progress', toolStep));
        },
      },
      {
        at: start + 2 * step,
        events: 1,
        apply: () => {
          Object.assign(run, {
            status: 'requires_action',
            required_action: {
              type: 'submit_tool_outputs',
              submit_tool_outputs: {
                tool_calls: record.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments },
                })),
              },
            },
          });
          record.log.push(sseEvent('thread.run.requires_action', run));
        },
      },
    );
  }

  private planReply(record: RunRecord, start: number, text: string): void {
    const { run } = record;
    const step = this.stepMs;
    const pieces = splitText(text, DELTA_CHUNKS);
    let message: Json | undefined;
    let messageStep: Json | undefined;
    record.plan.push({
      at: start + step,
      events: 5,
      apply: () => {
        this.startRun(record);
        message = this.addMessage(String(run.thread_id), 'assistant', [], {
          assistant_id: run.assistant_id,
          run_id: run.id,
          status: 'in_progress',
        });
        record.message = message;
        messageStep = this.makeStep(run, 'message_creation', {
          type: 'message_creation',
          message_creation: { message_id: message.id },
        });
        record.log.push(sseEvent('thread.run.step.created', messageStep));
        record.log.push(sseEvent('thread.run.step.in_progress', messageStep));
        record.log.push(sseEvent('thread.message.created', message));
        record.log.push(sseEvent('thread.message.in_progress', message));
      },
    });
    pieces.forEach((piece, index) => {
      record.plan.push({
        at: start + step + ((index + 1) * step) / (pieces.length + 1),
        events: 1,
        apply: () => {
          if (!message) return;
          const content = message.content as { type: string; text: { value: string; annotations: [] } }[];
          if (content.length === 0) content.push({ type: 'text', text: { value: '', annotations: [] } });
          content[0]!.text.value += piece;
          record.log.push(
            sseEvent('thread.message.delta', {
              id: message.id,
              object: 'thread.message.delta',
              delta: {
                content: [
                  {
                    index: 0,
                    type: 'text',
                    text: index === 0 ? { value: piece, annotations: [] } : { value: piece },
                  },
                ],
              },
            }),
          );
        },
      });
    });
    record.plan.push({
      at: start + 2 * step,
      events: 3,
      apply: () => {
        const now = seconds();
        const usage = usageFor(String(run.instructions ?? ''), text);
        if (message) {
          const content = message.content as { text: { value: string } }[];
          if (content[0]) content[0].text.value = text;
          Object.assign(message, { status: 'completed', completed_at: now });
          record.log.push(sseEvent('thread.message.completed', message));
        }
        if (messageStep) {
          Object.assign(messageStep, { status: 'completed', completed_at: now, usage });
          record.log.push(sseEvent('thread.run.step.completed', messageStep));
        }
        record.message = undefined;
        Object.assign(run, { status: 'completed', completed_at: now, expires_at: null, usage });
        record.log.push(sseEvent('thread.run.completed', run));
      },
    });
  }
}

function advance(record: RunRecord, now: number): void {
  while (record.plan.length > 0 && record.plan[0]!.at <= now) record.plan.shift()!.apply();
}

/** Rough OpenAI-like token counts: four characters a token. */
function usageFor(prompt: string, completion: string): Json {
  const promptTokens = Math.max(1, Math.ceil(prompt.length / 4));
  const completionTokens = Math.ceil(completion.length / 4);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** Cuts text at spaces into at most `count` pieces that concatenate back to it. */
export function splitText(text: string, count: number): string[] {
  const words = text.match(/\S+\s*/g) ?? [text];
  const size = Math.ceil(words.length / count);
  const pieces: string[] = [];
  for (let index = 0; index < words.length; index += size) {
    pieces.push(words.slice(index, index + size).join(''));
  }
  const leading = /^\s*/.exec(text)?.[0] ?? '';
  if (leading && pieces[0] !== undefined) pieces[0] = leading + pieces[0];
  return pieces.length > 0 ? pieces : [''];
}

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * The emulator's deterministic assistant: it repeats the last user message, quotes the start of
 * its instructions and reports tool outputs it was given.
 */
export function replyText(
  userText: string,
  instructions: string,
  outputs: { name: string; output: string }[],
) {
  const parts: string[] = [];
  for (const { name, output } of outputs) parts.push(`The ${name} tool returned ${clip(output, 200)}.`);
  parts.push(userText.trim() ? `You said: "${clip(userText, 500)}".` : 'You said nothing.');
  if (instructions.trim()) parts.push(`My instructions begin: "${clip(instructions, 80)}".`);
  return parts.join(' ');
}

export function expiresAt(): number {
  return seconds() + RUN_EXPIRY_SECONDS;
}
