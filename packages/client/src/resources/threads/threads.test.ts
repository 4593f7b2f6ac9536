import { startEmulator } from '@anyint/emulator';
import { describe, expect, it } from 'vitest';
import { AnyInt, AnyIntValidationError, deltaText, messageText, type RunStreamEvent } from '../../index.js';
import { useEmulator } from '../../test-support.js';

const ctx = useEmulator({ timeScale: 1000 });

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
    expect((await client.threads.runs.retrieve(thread.id, run.id)).status).toBe('completed');
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
    expect(events).toContain('thread.run.completed');
    expect(events.at(-1)).toBe('done');
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
    await client.threads.runs.submitToolOutputs(thread.id, run.id, {
      tool_outputs: calls.map((call) => ({ tool_call_id: call.id, output: '{"status":"shipped"}' })),
    });
    const done = await client.threads.runs.poll(thread.id, run.id, { intervalMs: 5 });
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
