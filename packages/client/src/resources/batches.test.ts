import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyIntValidationError, APIUserAbortError, JobFailedError, toFile } from '../index.js';
import { cosine, useEmulator } from '../test-support.js';

const ctx = useEmulator({ timeScale: 1000, models: { 'bulk-float-only': { encodings: ['float'] } } });
const model = 'text-embedding-3-small';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-batches-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function jsonl(texts: string[]): string {
  return texts
    .map((input, i) =>
      JSON.stringify({
        custom_id: `req-${i}`,
        method: 'POST',
        url: '/v1/embeddings',
        body: { model, input, dimensions: 8 },
      }),
    )
    .join('\n');
}

async function uploadBatchFile(content: string) {
  return ctx
    .client()
    .files.create({ file: await toFile(Buffer.from(content), 'input.jsonl'), purpose: 'batch' });
}

describe('batches', () => {
  it('runs an embeddings batch to completion and reports progress', async () => {
    const client = ctx.client();
    const file = await uploadBatchFile(jsonl(['alpha', 'beta', 'gamma']));
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/embeddings',
      completion_window: '24h',
      metadata: { job: 'test' },
    });
    expect(batch.id).toMatch(/^batch_/);
    const statuses: string[] = [];
    const done = await client.batches.poll(batch.id, {
      intervalMs: 5,
      onProgress: ({ status }) => statuses.push(status),
    });
    expect(done.status).toBe('completed');
    expect(done.request_counts).toMatchObject({ total: 3, completed: 3, failed: 0 });
    expect(statuses.at(-1)).toBe('completed');
    const output = await (await client.files.content(done.output_file_id as string)).text();
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.custom_id).sort()).toEqual(['req-0', 'req-1', 'req-2']);
    expect(lines[0].response.status_code).toBe(200);
  });

  it('lists batches and cancels one', async () => {
    const client = ctx.client();
    const file = await uploadBatchFile(jsonl(Array.from({ length: 50 }, (_, i) => `text ${i}`)));
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/embeddings',
      completion_window: '24h',
    });
    const cancelled = await client.batches.cancel(batch.id);
    expect(['cancelling', 'cancelled', 'completed']).toContain(cancelled.status);
    const ids: string[] = [];
    for await (const item of client.batches.list({ limit: 1 })) ids.push(item.id);
    expect(ids).toContain(batch.id);
  });

  it('throws JobFailedError carrying the batch when its input is invalid', async () => {
    const client = ctx.client();
    const file = await uploadBatchFile('{"custom_id": "a", "method": "POST"}\nnot json');
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/embeddings',
      completion_window: '24h',
    });
    const error = await client.batches.poll(batch.id, { intervalMs: 5 }).catch((e: unknown) => e);
    expect(JobFailedError.isInstance(error)).toBe(true);
    expect((error as JobFailedError).status).toBe('failed');
    expect((error as JobFailedError<{ id: string }>).job.id).toBe(batch.id);
  });

  it('rejects a bad endpoint, and polling with an aborted signal, before sending anything', async () => {
    const client = ctx.client();
    const error = await client.batches
      .create({ input_file_id: 'file-x', endpoint: '/v1/files' as never, completion_window: '24h' })
      .catch((e: unknown) => e);
    expect((error as AnyIntValidationError).field).toBe('endpoint');
    const aborted = await client.batches
      .poll('batch_x', { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(APIUserAbortError.isInstance(aborted)).toBe(true);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});

describe('embeddings.embedBulk', () => {
  const texts = Array.from({ length: 250 }, (_, i) => `bulk document ${i} on subject ${i % 11}`);

  it('yields every input once, in order, with the vectors embedMany gives, and leaves no files behind', async () => {
    const client = ctx.client();
    const indexes: number[] = [];
    const vectors: number[][] = [];
    for await (const { index, embedding } of client.embeddings.embedBulk(
      { model, input: texts, dimensions: 16 },
      { shardSize: 100, pollIntervalMs: 5 },
    )) {
      indexes.push(index);
      vectors.push(embedding);
    }
    expect(indexes).toEqual(texts.map((_, i) => i));
    const direct = await client.embeddings.embedMany({
      model,
      input: [texts[0] as string, texts[249] as string],
      dimensions: 16,
    });
    expect(cosine(vectors[0] ?? [], direct.embeddings[0] ?? [])).toBeCloseTo(1, 5);
    expect(cosine(vectors[249] ?? [], direct.embeddings[1] ?? [])).toBeCloseTo(1, 5);
    expect(ctx.requestsTo('/batches').filter((r) => r.method === 'POST')).toHaveLength(3);
    const left = [];
    for await (const file of client.files.list()) left.push(file);
    expect(left).toEqual([]);
  });

  it('resumes from its state file after a crash without re-embedding finished shards', async () => {
    const client = ctx.client();
    const statePath = join(dir, 'bulk-state.json');
    async function* source() {
      yield* texts;
    }
    const seen: number[] = [];
    const crash = new Error('consumer crashed');
    const first = async () => {
      for await (const { index } of client.embeddings.embedBulk(
        { model, input: source(), dimensions: 16 },
        { shardSize: 100, pollIntervalMs: 5, statePath },
      )) {
        seen.push(index);
        // A yielded index counts as delivered, whatever the consumer does with it.
        if (index === 150) throw crash;
      }
    };
    await expect(first()).rejects.toBe(crash);
    expect(JSON.parse(await readFile(statePath, 'utf8')).nextIndex).toBe(151);
    const batchesBefore = ctx.requestsTo('/batches').filter((r) => r.method === 'POST').length;

    for await (const { index } of client.embeddings.embedBulk(
      { model, input: source(), dimensions: 16 },
      { shardSize: 100, pollIntervalMs: 5, statePath },
    )) {
      seen.push(index);
    }
    expect(seen).toEqual(texts.map((_, i) => i));
    expect(ctx.requestsTo('/batches').filter((r) => r.method === 'POST').length).toBe(batchesBefore);
    expect((await readdir(dir)).filter((name) => name.startsWith('bulk-state'))).toEqual([]);
  });

  it('re-sends lines an upstream refused for their encoding with the other encoding', async () => {
    const client = ctx.client();
    const input = texts.slice(0, 30);
    const indexes: number[] = [];
    for await (const { index, embedding } of client.embeddings.embedBulk(
      { model: 'bulk-float-only', input, dimensions: 8 },
      { shardSize: 10, pollIntervalMs: 5 },
    )) {
      indexes.push(index);
      expect(embedding).toHaveLength(8);
    }
    expect(indexes).toEqual(input.map((_, i) => i));
    // The first shard is sent as base64, refused, and sent once more as float; a shard submitted
    // after that was learned goes as float at once, one sent before it is refused once too.
    const creates = ctx.requestsTo('/batches').filter((r) => r.method === 'POST');
    expect(creates.length).toBeGreaterThanOrEqual(4);
    expect(creates.length).toBeLessThanOrEqual(6);
    // The direct call that follows asks for float at once: the encoding was remembered.
    ctx.emulator.reset();
    await client.embeddings.create({ model: 'bulk-float-only', input: 'x' });
    expect(
      ctx.requestsTo('/embeddings').map((r) => (r.body as { encoding_format: string }).encoding_format),
    ).toEqual(['float']);
  });

  it('refuses a state file from another job', async () => {
    const statePath = join(dir, 'other-state.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      statePath,
      JSON.stringify({ version: 1, model: 'other', shardSize: 1000, nextIndex: 0, shards: [] }),
    );
    const run = async () => {
      for await (const _ of ctx.client().embeddings.embedBulk({ model, input: texts }, { statePath })) break;
    };
    await expect(run()).rejects.toMatchObject({ name: 'AnyIntValidationError', field: 'statePath' });
  });
});
