import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyInt, RequestOptions } from '../client.js';
import type { BinaryResponse } from '../core/binary-response.js';
import { AnyIntValidationError, APIUserAbortError, JobFailedError, makeAPIError } from '../core/errors.js';
import { isObject } from '../core/parse.js';
import { fileFromPath } from '../core/uploads.js';
import { upstreamQuirks } from '../core/upstream-quirks.js';
import { invalid, optionalPositiveInteger } from '../core/validate.js';
import type { Batch } from './batches.js';
import { decodeEmbeddings, type Vector, type VectorOutput } from './embedding-vectors.js';

export interface EmbedBulkParams {
  model: string;
  /** Strings, from an array or an async iterable (read once, shard by shard). */
  input: Iterable<string> | AsyncIterable<string>;
  dimensions?: number;
  user?: string;
}

export interface EmbedBulkOptions<O extends VectorOutput = 'number'> extends RequestOptions {
  /** Inputs per batch job (one JSONL file). Default 10 000 (the Batch API allows 50 000 lines). */
  shardSize?: number;
  /** A JSON file recording submitted shards, so a rerun with the same input resumes instead of re-embedding. */
  statePath?: string;
  /** First wait between batch polls, in ms. Default 5000. */
  pollIntervalMs?: number;
  /** Re-submissions of lines that failed inside a batch. Default 2. */
  maxLineRetries?: number;
  output?: O;
  /** `total` is undefined while an async iterable input is still being read. */
  onProgress?: (progress: { completed: number; total: number | undefined; submitted: number }) => void;
}

export interface BulkEmbedding<O extends VectorOutput = 'number'> {
  index: number;
  embedding: Vector<O>;
}

interface ShardState {
  start: number;
  count: number;
  digest: string;
  inputFileId: string;
  batchId: string;
  /** What the shard's lines asked for; absent in state files of earlier versions (base64). */
  encoding?: 'float' | 'base64';
}

interface BulkState {
  version: 1;
  model: string;
  dimensions: number | undefined;
  shardSize: number;
  /** Every index below this was handed to the caller. */
  nextIndex: number;
  shards: ShardState[];
}

const ENDPOINT = '/v1/embeddings';

/**
 * Embeds a corpus through the Batch API: JSONL shards are uploaded and run as batch jobs, results
 * stream back in input order, failed lines are re-submitted, and `statePath` lets a crashed run resume
 * without embedding finished shards again. A hard kill can repeat at most the shard being yielded;
 * `index` identifies each result.
 */
