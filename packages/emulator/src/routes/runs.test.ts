import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import type { SseEvent } from './assistants-test-helpers.js';
import { BETA, call, expectSchema, parseSse, readStream, sleep } from './assistants-test-helpers.js';

// Two run steps of 200 ms / 20 = 10 ms each.
const TIME_SCALE = 20;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: TIME_SCALE });
});
afterAll(() => emulator.close());

const WEATHER = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    },
  },
};

async function setup(target: Emulator, text: string, tools: unknown[] = []) {
  const assistant = (
    await call(target, 'POST', '/assistants', { model: 'gpt-4o-mini', instructions: 'Answer kindly.', tools })
  ).json;
  const thread = (await call(target, 'POST', '/threads', { messages: [{ role: 'user', content: text }] }))
    .json;
  return { assistant, thread };
}

async function pollRun(target: Emulator, threadId: string, runId: string, until: string[]) {
  const seen: string[] = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    const run = (await call(target, 'GET', `/threads/${threadId}/runs/${runId}`)).json;
    if (seen[seen.length - 1] !== run.status) seen.push(run.status);
    if (until.includes(run.status)) return { run, seen };
    await sleep(3);
  }
  throw new Error(`run stayed ${seen.join(' -> ')}`);
}

async function stream(target: Emulator, path: string, body: unknown, stopAfterMs?: number) {
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BETA },
    body: JSON.stringify(body),
  });
  const read = await readStream(response, stopAfterMs);
  return { response, ...read, ...parseSse(read.text) };
}

const names = (events: SseEvent[]) => events.map((event) => event.event);

