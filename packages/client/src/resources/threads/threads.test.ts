import { startEmulator } from '@anyint/emulator';
import { describe, expect, it } from 'vitest';
import { AnyInt, AnyIntValidationError, deltaText, messageText, type RunStreamEvent } from '../../index.js';
import { useEmulator } from '../../test-support.js';

const ctx = useEmulator({
  timeScale: 1000,
  // Runs of this model stream their first events, then hold the stream open.
  faults: [{ kind: 'stall', route: 'threads', model: 'held-stream' }],
});

async function assistantAndThread(client: AnyInt, tools: unknown[] = []) {
  const assistant = await client.assistants.create({
    model: 'gpt-4o-mini',
    name: 'Support',
    instructions: 'Answer politely.',
    tools: tools as never,
  });
  const thread = await client.threads.create({
    messages: [{ role: 'user', content: 'Where is my parcel?' }],
  });
  return { assistant, thread };
}

describe('assistants', () => {
  it('creates, retrieves, updates, lists and deletes, with the assistants beta header', async () => {
    const client = ctx.client();
    const created = await client.assistants.create({ model: 'gpt-4o-mini', name: 'A' });
    expect(created.id).toMatch(/^asst_/);
    expect((await client.assistants.retrieve(created.id)).name).toBe('A');
    expect((await client.assistants.update(created.id, { name: 'B' })).name).toBe('B');
    const ids: string[] = [];
    for await (const assistant of client.assistants.list({ limit: 1 })) ids.push(assistant.id);
    expect(ids).toContain(created.id);
    expect(await client.assistants.delete(created.id)).toMatchObject({ deleted: true });
    expect(ctx.emulator.requests.every((r) => r.headers['openai-beta'] === 'assistants=v2')).toBe(true);
  });
});

describe('threads and runs', () => {
  it('adds messages and polls a run to its reply', async () => {
    const client = ctx.client();
    const { assistant, thread } = await assistantAndThread(client);
    await client.threads.messages.create(thread.id, { role: 'user', content: 'It was order 42.' });
    const run = await client.threads.runs.createAndPoll(
      thread.id,
      { assistant_id: assistant.id },
      { intervalMs: 5 },
    );
    expect(run.status).toBe('completed');
    const page = await client.threads.messages.list(thread.id, { run_id: run.id });
    expect(page.data[0]?.role).toBe('assistant');
    expect(messageText(page.data[0] ?? { content: [] }).length).toBeGreaterThan(0);
    expect((await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status).toBe(
      'completed',
    );
  });

  it('streams typed events whose deltas add up to the final message', async () => {
    const client = ctx.client();
    const { assistant, thread } = await assistantAndThread(client);
    const stream = client.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const events: RunStreamEvent['event'][] = [];
    let text = '';
    for await (const event of stream) {
      events.push(event.event);
      if (event.event === 'thread.message.delta') text += deltaText(event.data);
    }
    expect(events[0]).toBe('thread.run.created');
    expect(events.at(-1)).toBe('thread.run.completed');
    const run = await stream.finalRun();
    expect(run.status).toBe('completed');
    const [message] = await stream.finalMessages();
    expect(messageText(message ?? { content: [] })).toBe(text);
  });

  it('stops at requires_action and completes after tool outputs are submitted', async () => {
    const client = ctx.client();
    const tool = {
      type: 'function',
      function: { name: 'get_order_status', parameters: { type: 'object', properties: {} } },
    };
    const assistant = await client.assistants.create({ model: 'gpt-4o-mini', tools: [tool as never] });
    const thread = await client.threads.create({
      messages: [{ role: 'user', content: 'Please call get_order_status for order 42.' }],
    });
    const run = await client.threads.runs.createAndPoll(
      thread.id,
      { assistant_id: assistant.id },
      { intervalMs: 5 },
    );
    expect(run.status).toBe('requires_action');
    const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
    expect(calls[0]?.function.name).toBe('get_order_status');
    await client.beta.threads.runs.submitToolOutputs(run.id, {
      thread_id: thread.id,
      tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: '{"status":"shipped"}' })),
    });
    const done = await client.beta.threads.runs.poll(run.id, { thread_id: thread.id }, { pollIntervalMs: 5 });
    expect(done.status).toBe('completed');
  });

  it.each(['stall', 'truncate'] as const)(
    'falls back to polling when the stream meets a %s',
    async (kind) => {
      const emulator = await startEmulator({
        apiKey: 'k',
        timeScale: 1000,
        faults: [{ kind, route: 'threads', model: 'flaky-stream-model' }],
      });
      try {
        const client = new AnyInt({ apiKey: 'k', baseURL: emulator.url, streamIdleTimeoutMs: 300 });
        const { assistant, thread } = await assistantAndThread(client);
        const stream = client.threads.runs.stream(thread.id, {
          assistant_id: assistant.id,
          model: 'flaky-stream-model',
        });
        const events: string[] = [];
        for await (const event of stream) events.push(event.event);
        expect(events.at(-1)).toBe('thread.run.completed');
        expect((await stream.finalRun()).status).toBe('completed');
        const messages = await stream.finalMessages();
        expect(messages).toHaveLength(1);
        expect(messageText(messages[0] ?? { content: [] }).length).toBeGreaterThan(0);
        expect(emulator.requests.some((r) => r.method === 'GET' && r.path.includes('/runs/'))).toBe(true);
      } finally {
        await emulator.close();
      }
    },
  );

  it('rejects a run without assistant_id and a message without content before sending', async () => {
    const client = ctx.client();
    expect(() => client.threads.runs.stream('thread_x', {} as never)).toThrow(AnyIntValidationError);
    const run = await client.threads.runs.create('thread_x', {} as never).catch((e: unknown) => e);
    expect((run as AnyIntValidationError).field).toBe('assistant_id');
    const message = await client.threads.messages
      .create('thread_x', { role: 'user', content: '' })
      .catch((e: unknown) => e);
    expect((message as AnyIntValidationError).field).toBe('params.content');
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});