export async function* embedBulk<O extends VectorOutput = 'number'>(
  client: AnyInt,
  params: EmbedBulkParams,
  options: EmbedBulkOptions<O> = {},
): AsyncGenerator<BulkEmbedding<O>> {
  const {
    shardSize = 10_000,
    statePath,
    pollIntervalMs = 5000,
    maxLineRetries = 2,
    output = 'number' as O,
    onProgress,
    signal,
    ...requestOptions
  } = options;
  optionalPositiveInteger('shardSize', shardSize);
  optionalPositiveInteger('dimensions', params.dimensions);
  if (!params.model || typeof params.model !== 'string')
    throw invalid('model', 'a non-empty string', params.model);
  if (!params.input || !(Symbol.iterator in params.input || Symbol.asyncIterator in params.input)) {
    throw invalid('input', 'an array or async iterable of strings', params.input);
  }

  const state = await loadState(statePath, params, shardSize);
  const saveState = () => (statePath ? writeJSONAtomic(statePath, state) : Promise.resolve());
  const ask = { ...requestOptions, signal };
  const workDir = await mkdtemp(join(tmpdir(), 'anyint-bulk-'));
  let total: number | undefined;
  let submitted = 0;
  let completed = state.nextIndex;

  // Submit every shard as the input is read; results are collected afterwards, in order.
  const shards: ShardState[] = [];
  try {
    let shardIndex = 0;
    for await (const texts of shardsOf(params.input, shardSize)) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      const start = shardIndex * shardSize;
      const digest = digestOf(texts);
      let shard = state.shards[shardIndex];
      if (shard && (shard.digest !== digest || shard.start !== start)) {
        throw new AnyIntValidationError(
          'statePath',
          `"${statePath}" records a different input at shard ${shardIndex}.`,
        );
      }
      if (!shard && start + texts.length > state.nextIndex) {
        shard = await submitShard(client, workDir, params, texts, start, digest, ask);
        state.shards[shardIndex] = shard;
        await saveState();
      }
      if (shard) shards.push(shard);
      submitted = start + texts.length;
      onProgress?.({ completed, total, submitted });
      shardIndex++;
    }
    total = submitted;

    for (const shard of shards) {
      if (shard.start + shard.count <= state.nextIndex) continue;
      const vectors = await collectShard(client, workDir, params, shard, {
        ask,
        output,
        pollIntervalMs,
        maxLineRetries,
      });
      for (let i = Math.max(0, state.nextIndex - shard.start); i < shard.count; i++) {
        yield { index: shard.start + i, embedding: vectors[i] as Vector<O> };
        state.nextIndex = shard.start + i + 1;
        completed = state.nextIndex;
      }
      onProgress?.({ completed, total, submitted });
      await saveState();
      await cleanUp(client, shard, ask);
    }
    if (statePath) await rm(statePath, { force: true });
  } finally {
    // Also runs when the caller stops early or a request fails: the next run starts where this one ended.
    if (statePath && state.nextIndex < (total ?? Number.POSITIVE_INFINITY))
      await saveState().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

async function* shardsOf(
  input: Iterable<string> | AsyncIterable<string>,
  size: number,
): AsyncGenerator<string[]> {
  let shard: string[] = [];
  let index = 0;
  for await (const text of input as AsyncIterable<string>) {
    if (typeof text !== 'string' || text === '') throw invalid(`input[${index}]`, 'a non-empty string', text);
    shard.push(text);
    index++;
    if (shard.length === size) {
      yield shard;
      shard = [];
    }
  }
  if (shard.length > 0) yield shard;
}

function digestOf(texts: string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\0');
  return hash.digest('hex');
}

function lineOf(params: EmbedBulkParams, encoding: 'float' | 'base64', index: number, text: string): string {
  const body: Record<string, unknown> = { model: params.model, input: text, encoding_format: encoding };
  // As in every embeddings request, optional fields travel only when set.
  if (params.dimensions != null) body.dimensions = params.dimensions;
  if (params.user != null) body.user = params.user;
  return `${JSON.stringify({ custom_id: String(index), method: 'POST', url: ENDPOINT, body })}\n`;
}

async function uploadLines(
  client: AnyInt,
  workDir: string,
  lines: Iterable<string>,
  ask: RequestOptions,
): Promise<string> {
  const path = join(workDir, `${randomUUID()}.jsonl`);
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
  try {
    const file = await client.files.create({ file: await fileFromPath(path), purpose: 'batch' }, ask);
    return file.id;
  } finally {
    await rm(path, { force: true });
  }
}

async function submitShard(
  client: AnyInt,
  workDir: string,
  params: EmbedBulkParams,
  texts: string[],
  start: number,
  digest: string,
  ask: RequestOptions,
): Promise<ShardState> {
  // An encoding learned from this upstream's direct answers holds for its batch lines too.
  const encoding = upstreamQuirks(client.baseURL, params.model).encoding ?? 'base64';
  const lines = texts.map((text, i) => lineOf(params, encoding, start + i, text));
  const inputFileId = await uploadLines(client, workDir, lines, ask);
  const batch = await client.batches.create(
    {
      input_file_id: inputFileId,
      endpoint: ENDPOINT,
      completion_window: '24h',
      metadata: { source: 'anyint-embed-bulk' },
    },
    ask,
  );
  return { start, count: texts.length, digest, inputFileId, batchId: batch.id, encoding };
}

interface CollectOptions<O extends VectorOutput> {
  ask: RequestOptions;
  output: O;
  pollIntervalMs: number;
  maxLineRetries: number;
}

/** Waits for a shard's batch, reads its output, and re-submits lines that failed. */
async function collectShard<O extends VectorOutput>(
  client: AnyInt,
  workDir: string,
  params: EmbedBulkParams,
  shard: ShardState,
  options: CollectOptions<O>,
): Promise<Vector<O>[]> {
  const vectors = new Array<Vector<O> | undefined>(shard.count);
  const errors = new Map<number, string>();
  let batchId = shard.batchId;
  let encoding = shard.encoding ?? 'base64';
  let texts: string[] | undefined;
  for (let round = 0; ; round++) {
    const batch = await client.batches.poll(batchId, { ...options.ask, intervalMs: options.pollIntervalMs });
    errors.clear();
    let rejectedEncoding = false;
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      const read = await readResults(
        client,
        fileId,
        shard,
        params,
        options.output,
        vectors,
        errors,
        options.ask,
      );
      rejectedEncoding ||= read.rejectedEncoding;
    }
    if (rejectedEncoding) {
      // Lines refused for their encoding go again with the other one, remembered as for direct calls.
      encoding = encoding === 'base64' ? 'float' : 'base64';
      upstreamQuirks(client.baseURL, params.model).encoding = encoding;
    }
    if (batchId !== shard.batchId)
      await deleteFiles(
        client,
        [batch.input_file_id, batch.output_file_id, batch.error_file_id],
        options.ask,
      );
    const missing: number[] = [];
    for (let i = 0; i < shard.count; i++) if (vectors[i] === undefined) missing.push(i);
    if (missing.length === 0) return vectors as Vector<O>[];
    if (round >= options.maxLineRetries) {
      const sample = missing
        .slice(0, 3)
        .map((i) => `input ${shard.start + i}: ${errors.get(i) ?? 'no result'}`)
        .join('; ');
      throw new JobFailedError<Batch>(
        `${missing.length} of ${shard.count} inputs of batch ${batchId} failed after ${round} re-submissions (${sample}).`,
        'failed',
        batch,
      );
    }
    // The texts are needed again only for a re-submission: read them back from the uploaded input.
    texts ??= await readInputTexts(client, shard.inputFileId, shard.count, options.ask);
    const retryFile = await uploadLines(
      client,
      workDir,
      missing.map((i) =>
        lineOf(
          params,
          upstreamQuirks(client.baseURL, params.model).encoding ?? 'base64',
          shard.start + i,
          texts?.[i] as string,
        ),
      ),
      options.ask,
    );
    batchId = (
      await client.batches.create(
        { input_file_id: retryFile, endpoint: ENDPOINT, completion_window: '24h' },
        options.ask,
      )
    ).id;
  }
}