describe('runs', () => {
  it('moves queued -> in_progress -> completed and writes a deterministic reply', async () => {
    // 200 ms steps, so every status is seen by polling even on a busy machine.
    const paced = await startEmulator({ timeScale: 1 });
    const { assistant, thread } = await setup(paced, 'What is the capital of France?');
    const created = await call(paced, 'POST', `/threads/${thread.id}/runs`, { assistant_id: assistant.id });
    const { run, seen } = await pollRun(paced, thread.id, created.json.id, ['completed']);
    expect([...new Set([created.json.status, ...seen])]).toEqual(['queued', 'in_progress', 'completed']);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'thread.run',
      status: 'queued',
      thread_id: thread.id,
      assistant_id: assistant.id,
      model: 'gpt-4o-mini',
      instructions: 'Answer kindly.',
      usage: null,
    });
    expect(created.json.id).toMatch(/^run_/);
    expectSchema('RunObject', created.json);
    expect(run.completed_at).toBeGreaterThan(0);
    expect(run.usage.total_tokens).toBeGreaterThan(0);
    expectSchema('RunObject', run);

    const messages = await call(paced, 'GET', `/threads/${thread.id}/messages`);
    const reply = messages.json.data[0];
    expect(reply).toMatchObject({
      role: 'assistant',
      run_id: run.id,
      assistant_id: assistant.id,
      status: 'completed',
    });
    expect(reply.content[0].text.value).toBe(
      'You said: "What is the capital of France?". My instructions begin: "Answer kindly.".',
    );
    const byRun = await call(paced, 'GET', `/threads/${thread.id}/messages?run_id=${run.id}`);
    expect(byRun.json.data.map((m: { id: string }) => m.id)).toEqual([reply.id]);
    const steps = await call(paced, 'GET', `/threads/${thread.id}/runs/${run.id}/steps`);
    expect(steps.json.data[0]).toMatchObject({ type: 'message_creation', status: 'completed' });
    expectSchema('ListRunStepsResponse', steps.json);
    const list = await call(paced, 'GET', `/threads/${thread.id}/runs`);
    expect(list.json.data.map((r: { id: string }) => r.id)).toEqual([run.id]);
    expectSchema('ListRunsResponse', list.json);
    await paced.close();
  });

  it('streams OpenAI’s events in order, ending with [DONE]', async () => {
    const { assistant, thread } = await setup(
      emulator,
      'Tell me a story about a brave little toaster please',
    );
    const result = await stream(emulator, `/threads/${thread.id}/runs`, {
      assistant_id: assistant.id,
      stream: true,
    });
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(result.ended).toBe('done');
    expect(result.rest).toBe('');
    const order = names(result.events);
    const deltas = order.filter((name) => name === 'thread.message.delta').length;
    expect(deltas).toBeGreaterThan(2);
    expect(order).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      ...Array(deltas).fill('thread.message.delta'),
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
      'done',
    ]);
    expect(result.events.at(-1)!.data).toBe('[DONE]');
    const data = result.events
      .slice(0, -1)
      .map((event) => ({ event: event.event, data: JSON.parse(event.data) }));
    for (const event of data) {
      const family = event.event.startsWith('thread.run.step.')
        ? 'RunStepStreamEvent'
        : event.event.startsWith('thread.run.')
          ? 'RunStreamEvent'
          : 'MessageStreamEvent';
      expectSchema(family, event);
    }
    const text = data
      .filter((event) => event.event === 'thread.message.delta')
      .map((event) => event.data.delta.content[0].text.value)
      .join('');
    const completed = data.find((event) => event.event === 'thread.message.completed')!.data;
    expect(text).toBe(completed.content[0].text.value);
    expect(text).toContain('brave little toaster');
    expect(data.at(-1)!.data.status).toBe('completed');
  });

  it('asks for tool outputs and completes with them (polling)', async () => {
    const { assistant, thread } = await setup(emulator, 'Please call get_weather for Paris in 3 days', [
      WEATHER,
    ]);
    const created = await call(emulator, 'POST', `/threads/${thread.id}/runs`, {
      assistant_id: assistant.id,
    });
    const { run } = await pollRun(emulator, thread.id, created.json.id, ['requires_action', 'completed']);
    expect(run.status).toBe('requires_action');
    expectSchema('RunObject', run);
    const [toolCall] = run.required_action.submit_tool_outputs.tool_calls;
    expect(toolCall.id).toMatch(/^call_/);
    expect(toolCall.function.name).toBe('get_weather');
    expect(JSON.parse(toolCall.function.arguments)).toEqual({ city: 'for Paris in 3 days', days: 3 });

    const busy = await call(emulator, 'POST', `/threads/${thread.id}/messages`, {
      role: 'user',
      content: 'x',
    });
    expect(busy.status).toBe(400);
    const wrong = await call(emulator, 'POST', `/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: 'call_wrong', output: 'x' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toBe(
      `Expected tool outputs for call_ids ['${toolCall.id}'], got ['call_wrong']`,
    );

    const submitted = await call(
      emulator,
      'POST',
      `/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`,
      {
        tool_outputs: [{ tool_call_id: toolCall.id, output: '{"temperature":21}' }],
      },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.json.status).toBe('queued');
    const done = await pollRun(emulator, thread.id, run.id, ['completed']);
    expect(done.run.required_action).toBeNull();
    const reply = (await call(emulator, 'GET', `/threads/${thread.id}/messages?limit=1`)).json.data[0];
    expect(reply.content[0].text.value).toMatch(
      /^The get_weather tool returned \{"temperature":21\}\. You said:/,
    );
    const again = await call(emulator, 'POST', `/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: toolCall.id, output: 'x' }],
    });
    expect(again.json.error.message).toBe('Runs in status "completed" do not accept tool outputs.');
    const steps = (await call(emulator, 'GET', `/threads/${thread.id}/runs/${run.id}/steps?order=asc`)).json
      .data;
    expect(steps.map((s: { type: string }) => s.type)).toEqual(['tool_calls', 'message_creation']);
    expect(steps[0].step_details.tool_calls[0].function.output).toBe('{"temperature":21}');
  });

  it('streams requires_action, then submit_tool_outputs with stream: true', async () => {
    const { assistant, thread } = await setup(emulator, 'get_weather Oslo');
    const first = await stream(emulator, `/threads/${thread.id}/runs`, {
      assistant_id: assistant.id,
      tools: [WEATHER],
      stream: true,
    });
    expect(names(first.events)).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.run.requires_action',
      'done',
    ]);
    const run = JSON.parse(first.events[5]!.data);
    const [toolCall] = run.required_action.submit_tool_outputs.tool_calls;
    expect(JSON.parse(toolCall.function.arguments).city).toBe('Oslo');
    const second = await stream(emulator, `/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`, {
      tool_outputs: [{ tool_call_id: toolCall.id, output: 'sunny' }],
      stream: true,
    });
    const order = names(second.events);
    expect(order.slice(0, 5)).toEqual([
      'thread.run.step.completed',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
    ]);
    expect(order.slice(-2)).toEqual(['thread.run.completed', 'done']);
  });

  it('cancels a run and refuses what OpenAI refuses', async () => {
    const slow = await startEmulator({ timeScale: 1 });
    try {
      const { assistant, thread } = await setup(slow, 'hello');
      const created = await call(slow, 'POST', `/threads/${thread.id}/runs`, { assistant_id: assistant.id });
      const second = await call(slow, 'POST', `/threads/${thread.id}/runs`, { assistant_id: assistant.id });
      expect(second.json.error.message).toBe(
        `Thread ${thread.id} already has an active run ${created.json.id}.`,
      );
      const cancelling = await call(slow, 'POST', `/threads/${thread.id}/runs/${created.json.id}/cancel`);
      expect(cancelling.json.status).toBe('cancelling');
      const { run } = await pollRun(slow, thread.id, created.json.id, ['cancelled']);
      expect(run.cancelled_at).toBeGreaterThan(0);
      const again = await call(slow, 'POST', `/threads/${thread.id}/runs/${created.json.id}/cancel`);
      expect(again.json.error.message).toBe("Cannot cancel run with status 'cancelled'.");
    } finally {
      await slow.close();
    }
  });

  it('validates runs: assistant_id required and known, threads and runs found', async () => {
    const thread = (await call(emulator, 'POST', '/threads', {})).json;
    const missing = await call(emulator, 'POST', `/threads/${thread.id}/runs`, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ param: 'assistant_id', code: 'missing_required_parameter' });
    const unknown = await call(emulator, 'POST', `/threads/${thread.id}/runs`, { assistant_id: 'asst_nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe("No assistant found with id 'asst_nope'.");
    expect((await call(emulator, 'GET', `/threads/${thread.id}/runs/run_nope`)).status).toBe(404);
    expect((await call(emulator, 'GET', '/threads/thread_nope/runs')).status).toBe(404);
  });
});

