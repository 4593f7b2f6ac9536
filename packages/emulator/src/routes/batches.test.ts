import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from '../index.js';
import { startEmulator } from '../index.js';
import { OPENAPI_DOCUMENT_ID, openapiDocument } from '../openapi/schemas.generated.js';

const KEY = 'sk-batches';
const auth = { authorization: `Bearer ${KEY}` };
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
type Json = any;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(openapiDocument);
/** OpenAI sends unset batch fields as null, which its schema leaves out: judge the rest. */
function expectSchema(name: string, value: Json): void {
  const validate = ajv.getSchema(`${OPENAPI_DOCUMENT_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  const withoutNulls = JSON.parse(JSON.stringify(value, (_, field) => (field === null ? undefined : field)));
  expect(validate(withoutNulls) ? [] : validate.errors).toEqual([]);
}

const started: Emulator[] = [];
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ apiKey: KEY, timeScale: 1000, ...options });
  started.push(emulator);
  return emulator;
}
afterAll(() => Promise.all(started.map((emulator) => emulator.close())));

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ models: { 'no-embeddings': { disabledRoutes: ['embeddings'] } } });
});
beforeEach(() => emulator.reset());

async function call(target: Emulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

async function uploadJsonl(target: Emulator, lines: unknown[], purpose = 'batch'): Promise<string> {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([`${text}\n`]), 'input.jsonl');
  const response = await fetch(`${target.url}/files`, { method: 'POST', headers: auth, body: form });
  const json = (await response.json()) as Json;
  if (response.status !== 200) throw new Error(JSON.stringify(json));
  return json.id;
}

async function readJsonl(target: Emulator, fileId: string): Promise<Json[]> {
  const response = await fetch(`${target.url}/files/${fileId}/content`, { headers: auth });
  expect(response.status).toBe(200);
  return (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function createBatch(target: Emulator, lines: unknown[], extra: Record<string, unknown> = {}) {
  const input_file_id = await uploadJsonl(target, lines);
  return call(target, 'POST', '/batches', {
    input_file_id,
    endpoint: '/v1/embeddings',
    completion_window: '24h',
    ...extra,
  });
}

/** Polls until the batch ends; returns it with every status seen on the way. */
async function settle(
  target: Emulator,
  id: string,
  eachPoll: () => void = () => {},
): Promise<{ batch: Json; seen: string[] }> {
  const seen: string[] = [];
  // Until the batch ends, however long the machine takes: a stalled line takes 5 s to fail, and
  // vitest's test limit is what catches a batch that never ends.
  for (;;) {
    const { json } = await call(target, 'GET', `/batches/${id}`);
    if (seen.at(-1) !== json.status) seen.push(json.status);
    if (TERMINAL.has(json.status)) return { batch: json, seen };
    eachPoll();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const embeddingLine = (
  index: number,
  input: unknown = `document number ${index}`,
  model = 'text-embedding-3-small',
) => ({
  custom_id: `doc-${index}`,
  method: 'POST',
  url: '/v1/embeddings',
  body: { model, input, dimensions: 8 },
});

describe('batches', () => {
  it('runs an embeddings batch to completed with one output line per custom_id', async () => {
    const lines = Array.from({ length: 12 }, (_, index) => embeddingLine(index));
    const created = await createBatch(emulator, lines, { metadata: { job: 'nightly' } });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'batch',
      endpoint: '/v1/embeddings',
      status: 'validating',
      completion_window: '24h',
      output_file_id: null,
      error_file_id: null,
      errors: null,
      metadata: { job: 'nightly' },
      request_counts: { total: 0, completed: 0, failed: 0 },
    });
    expect(created.json.id).toMatch(/^batch_[A-Za-z0-9]{24}$/);
    expect(created.json.expires_at - created.json.created_at).toBe(86_400);
    expectSchema('Batch', created.json);

    const { batch, seen } = await settle(emulator, created.json.id);
    expect(seen.at(-1)).toBe('completed');
    expect(batch).toMatchObject({
      status: 'completed',
      model: 'text-embedding-3-small',
      request_counts: { total: 12, completed: 12, failed: 0 },
      error_file_id: null,
      errors: null,
    });
    for (const field of ['in_progress_at', 'finalizing_at', 'completed_at']) {
      expect(batch[field]).toBeGreaterThanOrEqual(batch.created_at);
    }
    expect(batch.usage.input_tokens).toBeGreaterThan(0);
    expectSchema('Batch', batch);

    const outputFile = (await call(emulator, 'GET', `/files/${batch.output_file_id}`)).json;
    expect(outputFile).toMatchObject({ purpose: 'batch_output', filename: `${batch.id}_output.jsonl` });
    const output = await readJsonl(emulator, batch.output_file_id);
    expect(output.map((line) => line.custom_id).sort()).toEqual(lines.map((line) => line.custom_id).sort());
    for (const line of output) {
      expect(line).toMatchObject({ error: null, response: { status_code: 200 } });
      expect(line.id).toMatch(/^batch_req_/);
      expect(line.response.request_id).toMatch(/^req_/);
      const sent = lines.find((candidate) => candidate.custom_id === line.custom_id)!;
      const direct = await call(emulator, 'POST', '/embeddings', sent.body);
      expect(line.response.body.data).toEqual(direct.json.data);
    }
    // The lines ran in-process: the log holds only what the client sent.
    expect(
      emulator.requests.some((request) => request.path.endsWith('/embeddings') && request.method === 'POST'),
    ).toBe(true);
    expect(emulator.requests.filter((request) => request.path.endsWith('/embeddings'))).toHaveLength(12);
  });

  it('fails a batch whose JSONL is invalid, naming each bad line', async () => {
    const created = await createBatch(emulator, [
      embeddingLine(0),
      '{"custom_id": "broken",',
      { method: 'POST', url: '/v1/embeddings', body: {} },
      { ...embeddingLine(3), url: '/v1/moderations' },
      { ...embeddingLine(4), method: 'GET' },
      embeddingLine(0),
    ]);
    const { batch } = await settle(emulator, created.json.id);
    expect(batch).toMatchObject({ status: 'failed', output_file_id: null, in_progress_at: null });
    expect(batch.failed_at).toBeGreaterThanOrEqual(batch.created_at);
    expect(batch.errors.object).toBe('list');
    expect(batch.errors.data.map((error: Json) => [error.line, error.code, error.param])).toEqual([
      [2, 'invalid_json_line', null],
      [3, 'missing_required_parameter', 'custom_id'],
      [4, 'invalid_url', 'url'],
      [5, 'invalid_method', 'method'],
      [6, 'duplicate_custom_id', 'custom_id'],
    ]);
    expectSchema('Batch', batch);
  });

  it('puts lines the routes reject into the error file with their status and error body', async () => {
    const created = await createBatch(emulator, [
      embeddingLine(0),
      embeddingLine(1, ''),
      embeddingLine(2, 'fine', 'no-embeddings'),
      embeddingLine(3),
    ]);
    const { batch } = await settle(emulator, created.json.id);
    expect(batch).toMatchObject({
      status: 'completed',
      request_counts: { total: 4, completed: 2, failed: 2 },
    });
    expect((await call(emulator, 'GET', `/files/${batch.error_file_id}`)).json.filename).toBe(
      `${batch.id}_error.jsonl`,
    );
    const errors = await readJsonl(emulator, batch.error_file_id);
    const byId = Object.fromEntries(errors.map((line) => [line.custom_id, line]));
    expect(Object.keys(byId).sort()).toEqual(['doc-1', 'doc-2']);
    expect(byId['doc-1']).toMatchObject({
      error: null,
      response: { status_code: 400, body: { error: { param: 'input' } } },
    });
    expect(byId['doc-2'].response).toMatchObject({
      status_code: 404,
      body: { error: { code: 'unsupported_route' } },
    });
    expect((await readJsonl(emulator, batch.output_file_id)).map((line) => line.custom_id).sort()).toEqual([
      'doc-0',
      'doc-3',
    ]);
  });

  it('lets faults on the embeddings route fail some lines', async () => {
    const faulty = await start({
      faults: [
        { route: 'embeddings', kind: 'status', status: 429, count: 3 },
        { route: 'embeddings', kind: 'reset', count: 1 },
        { route: 'embeddings', kind: 'malformed', count: 1 },
        { route: 'embeddings', kind: 'truncate', count: 1 },
        { route: 'embeddings', kind: 'stall', count: 1 },
      ],
    });
    const lines = Array.from({ length: 10 }, (_, index) => embeddingLine(index));
    const created = await createBatch(faulty, lines);
    const { batch } = await settle(faulty, created.json.id);
    expect(batch).toMatchObject({
      status: 'completed',
      request_counts: { total: 10, completed: 3, failed: 7 },
    });
    const errors = await readJsonl(faulty, batch.error_file_id);
    const rateLimited = errors.filter((line) => line.response?.status_code === 429);
    expect(rateLimited).toHaveLength(3);
    expect(rateLimited[0].response.body.error.code).toBe('rate_limit_exceeded');
    expect(
      errors
        .filter((line) => line.response === null)
        .map((line) => line.error.code)
        .sort(),
    ).toEqual(['invalid_response', 'server_error', 'server_error', 'timeout']);
    const output = await readJsonl(faulty, batch.output_file_id);
    expect([...errors, ...output].map((line) => line.custom_id).sort()).toEqual(
      lines.map((line) => line.custom_id).sort(),
    );
  });

  it('times a stalled line out also when garbage is collected while it waits', async () => {
    // A deadline held only by `AbortSignal.any` can be collected on Node 20 and never fire.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const stalled = await start({ faults: [{ route: 'embeddings', kind: 'stall', count: 1 }] });
    const created = await createBatch(stalled, [embeddingLine(0), embeddingLine(1)]);
    const { batch } = await settle(stalled, created.json.id, gc);
    expect(batch).toMatchObject({
      status: 'completed',
      request_counts: { total: 2, completed: 1, failed: 1 },
    });
    const [failed] = await readJsonl(stalled, batch.error_file_id);
    expect(failed.error.code).toBe('timeout');
  });

  it('cancels a running batch, keeping the partial output', async () => {
    const slow = await start({ timeScale: 1 });
    const lines = Array.from({ length: 40 }, (_, index) => embeddingLine(index));
    const created = await createBatch(slow, lines);
    let running: Json;
    for (;;) {
      running = (await call(slow, 'GET', `/batches/${created.json.id}`)).json;
      if (running.request_counts.completed >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(running.status).toBe('in_progress');
    const cancelling = await call(slow, 'POST', `/batches/${created.json.id}/cancel`);
    expect(cancelling.status).toBe(200);
    expect(cancelling.json.status).toBe('cancelling');
    expect(cancelling.json.cancelling_at).toBeGreaterThanOrEqual(created.json.created_at);
    const { batch } = await settle(slow, created.json.id);
    expect(batch.status).toBe('cancelled');
    expect(batch.cancelled_at).toBeGreaterThanOrEqual(batch.cancelling_at);
    expect(batch.completed_at).toBeNull();
    const done = batch.request_counts.completed;
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(40);
    expect(await readJsonl(slow, batch.output_file_id)).toHaveLength(done);
    expect((await call(slow, 'POST', `/batches/${batch.id}/cancel`)).json.status).toBe('cancelled');

    const quick = await createBatch(emulator, [embeddingLine(0)]);
    await settle(emulator, quick.json.id);
    const late = await call(emulator, 'POST', `/batches/${quick.json.id}/cancel`);
    expect(late.status).toBe(400);
    expect(late.json.error.message).toContain("'completed'");
  });

  it.each([
    ['a missing input_file_id', { endpoint: '/v1/embeddings', completion_window: '24h' }, 'input_file_id'],
    ['an endpoint outside the spec', { endpoint: '/v1/nothing', completion_window: '24h' }, 'endpoint'],
    [
      'a completion window other than 24h',
      { endpoint: '/v1/embeddings', completion_window: '1h' },
      'completion_window',
    ],
    [
      'metadata that is not a string map',
      { endpoint: '/v1/embeddings', completion_window: '24h', metadata: { a: 1 } },
      'metadata',
    ],
  ])('rejects %s', async (_, body, param) => {
    const input_file_id = await uploadJsonl(emulator, [embeddingLine(0)]);
    const full = param === 'input_file_id' ? body : { input_file_id, ...body };
    const { status, json } = await call(emulator, 'POST', '/batches', full);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
  });

  it('rejects an input file that is unknown or not for batches', async () => {
    const body = { endpoint: '/v1/embeddings', completion_window: '24h' };
    const unknown = await call(emulator, 'POST', '/batches', { ...body, input_file_id: 'file-nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.param).toBe('input_file_id');
    const other = await uploadJsonl(emulator, [embeddingLine(0)], 'user_data');
    const wrong = await call(emulator, 'POST', '/batches', { ...body, input_file_id: other });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toContain("purpose 'batch'");
  });

  it('answers 404 for unknown batches', async () => {
    for (const [method, path] of [
      ['GET', '/batches/batch_nope'],
      ['POST', '/batches/batch_nope/cancel'],
    ] as const) {
      const { status, json } = await call(emulator, method, path);
      expect(status).toBe(404);
      expect(json.error).toMatchObject({
        type: 'invalid_request_error',
        message: expect.stringContaining('batch_nope'),
      });
    }
  });

  it('lists batches newest first, page by page, and forgets them on reset', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createBatch(emulator, [embeddingLine(i)])).json.id);
    const first = (await call(emulator, 'GET', '/batches?limit=2')).json;
    expect(first).toMatchObject({ object: 'list', has_more: true, first_id: ids[2], last_id: ids[1] });
    expectSchema('ListBatchesResponse', first);
    const second = (await call(emulator, 'GET', `/batches?limit=2&after=${first.last_id}`)).json;
    expect(second).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids[0] });
    expect((await call(emulator, 'GET', '/batches?limit=101')).status).toBe(400);
    await Promise.all(ids.map((id) => settle(emulator, id)));
    emulator.reset();
    expect((await call(emulator, 'GET', '/batches')).json.data).toEqual([]);
    expect((await call(emulator, 'GET', '/files')).json.data).toEqual([]);
  });
});
