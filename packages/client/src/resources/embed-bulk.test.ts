import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorOptions } from '@anyint/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/emulator-fixture.js';
import {
  AnyInt,
  AnyIntValidationError,
  APIUserAbortError,
  BadRequestError,
  type BulkLeftover,
  type ClientOptions,
  EmbedBulkCleanupError,
  InternalServerError,
} from '../index.js';

const model = 'text-embedding-3-small';
const texts = Array.from({ length: 60 }, (_, i) => `bulk text ${i} about topic ${i % 7}`);
const FINAL = new Set(['completed', 'cancelled', 'failed', 'expired']);
let dir: string;
const emulators: TestEmulator[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-bulk-test-'));
});
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.emulator.close()));
  await rm(dir, { recursive: true, force: true });
});

/** A fresh emulator (faults count from its first request) and a client on it. */
async function setup(options: EmulatorOptions = {}, clientOptions: ClientOptions = {}) {
  const fixture = await startTestEmulator({ timeScale: 1000, ...options });
  emulators.push(fixture);
  const client = new AnyInt({ apiKey: fixture.apiKey, baseURL: fixture.emulator.url, ...clientOptions });
  // Reads the server's state with a client of its own, which the faults above do not reach
  // (faults only hit the routes and methods named), after the run under test ended.
  const clean = new AnyInt({ apiKey: fixture.apiKey, baseURL: fixture.emulator.url, maxRetries: 5 });
  const files = async () => {
    const ids: string[] = [];
    for await (const file of clean.files.list()) ids.push(file.id);
    return ids;
  };
  const batches = async () => {
    const all: { id: string; status: string }[] = [];
    for await (const batch of clean.batches.list()) all.push({ id: batch.id, status: batch.status });
    return all;
  };
  const posts = (suffix: string) =>
    fixture.emulator.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith(suffix) && r.status === 200,
    );
  return { fixture, client, clean, files, batches, posts };
}

const fast = { shardSize: 20, pollIntervalMs: 2, maxPollIntervalMs: 10 } as const;

