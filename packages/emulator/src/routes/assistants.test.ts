import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { call, expectSchema } from './assistants-test-helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ models: { 'proxied-model': { personality: 'litellm' } } });
});
afterAll(() => emulator.close());

const TOOL = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('assistants', () => {
  it('creates, retrieves, updates and deletes an assistant shaped like OpenAI’s', async () => {
    const created = await call(emulator, 'POST', '/assistants', {
      model: 'gpt-4o-mini',
      name: 'Helper',
      description: 'helps',
      instructions: 'Be brief.',
      tools: [TOOL],
      metadata: { team: 'a' },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'assistant',
      name: 'Helper',
      description: 'helps',
      model: 'gpt-4o-mini',
      instructions: 'Be brief.',
      tools: [TOOL],
      metadata: { team: 'a' },
    });
    expect(created.json.id).toMatch(/^asst_/);
    expect(typeof created.json.created_at).toBe('number');
    expectSchema('AssistantObject', created.json);
    const id = created.json.id;

    expect((await call(emulator, 'GET', `/assistants/${id}`)).json).toEqual(created.json);
    const updated = await call(emulator, 'POST', `/assistants/${id}`, {
      name: 'Renamed',
      instructions: null,
    });
    expect(updated.json).toMatchObject({ id, name: 'Renamed', instructions: null, description: 'helps' });

    const deleted = await call(emulator, 'DELETE', `/assistants/${id}`);
    expect(deleted.json).toEqual({ id, object: 'assistant.deleted', deleted: true });
    expectSchema('DeleteAssistantResponse', deleted.json);
    const gone = await call(emulator, 'GET', `/assistants/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error).toEqual({
      message: `No assistant found with id '${id}'.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });

  it('pages with limit, order, after and before', async () => {
    emulator.reset();
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await call(emulator, 'POST', '/assistants', { model: 'm', name: `a${index}` })).json.id);
    }
    const first = await call(emulator, 'GET', '/assistants?limit=2');
    expect(first.json.data.map((a: { id: string }) => a.id)).toEqual([ids[4], ids[3]]);
    expect(first.json).toMatchObject({ object: 'list', first_id: ids[4], last_id: ids[3], has_more: true });
    expectSchema('ListAssistantsResponse', first.json);
    const second = await call(emulator, 'GET', `/assistants?limit=2&after=${ids[3]}`);
    expect(second.json.data.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
    const last = await call(emulator, 'GET', `/assistants?limit=2&after=${ids[1]}`);
    expect(last.json).toMatchObject({ first_id: ids[0], last_id: ids[0], has_more: false });
    const asc = await call(emulator, 'GET', `/assistants?order=asc&limit=3&after=${ids[0]}`);
    expect(asc.json.data.map((a: { id: string }) => a.id)).toEqual([ids[1], ids[2], ids[3]]);
    const before = await call(emulator, 'GET', `/assistants?order=asc&limit=2&before=${ids[4]}`);
    expect(before.json.data.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[3]]);
    expect(before.json.has_more).toBe(true);
    // A deleted object's id still works as a cursor.
    await call(emulator, 'DELETE', `/assistants/${ids[3]}`);
    const afterDeleted = await call(emulator, 'GET', `/assistants?after=${ids[3]}`);
    expect(afterDeleted.json.data.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1], ids[0]]);
    const empty = await call(emulator, 'GET', `/assistants?after=${ids[0]}`);
    expect(empty.json).toMatchObject({ data: [], first_id: null, last_id: null, has_more: false });
  });

  it('requires OpenAI-Beta: assistants=v2 like OpenAI', async () => {
    const missing = await call(emulator, 'POST', '/assistants', { model: 'm' }, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error).toEqual({
      message:
        "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_beta',
    });
    const v1 = await call(emulator, 'GET', '/assistants', undefined, { 'openai-beta': 'assistants=v1' });
    expect(v1.status).toBe(400);
    expect(v1.json.error.message).toMatch(/^The v1 Assistants API has been deprecated/);
    // A LiteLLM-style proxy adds the header itself.
    const proxied = await call(emulator, 'POST', '/assistants', { model: 'proxied-model' }, {});
    expect(proxied.status).toBe(200);
  });

  it('validates bodies and queries against OpenAI’s schema', async () => {
    const noModel = await call(emulator, 'POST', '/assistants', { name: 'x' });
    expect(noModel.status).toBe(400);
    expect(noModel.json.error).toMatchObject({ param: 'model', code: 'missing_required_parameter' });
    const unknown = await call(emulator, 'POST', '/assistants', { model: 'm', colour: 'red' });
    expect(unknown.json.error).toMatchObject({ param: 'colour', code: 'unknown_parameter' });
    const badTool = await call(emulator, 'POST', '/assistants', { model: 'm', tools: [{ type: 'magic' }] });
    expect(badTool.status).toBe(400);
    const limit = await call(emulator, 'GET', '/assistants?limit=101');
    expect(limit.json.error).toMatchObject({ param: 'limit', code: 'integer_above_max_value' });
    const order = await call(emulator, 'GET', '/assistants?order=sideways');
    expect(order.json.error).toMatchObject({ param: 'order', code: 'invalid_value' });
    const cursor = await call(emulator, 'GET', '/assistants?after=asst_nope');
    expect(cursor.status).toBe(400);
    expect((await call(emulator, 'DELETE', '/assistants/asst_nope')).status).toBe(404);
  });

  it('answers faults on these routes too', async () => {
    const faulty = await startEmulator({
      faults: [{ route: 'assistants', kind: 'status', status: 503, count: 1 }],
    });
    try {
      expect((await call(faulty, 'GET', '/assistants')).status).toBe(503);
      expect((await call(faulty, 'GET', '/assistants')).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });
});