async function* linesOf(body: BinaryResponse): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body.stream() as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let newline = rest.indexOf('\n');
    while (newline !== -1) {
      const line = rest.slice(0, newline).trim();
      if (line) yield line;
      rest = rest.slice(newline + 1);
      newline = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest.trim();
}

async function readResults<O extends VectorOutput>(
  client: AnyInt,
  fileId: string | null | undefined,
  shard: ShardState,
  params: EmbedBulkParams,
  output: O,
  vectors: (Vector<O> | undefined)[],
  errors: Map<number, string>,
  ask: RequestOptions,
): Promise<{ rejectedEncoding: boolean }> {
  let rejectedEncoding = false;
  if (!fileId) return { rejectedEncoding };
  for await (const line of linesOf(await client.files.content(fileId, ask))) {
    const record: unknown = JSON.parse(line);
    if (!isObject(record)) continue;
    const position = Number(record.custom_id) - shard.start;
    if (!Number.isInteger(position) || position < 0 || position >= shard.count) continue;
    const response = isObject(record.response) ? record.response : undefined;
    if (response && response.status_code === 200) {
      const { vectors: decoded } = decodeEmbeddings(response.body, {
        count: 1,
        dimensions: params.dimensions,
        output,
        route: `batch ${ENDPOINT}`,
      });
      vectors[position] = decoded[0];
    } else {
      const error = isObject(record.error)
        ? record.error
        : isObject(response?.body)
          ? response.body.error
          : undefined;
      errors.set(position, isObject(error) && typeof error.message === 'string' ? error.message : 'failed');
      if (response && typeof response.status_code === 'number') {
        rejectedEncoding ||= rejectsEncoding(client, params.model, response);
      }
    }
  }
  return { rejectedEncoding };
}

/** Whether the upstream refused a line for its `encoding_format`, as the one error factory reads it. */
function rejectsEncoding(client: AnyInt, model: string, response: Record<string, unknown>): boolean {
  const error = makeAPIError({
    status: response.status_code as number,
    headers: {},
    bodyText: JSON.stringify(response.body ?? ''),
    route: `batch POST ${ENDPOINT}`,
    model,
    namesResource: false,
    redact: (text) => client.redact(text),
  });
  return error.param === 'encoding_format';
}

async function readInputTexts(
  client: AnyInt,
  fileId: string,
  count: number,
  ask: RequestOptions,
): Promise<string[]> {
  const texts = new Array<string>(count);
  let i = 0;
  for await (const line of linesOf(await client.files.content(fileId, ask))) {
    const record = JSON.parse(line) as { body: { input: string } };
    texts[i++] = record.body.input;
  }
  return texts;
}

async function cleanUp(client: AnyInt, shard: ShardState, ask: RequestOptions): Promise<void> {
  // The shard is delivered; its files are no longer needed on the server.
  const batch = await client.batches.retrieve(shard.batchId, ask).catch(() => undefined);
  await deleteFiles(client, [shard.inputFileId, batch?.output_file_id, batch?.error_file_id], ask);
}

async function deleteFiles(
  client: AnyInt,
  ids: (string | null | undefined)[],
  ask: RequestOptions,
): Promise<void> {
  for (const id of ids) if (id) await client.files.delete(id, ask).catch(() => undefined);
}

async function loadState(
  statePath: string | undefined,
  params: EmbedBulkParams,
  shardSize: number,
): Promise<BulkState> {
  const fresh: BulkState = {
    version: 1,
    model: params.model,
    dimensions: params.dimensions,
    shardSize,
    nextIndex: 0,
    shards: [],
  };
  if (!statePath) return fresh;
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch {
    return fresh;
  }
  const state = JSON.parse(text) as BulkState;
  if (
    state.version !== 1 ||
    state.model !== params.model ||
    state.dimensions !== params.dimensions ||
    state.shardSize !== shardSize
  ) {
    throw new AnyIntValidationError(
      'statePath',
      `"${statePath}" belongs to another job (model, dimensions or shardSize differ); delete it to start over.`,
    );
  }
  return state;
}

async function writeJSONAtomic(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(temporary, JSON.stringify(value));
  await rename(temporary, path);
}
