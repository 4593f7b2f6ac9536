import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { call, expectSchema } from './assistants-test-helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('threads', () => {
  it('creates a thread with initial messages, retrieves, updates and deletes it', async () => {
    const created = await call(emulator, 'POST', '/threads', {
      messages: [
        { role: 'user', content: 'Hello there' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }], metadata: { n: '2' } },
      ],
      metadata: { topic: 'greeting' },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ object: 'thread', metadata: { topic: 'greeting' } });
    expect(created.json.id).toMatch(/^thread_/);
    expectSchema('ThreadObject', created.json);
    const id = created.json.id;

    const messages = await call(emulator, 'GET', `/threads/${id}/messages?order=asc`);
    expect(messages.json.data.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.json.data[0].content).toEqual([
      { type: 'text', text: { value: 'Hello there', annotations: [] } },
    ]);
    expect(messages.json.data[1]).toMatchObject({ thread_id: id, metadata: { n: '2' }, run_id: null });
    expectSchema('ListMessagesResponse', messages.json);

    expect((await call(emulator, 'GET', `/threads/${id}`)).json).toEqual(created.json);
    const updated = await call(emulator, 'POST', `/threads/${id}`, { metadata: { topic: 'changed' } });
    expect(updated.json.metadata).toEqual({ topic: 'changed' });

    const deleted = await call(emulator, 'DELETE', `/threads/${id}`);
    expect(deleted.json).toEqual({ id, object: 'thread.deleted', deleted: true });
    const gone = await call(emulator, 'GET', `/threads/${id}/messages`);
    expect(gone.status).toBe(404);
    expect(gone.json.error.message).toBe(`No thread found with id '${id}'.`);
  });

  it('adds, lists (newest first by default), pages and retrieves messages', async () => {
    const thread = (await call(emulator, 'POST', '/threads', {})).json;
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      const message = await call(emulator, 'POST', `/threads/${thread.id}/messages`, {
        role: 'user',
        content: text,
      });
      expect(message.status).toBe(200);
      expect(message.json).toMatchObject({
        object: 'thread.message',
        thread_id: thread.id,
        role: 'user',
        status: 'completed',
        assistant_id: null,
        run_id: null,
        content: [{ type: 'text', text: { value: text, annotations: [] } }],
      });
      expect(message.json.id).toMatch(/^msg_/);
      expectSchema('MessageObject', message.json);
      ids.push(message.json.id);
    }
    const desc = await call(emulator, 'GET', `/threads/${thread.id}/messages?limit=2`);
    expect(desc.json.data.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    expect(desc.json.has_more).toBe(true);
    const next = await call(emulator, 'GET', `/threads/${thread.id}/messages?limit=2&after=${ids[1]}`);
    expect(next.json.data.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect(next.json.has_more).toBe(false);
    const one = await call(emulator, 'GET', `/threads/${thread.id}/messages/${ids[1]}`);
    expect(one.json.content[0].text.value).toBe('two');
    const filtered = await call(emulator, 'GET', `/threads/${thread.id}/messages?run_id=run_none`);
    expect(filtered.json.data).toEqual([]);
    const missing = await call(emulator, 'GET', `/threads/${thread.id}/messages/msg_nope`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("No message found with id 'msg_nope'.");
  });

  it('rejects bad messages with OpenAI-shaped 400s', async () => {
    const thread = (await call(emulator, 'POST', '/threads', {})).json;
    const role = await call(emulator, 'POST', `/threads/${thread.id}/messages`, {
      role: 'system',
      content: 'x',
    });
    expect(role.status).toBe(400);
    expect(role.json.error).toMatchObject({ param: 'role', code: 'invalid_value' });
    const content = await call(emulator, 'POST', `/threads/${thread.id}/messages`, { role: 'user' });
    expect(content.json.error).toMatchObject({ param: 'content', code: 'missing_required_parameter' });
    const initial = await call(emulator, 'POST', '/threads', { messages: [{ role: 'user', content: 5 }] });
    expect(initial.status).toBe(400);
    const noBeta = await call(emulator, 'GET', `/threads/${thread.id}`, undefined, {});
    expect(noBeta.json.error.code).toBe('invalid_beta');
  });
});