describe('openai@6 shapes', () => {
  it('keeps assistants and threads under beta, the top-level names being the same objects', () => {
    const client = ctx.client();
    expect(client.assistants).toBe(client.beta.assistants);
    expect(client.threads).toBe(client.beta.threads);
  });

  it('gives results a non-enumerable _request_id and withResponse() the response', async () => {
    const client = ctx.client();
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o-mini' });
    expect(assistant._request_id).toMatch(/^req_/);
    expect(Object.keys(assistant)).not.toContain('_request_id');
    expect(JSON.stringify(assistant)).not.toContain('_request_id');
    const { data, response, request_id } = await client.beta.assistants.retrieve(assistant.id).withResponse();
    expect(data.id).toBe(assistant.id);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(request_id);
    expect(data._request_id).toBe(request_id);
  });

  it('retrieves, updates and deletes messages by their own id with the thread in the params', async () => {
    const client = ctx.client();
    const thread = await client.beta.threads.create();
    const created = await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'hi' });
    const got = await client.beta.threads.messages.retrieve(created.id, { thread_id: thread.id });
    expect(got.id).toBe(created.id);
    const updated = await client.beta.threads.messages.update(created.id, {
      thread_id: thread.id,
      metadata: { k: 'v' },
    });
    expect(updated.metadata).toEqual({ k: 'v' });
    const deleted = await client.beta.threads.messages.delete(created.id, { thread_id: thread.id });
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
    const path = ctx.emulator.requests.at(-1)?.path;
    expect(path).toBe(`/openai/v1/threads/${thread.id}/messages/${created.id}`);
  });

  it('pages with hasNextPage() and getNextPage()', async () => {
    const client = ctx.client();
    for (const name of ['a', 'b', 'c']) await client.beta.assistants.create({ model: 'gpt-4o-mini', name });
    const first = await client.beta.assistants.list({ limit: 2, order: 'asc' });
    expect(first.data.map((a) => a.name)).toEqual(['a', 'b']);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((a) => a.name)).toEqual(['c']);
    expect(second.hasNextPage()).toBe(false);
    await expect(second.getNextPage()).rejects.toThrow(/hasNextPage/);
    const names: (string | null)[] = [];
    for await (const assistant of first) names.push(assistant.name);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(Object.keys(first)).not.toContain('getNextPage');
  });

  it('cancels and lists steps by run id; a refused cancel carries requestID and is a static class', async () => {
    const client = ctx.client();
    const { assistant, thread } = await assistantAndThread(client);
    const run = await client.beta.threads.runs.createAndPoll(
      thread.id,
      { assistant_id: assistant.id },
      { pollIntervalMs: 5 },
    );
    const cancelled = await client.beta.threads.runs
      .cancel(run.id, { thread_id: thread.id })
      .catch((error: unknown) => error);
    // A finished run cannot be cancelled: the error carries the request id, as openai@6's does.
    expect(cancelled).toBeInstanceOf(AnyInt.BadRequestError);
    expect((cancelled as InstanceType<typeof AnyInt.BadRequestError>).requestID).toMatch(/^req_/);
    const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
    expect(steps.data[0]?.run_id).toBe(run.id);
    const step = await client.beta.threads.runs.steps.retrieve(steps.data[0]?.id ?? '', {
      thread_id: thread.id,
      run_id: run.id,
    });
    expect(step.id).toBe(steps.data[0]?.id);
  });
});