describe('faults on streamed runs', () => {
  // Faults pick requests by model: the run's `model` override names the faulty one.
  const target = () =>
    startEmulator({
      timeScale: TIME_SCALE,
      faults: [
        { model: 'stall-model', kind: 'stall' },
        { model: 'cut-model', kind: 'truncate' },
        { model: 'bad-json-model', kind: 'malformed' },
        { model: 'buffer-model', kind: 'buffer' },
        { model: 'cut-early-model', kind: 'truncate', afterChunks: 0 },
      ],
    });

  it('stall: headers and the first events, then silence, while the run completes for polling', async () => {
    const faulty = await target();
    try {
      const { assistant, thread } = await setup(faulty, 'hello');
      const path = `/threads/${thread.id}/runs`;
      const result = await stream(
        faulty,
        path,
        { assistant_id: assistant.id, model: 'stall-model', stream: true },
        300,
      );
      expect(result.response.status).toBe(200);
      expect(result.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(result.ended).toBe('silent');
      expect(names(result.events)).toEqual(['thread.run.created', 'thread.run.queued']);
      const run = JSON.parse(result.events[0]!.data);
      const polled = await pollRun(faulty, thread.id, run.id, ['completed']);
      expect(polled.run.model).toBe('stall-model');
      expect(faulty.requests[2]).toMatchObject({ fault: 'stall', status: 200 });
    } finally {
      await faulty.close();
    }
  });

  it('truncate: the stream is cut mid-event, the run still completes', async () => {
    const faulty = await target();
    try {
      const { assistant, thread } = await setup(faulty, 'hello there, how are you today?');
      const path = `/threads/${thread.id}/runs`;
      const result = await stream(faulty, path, {
        assistant_id: assistant.id,
        model: 'cut-model',
        stream: true,
      });
      expect(result.ended).not.toBe('silent');
      const order = names(result.events);
      expect(order.length).toBeGreaterThan(3);
      expect(order).not.toContain('done');
      expect(order).not.toContain('thread.run.completed');
      expect(result.rest.length).toBeGreaterThan(0);
      const run = JSON.parse(result.events[0]!.data);
      await pollRun(faulty, thread.id, run.id, ['completed']);
    } finally {
      await faulty.close();
    }
  });

  it('malformed: one event carries cut JSON, the stream still ends with [DONE]', async () => {
    const faulty = await target();
    try {
      const { assistant, thread } = await setup(faulty, 'hello');
      const path = `/threads/${thread.id}/runs`;
      const result = await stream(faulty, path, {
        assistant_id: assistant.id,
        model: 'bad-json-model',
        stream: true,
      });
      expect(result.ended).toBe('done');
      const broken = result.events.filter((event) => {
        try {
          JSON.parse(event.data);
          return false;
        } catch {
          return event.data !== '[DONE]';
        }
      });
      expect(broken).toHaveLength(1);
      expect(names(result.events).at(-1)).toBe('done');
    } finally {
      await faulty.close();
    }
  });

  it('buffer: nothing arrives until the run has ended, then every event at once', async () => {
    const faulty = await target();
    try {
      const { assistant, thread } = await setup(faulty, 'hello');
      const response = await fetch(`${faulty.url}/threads/${thread.id}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...BETA },
        body: JSON.stringify({ assistant_id: assistant.id, model: 'buffer-model', stream: true }),
      });
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      const run = JSON.parse(parseSse(first).events[0]!.data);
      // When the first byte comes, the run is already over upstream.
      expect((await call(faulty, 'GET', `/threads/${thread.id}/runs/${run.id}`)).json.status).toBe(
        'completed',
      );
      let text = first;
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        text += new TextDecoder().decode(next.value);
      }
      expect(names(parseSse(text).events)).toContain('thread.run.completed');
      expect(names(parseSse(text).events).at(-1)).toBe('done');
    } finally {
      await faulty.close();
    }
  });

  it('truncate with afterChunks 0: cut inside the first event, so no run id reaches the client', async () => {
    const faulty = await target();
    try {
      const { assistant, thread } = await setup(faulty, 'hello');
      const result = await stream(faulty, `/threads/${thread.id}/runs`, {
        assistant_id: assistant.id,
        model: 'cut-early-model',
        stream: true,
      });
      expect(result.events).toEqual([]);
      expect(result.rest.length).toBeGreaterThan(0);
      const runs = (await call(faulty, 'GET', `/threads/${thread.id}/runs`)).json;
      expect(runs.data).toHaveLength(1);
    } finally {
      await faulty.close();
    }
  });
});