describe('embedBulk leaves nothing behind', () => {
  it('success: every input, output and error file is deleted and no batch is left running', async () => {
    const { client, files, batches, posts } = await setup();
    const seen: number[] = [];
    for await (const { index } of client.embeddings.embedBulk({ model, input: texts, dimensions: 8 }, fast))
      seen.push(index);
    expect(seen).toEqual(texts.map((_, i) => i));
    expect(posts('/batches')).toHaveLength(3);
    expect(await files()).toEqual([]);
    expect((await batches()).every((b) => b.status === 'completed')).toBe(true);
  });

  it('a DELETE that fails once is tried again: nothing is left and nothing reported', async () => {
    const { client, files } = await setup(
      { faults: [{ route: 'files', method: 'DELETE', kind: 'status', status: 500, count: 2 }] },
      { maxRetries: 0 },
    );
    const leftovers: BulkLeftover[] = [];
    for await (const _ of client.embeddings.embedBulk(
      { model, input: texts, dimensions: 8 },
      { ...fast, onLeftover: (l) => leftovers.push(l) },
    ));
    expect(leftovers).toEqual([]);
    expect(await files()).toEqual([]);
  });

  it('a DELETE that keeps failing is reported by id, never swallowed', async () => {
    const { client, files } = await setup(
      { faults: [{ route: 'files', method: 'DELETE', kind: 'status', status: 503, count: 1000 }] },
      { maxRetries: 0 },
    );
    const leftovers: BulkLeftover[] = [];
    const seen: number[] = [];
    for await (const { index } of client.embeddings.embedBulk(
      { model, input: texts, dimensions: 8 },
      { ...fast, onLeftover: (l) => leftovers.push(l) },
    ))
      seen.push(index);
    expect(seen).toHaveLength(texts.length);
    // Each shard's input and output file.
    expect(leftovers.map((l) => l.kind)).toEqual(Array(6).fill('file'));
    expect(leftovers.every((l) => InternalServerError.isInstance(l.error))).toBe(true);
    expect(leftovers.map((l) => l.id).sort()).toEqual((await files()).sort());

    // Without a handler the run ends with an error naming them, after every result was delivered.
    const again = await setup(
      { faults: [{ route: 'files', method: 'DELETE', kind: 'status', status: 503, count: 1000 }] },
      { maxRetries: 0 },
    );
    const delivered: number[] = [];
    const run = async () => {
      for await (const { index } of again.client.embeddings.embedBulk(
        { model, input: texts, dimensions: 8 },
        fast,
      ))
        delivered.push(index);
    };
    const error = await run().catch((e: unknown) => e);
    expect(EmbedBulkCleanupError.isInstance(error)).toBe(true);
    expect(delivered).toHaveLength(texts.length);
    expect((error as EmbedBulkCleanupError).leftovers.map((l) => l.id).sort()).toEqual(
      (await again.files()).sort(),
    );
  });

  it('POST /batches failing after the upload: the input file is deleted', async () => {
    const { client, files, batches } = await setup({
      faults: [{ route: 'batches', method: 'POST', kind: 'status', status: 400, count: 1 }],
    });
    const run = async () => {
      for await (const _ of client.embeddings.embedBulk({ model, input: texts, dimensions: 8 }, fast));
    };
    await expect(run()).rejects.toSatisfy((e) => BadRequestError.isInstance(e));
    expect(await files()).toEqual([]);
    expect(await batches()).toEqual([]);
  });

  it('a batch created whose answer was cut is found again and used: no shard runs twice', async () => {
    const { client, files, posts } = await setup({
      faults: [{ route: 'batches', method: 'POST', kind: 'truncate', count: 1 }],
    });
    const seen: number[] = [];
    for await (const { index } of client.embeddings.embedBulk({ model, input: texts, dimensions: 8 }, fast))
      seen.push(index);
    expect(seen).toEqual(texts.map((_, i) => i));
    // The cut answer is not resent (a create), and the batch it made is the shard's.
    expect(posts('/batches')).toHaveLength(3);
    expect(await files()).toEqual([]);
  });

  it('a result file cut on the way is read again, never taken as failed lines to re-submit', async () => {
    const { client, files, posts } = await setup({
      faults: [
        { route: 'files', path: '/content', kind: 'malformed', count: 1 },
        { route: 'files', path: '/content', kind: 'truncate', count: 1 },
      ],
    });
    const seen: number[] = [];
    for await (const { index } of client.embeddings.embedBulk({ model, input: texts, dimensions: 8 }, fast))
      seen.push(index);
    expect(seen).toEqual(texts.map((_, i) => i));
    expect(posts('/batches')).toHaveLength(3);
    expect(await files()).toEqual([]);
  });

  it('a damaged read of the input for a re-submission re-sends each text at its own index', async () => {
    // The model refuses base64, so every line is re-sent and the texts are read back from the input
    // file; the first download of that file (after the error file) comes back cut short.
    const { client, fixture } = await setup({
      models: { 'float-only': { encodings: ['float'] } },
      faults: [
        { route: 'files', path: '/content', kind: 'delay', delayMs: 0, count: 1 },
        { route: 'files', path: '/content', kind: 'malformed', count: 1 },
      ],
    });
    const input = texts.slice(0, 10);
    const got: number[][] = [];
    for await (const { embedding } of client.embeddings.embedBulk(
      { model: 'float-only', input, dimensions: 8 },
      { ...fast, shardSize: 10 },
    ))
      got.push(embedding);
    const cut = fixture.emulator.requests.findIndex((r) => r.fault === 'malformed');
    expect(cut).toBeGreaterThan(-1);
    const direct = await client.embeddings.create({ model: 'float-only', input, dimensions: 8 });
    for (const [i, vector] of got.entries()) expect(vector).toEqual(direct.data[i]?.embedding);
  });

  it('break without statePath: running batches are cancelled and every file deleted', async () => {
    const { client, files, batches, posts } = await setup();
    for await (const { index } of client.embeddings.embedBulk(
      { model, input: texts, dimensions: 8 },
      { ...fast, maxShardsInFlight: 3 },
    ))
      if (index === 0) break;
    expect(await files()).toEqual([]);
    // However many shards were sent when the loop broke, none runs on, and none is sent after.
    const all = await batches();
    expect(all.length).toBeGreaterThanOrEqual(1);
    expect(all.every((b) => FINAL.has(b.status))).toBe(true);
    expect(posts('/batches')).toHaveLength(all.length);
  });

  it('abort by signal without statePath: the same, and the error is APIUserAbortError', async () => {
    const { client, files, batches } = await setup();
    const controller = new AbortController();
    const run = async () => {
      for await (const { index } of client.embeddings.embedBulk(
        { model, input: texts, dimensions: 8 },
        { ...fast, maxShardsInFlight: 3, signal: controller.signal },
      ))
        if (index === 0) controller.abort();
    };
    await expect(run()).rejects.toSatisfy((e) => APIUserAbortError.isInstance(e));
    expect(await files()).toEqual([]);
    expect((await batches()).every((b) => FINAL.has(b.status))).toBe(true);
  });

  it('a failed run without statePath cancels its batches; what it cannot reach is reported', async () => {
    // Every batch retrieve fails: polling fails, and so does waiting for the cancelled batches.
    const { client, fixture, clean } = await setup(
      {
        // Slow batches, so each one sent is still running when the run fails.
        timeScale: 1,
        faults: [{ route: 'batches', method: 'GET', kind: 'status', status: 500, count: 1000 }],
      },
      { maxRetries: 0 },
    );
    const leftovers: BulkLeftover[] = [];
    const run = async () => {
      for await (const _ of client.embeddings.embedBulk(
        { model, input: texts, dimensions: 8 },
        { ...fast, maxShardsInFlight: 2, onLeftover: (l) => leftovers.push(l) },
      ));
    };
    await expect(run()).rejects.toSatisfy((e) => InternalServerError.isInstance(e));
    const cancelled = fixture.emulator.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/cancel') && r.status === 200)
      .map((r) => r.path.split('/').at(-2));
    const created = fixture.emulator.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/batches') && r.status === 200,
    );
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    expect(cancelled).toHaveLength(created.length);
    expect(leftovers.map((l) => `${l.kind} ${l.id}`).sort()).toEqual(
      cancelled.map((id) => `batch ${id}`).sort(),
    );
    // The input files are gone; what remains can only be output of the batches reported.
    const remaining = [];
    for await (const file of clean.files.list()) remaining.push(file.filename);
    expect(remaining.every((name) => cancelled.some((id) => name.startsWith(`${id}_`)))).toBe(true);
  });
});