describe('run stream helpers', () => {
  it('emits openai@6 helper events whose snapshots add up to the final message', async () => {
    const client = ctx.client();
    const { assistant, thread } = await assistantAndThread(client);
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const seen: string[] = [];
    let deltas = '';
    let snapshot = '';
    let done = '';
    stream
      .on('connect', () => seen.push('connect'))
      .on('messageCreated', () => seen.push('messageCreated'))
      .on('textCreated', () => seen.push('textCreated'))
      .on('textDelta', (delta, text) => {
        deltas += delta.value ?? '';
        snapshot = text.value;
      })
      .on('textDone', (text) => {
        done = text.value;
      })
      .on('messageDone', () => seen.push('messageDone'))
      .on('runStepCreated', () => seen.push('runStepCreated'))
      .on('runStepDone', () => seen.push('runStepDone'))
      .on('end', () => seen.push('end'));
    const events: string[] = [];
    const loop = (async () => {
      for await (const event of stream) events.push(event.event);
    })();
    const run = await stream.finalRun();
    await loop;
    expect(run.status).toBe('completed');
    expect(deltas.length).toBeGreaterThan(0);
    expect(snapshot).toBe(deltas);
    expect(done).toBe(deltas);
    const [message] = await stream.finalMessages();
    expect(messageText(message ?? { content: [] })).toBe(deltas);
    expect(seen[0]).toBe('connect');
    expect(seen.at(-1)).toBe('end');
    for (const name of ['messageCreated', 'textCreated', 'messageDone', 'runStepCreated', 'runStepDone']) {
      expect(seen).toContain(name);
    }
    // A second loop after the end replays the same events.
    const again: string[] = [];
    for await (const event of stream) again.push(event.event);
    expect(again).toEqual(events);
    expect((await stream.finalRunSteps()).length).toBeGreaterThan(0);
  });

  it('streams the rest of a run after tool outputs, with tool call events', async () => {
    const client = ctx.client();
    const tool = {
      type: 'function',
      function: { name: 'get_order_status', parameters: { type: 'object', properties: {} } },
    };
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o-mini', tools: [tool as never] });
    const thread = await client.beta.threads.create({
      messages: [{ role: 'user', content: 'Please call get_order_status for order 42.' }],
    });
    const first = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const steps: string[] = [];
    first.on('runStepCreated', (step) => steps.push(step.type));
    const run = await first.finalRun();
    expect(run.status).toBe('requires_action');
    expect(steps).toEqual(['tool_calls']);
    const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
    const rest = client.beta.threads.runs.submitToolOutputsStream(run.id, {
      thread_id: thread.id,
      tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: '{"status":"shipped"}' })),
    });
    let text = '';
    rest.on('textDelta', (delta) => {
      text += delta.value ?? '';
    });
    expect((await rest.finalRun()).status).toBe('completed');
    expect(text.length).toBeGreaterThan(0);
  });

  it('accumulates tool call deltas into toolCallCreated, toolCallDelta and toolCallDone', async () => {
    // OpenAI's wire form of a streamed tool call: the step is created empty and filled by deltas.
    const run = { id: 'run_1', object: 'thread.run', thread_id: 'thread_1', status: 'queued' };
    const step = {
      id: 'step_1',
      object: 'thread.run.step',
      run_id: 'run_1',
      status: 'in_progress',
      type: 'tool_calls',
      step_details: { type: 'tool_calls', tool_calls: [] },
    };
    const delta = (tool_calls: unknown[]) => ({
      id: 'step_1',
      object: 'thread.run.step.delta',
      delta: { step_details: { type: 'tool_calls', tool_calls } },
    });
    const events: [string, unknown][] = [
      ['thread.run.created', run],
      ['thread.run.step.created', step],
      [
        'thread.run.step.delta',
        delta([{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }]),
      ],
      ['thread.run.step.delta', delta([{ index: 0, type: 'function', function: { arguments: '{"a":' } }])],
      ['thread.run.step.delta', delta([{ index: 0, type: 'function', function: { arguments: '1}' } }])],
      ['thread.run.requires_action', { ...run, status: 'requires_action' }],
    ];
    const body = `${events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('')}event: done\ndata: [DONE]\n\n`;
    const fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const client = new AnyInt({ apiKey: 'k', baseURL: 'http://gateway.invalid/v1', fetch });
    const stream = client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const seen: string[] = [];
    stream
      .on('toolCallCreated', (call) => seen.push(`created ${call.id}`))
      .on('toolCallDelta', (change, call) =>
        seen.push(`delta ${change.function?.arguments} -> ${call.function?.arguments}`),
      )
      .on('toolCallDone', (call) => seen.push(`done ${call.function?.arguments}`));
    expect((await stream.finalRun()).status).toBe('requires_action');
    expect(seen).toEqual(['created call_1', 'delta {"a": -> {"a":', 'delta 1} -> {"a":1}', 'done {"a":1}']);
    const [snapshot] = await stream.finalRunSteps();
    expect(snapshot?.step_details?.tool_calls?.[0]?.function?.arguments).toBe('{"a":1}');
  });

  it('stops the stream when a loop breaks, as openai@6 does', async () => {
    // Runs that take a while, so the loop breaks before the stream could have ended by itself.
    const slow = await startEmulator({ apiKey: 'k', timeScale: 1 });
    const client = new AnyInt({ apiKey: 'k', baseURL: slow.url });
    const { assistant, thread } = await assistantAndThread(client);
    // Held open, so the break (not the end of the stream) is what stops it.
    const stream = client.beta.threads.runs.stream(thread.id, {
      assistant_id: assistant.id,
      model: 'held-stream',
    });
    let aborted = false;
    stream.on('abort', () => {
      aborted = true;
    });
    for await (const event of stream) if (event.event === 'thread.run.created') break;
    await expect(stream.done()).rejects.toMatchObject({ name: 'APIUserAbortError' });
    expect(aborted).toBe(true);
    expect(stream.aborted).toBe(true);
    // The run goes on upstream: finalRun() fetches its end by polling, never the in_progress it last saw.
    const run = await stream.finalRun();
    expect(run.status).toBe('completed');
    expect(slow.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/runs/${run.id}`))).toBe(true);
    await slow.close();
  });

  it('finalRun() of a stream that ended while the run was in progress polls it to its end', async () => {
    const run = { id: 'run_1', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1' };
    const events = [
      ['thread.run.created', { ...run, status: 'queued' }],
      ['thread.run.in_progress', { ...run, status: 'in_progress' }],
    ];
    const body = `${events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('')}event: done\ndata: [DONE]\n\n`;
    const statuses = ['in_progress', 'requires_action'];
    const gets: string[] = [];
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'GET') {
        gets.push(String(url));
        const status = statuses.shift() ?? 'requires_action';
        return Response.json({ ...run, status });
      }
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const client = new AnyInt({
      apiKey: 'k',
      baseURL: 'http://gateway.invalid/v1',
      fetch: fetch as typeof globalThis.fetch,
    });
    const stream = client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const final = await stream.finalRun();
    expect(final.status).toBe('requires_action');
    expect(gets).toHaveLength(2);
    expect(gets[0]).toContain('/threads/thread_1/runs/run_1');
  });
});