describe('embedBulk resumes exactly once', () => {
  it('a clean break with statePath keeps the work; the rerun delivers each index once and cleans up', async () => {
    const { client, files, posts } = await setup();
    const statePath = join(dir, 'break-state.json');
    const seen: number[] = [];
    for await (const { index } of client.embeddings.embedBulk(
      { model, input: texts, dimensions: 8 },
      { ...fast, statePath },
    )) {
      seen.push(index);
      if (index === 25) break;
    }
    expect(JSON.parse(await readFile(statePath, 'utf8')).nextIndex).toBe(26);
    expect((await files()).length).toBeGreaterThan(0);
    for await (const { index } of client.embeddings.embedBulk(
      { model, input: texts, dimensions: 8 },
      { ...fast, statePath },
    ))
      seen.push(index);
    expect(seen).toEqual(texts.map((_, i) => i));
    expect(posts('/batches')).toHaveLength(3);
    expect(await files()).toEqual([]);
    await expect(stat(statePath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('embedBulk streams shard by shard', () => {
  it('the first result comes before later shards are submitted, and shards in flight stay bounded', async () => {
    const { client, posts } = await setup();
    const input = Array.from({ length: 100 }, (_, i) => `stream ${i}`);
    const inFlightAtYield: number[] = [];
    let delivered = 0;
    for await (const { index } of client.embeddings.embedBulk(
      { model, input, dimensions: 8 },
      { ...fast, maxShardsInFlight: 2 },
    )) {
      if (index % 20 === 0) inFlightAtYield.push(posts('/batches').length - delivered);
      if (index % 20 === 19) delivered++;
    }
    // At the first result at most two of the five shards were submitted, and never more than two ran.
    expect(inFlightAtYield).toHaveLength(5);
    expect(inFlightAtYield.every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(posts('/batches')).toHaveLength(5);
  });
});

describe('embedBulk state files', () => {
  const run = async (client: AnyInt, statePath: string, input = texts) => {
    for await (const _ of client.embeddings.embedBulk(
      { model, input, dimensions: 8 },
      { ...fast, statePath },
    ))
      break;
  };

  it('a corrupt state file is an AnyIntValidationError naming the file, before any request', async () => {
    const { client, fixture } = await setup();
    const statePath = join(dir, 'corrupt.json');
    await writeFile(statePath, '{"version": 1, "model": "text-emb');
    const error = await run(client, statePath).catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe('statePath');
    expect((error as Error).message).toContain(statePath);
    expect((error as Error).message).toContain('not valid JSON');

    await writeFile(
      statePath,
      JSON.stringify({ version: 1, model, dimensions: 8, shardSize: 20, nextIndex: -3, shards: [] }),
    );
    const shape = await run(client, statePath).catch((e: unknown) => e);
    expect((shape as Error).message).toContain('"nextIndex"');
    expect(fixture.emulator.requests).toEqual([]);
  });

  it('a state file of another input names the shard that differs', async () => {
    const { client } = await setup();
    const statePath = join(dir, 'mismatch.json');
    await run(client, statePath);
    const changed = texts.map((text, i) => (i === 5 ? `${text} (edited)` : text));
    const error = await run(client, statePath, changed).catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/mismatch\.json" records a different input at shard 0/);
  });

  it('a state file that cannot be saved is an error, and the work it would have kept is removed', async () => {
    const { client, files, batches } = await setup();
    const statePath = join(dir, 'no-such-folder', 'state.json');
    const error = await run(client, statePath).catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('could not be saved');
    expect(await files()).toEqual([]);
    expect((await batches()).every((b) => FINAL.has(b.status))).toBe(true);
  });
});
