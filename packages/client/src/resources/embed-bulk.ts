import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitWarning } from 'node:process';
import type { AnyIntCore, RequestOptions } from '../client.js';
import type { BinaryResponse } from '../core/binary-response.js';
import {
  AnyIntValidationError,
  APIUserAbortError,
  type BulkLeftover,
  EmbedBulkCleanupError,
  InvalidResponseError,
  JobFailedError,
  makeAPIError,
  NotFoundError,
} from '../core/errors.js';
import { isObject } from '../core/parse.js';
import { fileFromPath } from '../core/uploads.js';
import { upstreamQuirks } from '../core/upstream-quirks.js';
import { invalid, optionalPositiveInteger } from '../core/validate.js';
import { type Batch, Batches } from './batches.js';
import { decodeEmbeddings, type Vector, type VectorOutput } from './embedding-vectors.js';
import { Files } from './files.js';

export type { BulkLeftover } from '../core/errors.js';

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
  /** Batch jobs submitted and not yet delivered at any time; later shards are read and sent as earlier ones finish. Default 4. */
  maxShardsInFlight?: number;
  /**
   * A JSON file recording submitted shards and the next index to deliver, so a rerun with the same
   * input resumes instead of re-embedding. While it exists, unfinished batches and their files are
   * kept on the server for that rerun; it is removed when the job completes.
   */
  statePath?: string;
  /** First wait between batch polls, in ms; later waits grow by half up to `maxPollIntervalMs`. Default 1000. */
  pollIntervalMs?: number;
  /** Longest wait between batch polls, in ms. Default 30 000. */
  maxPollIntervalMs?: number;
  /** Re-submissions of lines that failed inside a batch. Default 2. */
  maxLineRetries?: number;
  output?: O;
  /** `total` is undefined while an async iterable input is still being read. */
  onProgress?: (progress: { completed: number; total: number | undefined; submitted: number }) => void;
  /**
   * Called for each file or batch that could not be removed or cancelled, even after a second try.
   * Without it, the run ends with an `EmbedBulkCleanupError` naming them (or, when the run already
   * fails with another error, a process warning).
   */
  onLeftover?: (leftover: BulkLeftover) => void;
}

export interface BulkEmbedding<O extends VectorOutput = 'number'> {
  index: number;
  embedding: Vector<O>;
}

/** One batch job over one uploaded JSONL file. */
interface Attempt {
  batchId: string;
  inputFileId: string;
  /** What the lines asked for; absent in state files of earlier versions (base64). */
  encoding?: 'float' | 'base64';
  /** The output and error files of the batch, once it stopped running. */
  outputFileIds?: string[];
}

interface ShardState extends Attempt {
  start: number;
  count: number;
  digest: string;
  /** Batches re-submitting lines that failed, in order; recorded so a resume never runs them twice. */
  retries?: Attempt[];
  /** Delivered, its server files removed. */
  done?: boolean;
}

interface BulkState {
  version: 1;
  model: string;
  dimensions: number | undefined;
  shardSize: number;
  /** Every index below this was handed to the caller. */
  nextIndex: number;
  shards: (ShardState | null)[];
}

const ENDPOINT = '/v1/embeddings';
/** Downloads of one result file before its damage is an error. */
const DOWNLOAD_ATTEMPTS = 3;
/** How far back the lists are searched for a file or batch whose create answer was lost. */
const RECOVERY_SCAN = 200;
/** How long an abandoned run waits for its batches to reach `cancelled` before reporting them. */
const CANCEL_WAIT_MS = 120_000;

/**
 * Embeds a corpus through the Batch API: JSONL shards are uploaded and run as batch jobs (at most
 * `maxShardsInFlight` at once), results stream back in input order shard by shard while later shards
 * run, failed lines are re-submitted, and every file and batch the run made is removed or cancelled
 * when it ends, whatever the outcome. An index counts as delivered once it has been yielded: a rerun
 * with the same `statePath` after a `break` (or any stop) continues with the next index. A hard kill
 * can repeat at most the shard being yielded; `index` identifies each result.
 */
export async function* embedBulk<O extends VectorOutput = 'number'>(
  client: AnyIntCore,
  params: EmbedBulkParams,
  options: EmbedBulkOptions<O> = {},
): AsyncGenerator<BulkEmbedding<O>> {
  const {
    shardSize = 10_000,
    maxShardsInFlight = 4,
    statePath,
    pollIntervalMs = 1000,
    maxPollIntervalMs = 30_000,
    maxLineRetries = 2,
    output = 'number' as O,
    onProgress,
    onLeftover,
    signal,
    ...requestOptions
  } = options;
  optionalPositiveInteger('shardSize', shardSize);
  optionalPositiveInteger('maxShardsInFlight', maxShardsInFlight);
  optionalPositiveInteger('pollIntervalMs', pollIntervalMs);
  optionalPositiveInteger('maxPollIntervalMs', maxPollIntervalMs);
  optionalPositiveInteger('dimensions', params.dimensions);
  if (!Number.isInteger(maxLineRetries) || maxLineRetries < 0)
    throw invalid('maxLineRetries', 'an integer of 0 or more', maxLineRetries);
  if (!params.model || typeof params.model !== 'string')
    throw invalid('model', 'a non-empty string', params.model);
  if (!params.input || !(Symbol.iterator in params.input || Symbol.asyncIterator in params.input)) {
    throw invalid('input', 'an array or async iterable of strings', params.input);
  }
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });

  const state = await loadState(statePath, params, shardSize);
  const job = new BulkJob(client, params, {
    ask: { ...requestOptions, signal },
    // Requests that make or remove something run without the caller's signal: one cut short by an
    // abort may still make its file or batch on the server, and the run would never learn its id.
    unsignalledAsk: requestOptions,
    output,
    pollIntervalMs,
    maxPollIntervalMs,
    maxLineRetries,
    save: () => (statePath ? writeJSONAtomic(statePath, state) : Promise.resolve()),
  });
  await job.start();
  let total: number | undefined;
  let submitted = 0;
  let completed = state.nextIndex;
  let finished = false;
  let failure: { error: unknown } | undefined;

  // Shards submitted and not yet delivered, in input order. A producer reads the input and submits
  // shards into it while the loop below delivers the first: results flow while later shards are
  // read and sent, and a slow input (a pipe) never holds back a finished shard.
  const pending: ShardState[] = [];
  const source = shardsOf(params.input, shardSize)[Symbol.asyncIterator]();
  let notify: () => void = () => {};
  let changed = new Promise<void>((resolve) => {
    notify = resolve;
  });
  const bump = () => {
    notify();
    changed = new Promise<void>((resolve) => {
      notify = resolve;
    });
  };
  let stopped = false;
  let produced: { error: unknown } | undefined;
  let producing = true;
  /** Set while a shard is being uploaded and submitted: a stop waits for it, so nothing it makes is missed. */
  let submitting: Promise<ShardState> | undefined;
  const produce = async () => {
    try {
      for (let shardIndex = 0; ; shardIndex++) {
        while (pending.length >= maxShardsInFlight && !stopped) await changed;
        if (stopped) return;
        const next = await source.next();
        if (stopped) return;
        if (next.done) {
          total = submitted;
          onProgress?.({ completed, total, submitted });
          return;
        }
        const texts = next.value;
        const start = shardIndex * shardSize;
        const digest = digestOf(texts);
        let shard = state.shards[shardIndex] ?? undefined;
        if (shard && (shard.digest !== digest || shard.start !== start || shard.count !== texts.length)) {
          throw new AnyIntValidationError(
            'statePath',
            `"${statePath}" records a different input at shard ${shardIndex} (inputs ${start} to ${start + texts.length - 1}); the input changed since the state was saved. Delete the file to start over.`,
          );
        }
        submitted = start + texts.length;
        if (start + texts.length > state.nextIndex && !shard?.done) {
          if (!shard) {
            if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
            submitting = job.submitShard(texts, start, digest);
            shard = await submitting;
            submitting = undefined;
            state.shards[shardIndex] = shard;
            pending.push(shard);
            bump();
            await job.save();
          } else {
            pending.push(shard);
            bump();
          }
        }
        onProgress?.({ completed, total, submitted });
      }
    } catch (error) {
      produced = { error };
    } finally {
      submitting = undefined;
      producing = false;
      bump();
    }
  };
  const producer = produce();

  try {
    for (;;) {
      while (pending.length === 0 && producing && !produced) await changed;
      if (produced) throw produced.error;
      const shard = pending[0];
      if (!shard) break;
      const vectors = await job.collect(shard);
      for (let i = Math.max(0, state.nextIndex - shard.start); i < shard.count; i++) {
        // Counted before the yield: a consumer that stops here has this index.
        state.nextIndex = shard.start + i + 1;
        completed = state.nextIndex;
        yield { index: shard.start + i, embedding: vectors[i] as Vector<O> };
      }
      await job.removeShard(shard);
      shard.done = true;
      pending.shift();
      bump();
      await job.save();
      onProgress?.({ completed, total, submitted });
    }
    finished = true;
  } catch (error) {
    failure = { error };
    throw error;
  } finally {
    stopped = true;
    bump();
    // A submission under way is waited for (it may make a file or batch); a read of the input is not,
    // as a slow source could hold the stop for as long as it likes.
    await submitting?.catch(() => undefined);
    if (finished) await producer;
    void source.return?.(undefined).catch(() => undefined);
    let problem: unknown;
    try {
      if (finished) {
        if (statePath) await rm(statePath, { force: true });
      } else {
        // Kept for the rerun when the state, which names every batch and file, is saved; otherwise
        // nothing can resume, so everything the run started is stopped and removed.
        let kept = false;
        if (statePath) {
          try {
            await job.save();
            kept = true;
          } catch (error) {
            problem = error;
          }
        }
        if (!kept) await job.abandon(pending);
      }
      await job.retryLeftovers();
    } catch (error) {
      problem ??= error;
    }
    await job.finish();
    const leftovers = job.leftovers;
    if (onLeftover) for (const leftover of leftovers) onLeftover(leftover);
    const report =
      problem ?? (leftovers.length > 0 && !onLeftover ? new EmbedBulkCleanupError(leftovers) : undefined);
    if (report !== undefined) {
      // A failure already on its way wins; what went wrong after it is still told, not dropped.
      if (failure) emitWarning(report instanceof Error ? report : String(report), 'AnyIntEmbedBulkWarning');
      // biome-ignore lint/correctness/noUnsafeFinally: a failed cleanup or state save must surface
      else throw report;
    }
  }
}

interface JobOptions<O extends VectorOutput> {
  ask: RequestOptions;
  unsignalledAsk: RequestOptions;
  output: O;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  maxLineRetries: number;
  save: () => Promise<void>;
}

/** The server-side work of one run: what it made, and removing it again. */
class BulkJob<O extends VectorOutput> {
  readonly leftovers: BulkLeftover[] = [];
  readonly #client: AnyIntCore;
  readonly #batches: Batches;
  readonly #files: Files;
  readonly #params: EmbedBulkParams;
  readonly #options: JobOptions<O>;
  #workDir = '';
  // What failed to go on the first try, tried once more when the run ends.
  readonly #failedFiles = new Map<string, unknown>();

  constructor(client: AnyIntCore, params: EmbedBulkParams, options: JobOptions<O>) {
    this.#client = client;
    this.#batches = new Batches(client);
    this.#files = new Files(client);
    this.#params = params;
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#workDir = await mkdtemp(join(tmpdir(), 'anyint-bulk-'));
  }

  async finish(): Promise<void> {
    await rm(this.#workDir, { recursive: true, force: true });
  }

  save(): Promise<void> {
    return this.#options.save();
  }

  get #encoding(): 'float' | 'base64' {
    // An encoding learned from this upstream's direct answers holds for its batch lines too.
    return upstreamQuirks(this.#client.baseURL, this.#params.model).encoding ?? 'base64';
  }

  async submitShard(texts: string[], start: number, digest: string): Promise<ShardState> {
    const encoding = this.#encoding;
    const lines = texts.map((text, i) => lineOf(this.#params, encoding, start + i, text));
    const attempt = await this.#submit(lines, encoding);
    return { start, count: texts.length, digest, ...attempt };
  }

  /** Uploads the lines and starts a batch over them; nothing stays behind when either step fails. */
  async #submit(lines: Iterable<string>, encoding: 'float' | 'base64'): Promise<Attempt> {
    const inputFileId = await this.#upload(lines);
    const token = randomUUID();
    const body = {
      input_file_id: inputFileId,
      endpoint: ENDPOINT,
      completion_window: '24h',
      metadata: { source: 'anyint-embed-bulk', token },
    } as const;
    const { signal } = this.#options.ask;
    if (signal?.aborted) {
      await this.#deleteFile(inputFileId);
      throw new APIUserAbortError(undefined, { cause: signal.reason });
    }
    try {
      const batch = await this.#batches.create(body, this.#options.unsignalledAsk);
      return { batchId: batch.id, inputFileId, encoding };
    } catch (error) {
      // The answer may be lost after the batch was made: look for it before giving up, so the
      // shard is neither run twice nor left running.
      const made = await this.#find(
        () => this.#batches.list({ limit: 100 }, this.#options.unsignalledAsk),
        (batch) => batch.metadata?.token === token,
      );
      if (made && !this.#options.ask.signal?.aborted) return { batchId: made.id, inputFileId, encoding };
      if (made) await this.#cancelAndRemove([{ batchId: made.id, inputFileId }]);
      else await this.#deleteFile(inputFileId);
      throw error;
    }
  }

  async #upload(lines: Iterable<string>): Promise<string> {
    const filename = `anyint-bulk-${randomUUID()}.jsonl`;
    const path = join(this.#workDir, filename);
    const out = createWriteStream(path);
    for (const line of lines) if (!out.write(line)) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    try {
      const file = await this.#files.create(
        { file: await fileFromPath(path), purpose: 'batch' },
        this.#options.unsignalledAsk,
      );
      return file.id;
    } catch (error) {
      const made = await this.#find(
        () => this.#files.list({ purpose: 'batch', limit: 100 }, this.#options.unsignalledAsk),
        (file) => file.filename === filename,
      );
      if (made) {
        if (!this.#options.ask.signal?.aborted && (made as { status?: unknown }).status !== 'error')
          return made.id;
        await this.#deleteFile(made.id);
      }
      throw error;
    } finally {
      await rm(path, { force: true });
    }
  }

  /** The first recent item that matches, or undefined (also when the list cannot be read). */
  async #find<T>(list: () => AsyncIterable<T>, matches: (item: T) => boolean): Promise<T | undefined> {
    try {
      let seen = 0;
      for await (const item of list()) {
        if (matches(item)) return item;
        if (++seen >= RECOVERY_SCAN) break;
      }
    } catch {
      // The create already failed with its own error; a failed search adds nothing to it.
    }
    return undefined;
  }

  /** Waits for a shard's batches, reads their outputs, and re-submits lines that failed. */
  async collect(shard: ShardState): Promise<Vector<O>[]> {
    const vectors = new Array<Vector<O> | undefined>(shard.count);
    const errors = new Map<number, string>();
    shard.retries ??= [];
    let texts: string[] | undefined;
    for (let round = 0; ; round++) {
      const attempt: Attempt = round === 0 ? shard : (shard.retries[round - 1] as Attempt);
      const batch = await this.#wait(attempt.batchId);
      attempt.outputFileIds = [batch.output_file_id, batch.error_file_id].filter((id): id is string => !!id);
      errors.clear();
      const rejectedEncoding = await this.#readResults(batch, shard, vectors, errors);
      if (rejectedEncoding) {
        // Lines refused for their encoding go again with the other one, remembered as for direct calls.
        upstreamQuirks(this.#client.baseURL, this.#params.model).encoding =
          (attempt.encoding ?? 'base64') === 'base64' ? 'float' : 'base64';
      }
      const missing: number[] = [];
      for (let i = 0; i < shard.count; i++) if (vectors[i] === undefined) missing.push(i);
      if (missing.length === 0) return vectors as Vector<O>[];
      // A resumed run follows the re-submissions it already made instead of making new ones.
      if (round < shard.retries.length) continue;
      if (round >= this.#options.maxLineRetries) {
        const sample = missing
          .slice(0, 3)
          .map((i) => `input ${shard.start + i}: ${errors.get(i) ?? 'no result'}`)
          .join('; ');
        throw new JobFailedError<Batch>(
          `${missing.length} of ${shard.count} inputs of batch ${attempt.batchId} failed after ${round} re-submissions (${sample}).`,
          'failed',
          batch,
        );
      }
      // The texts are needed again only for a re-submission: read them back from the uploaded input.
      texts ??= await this.#readInputTexts(shard);
      const encoding = this.#encoding;
      const retry = await this.#submit(
        missing.map((i) => lineOf(this.#params, encoding, shard.start + i, texts?.[i] as string)),
        encoding,
      );
      shard.retries.push(retry);
      await this.save();
    }
  }

  /** The batch once it stops running; an expired or cancelled one still has the lines it finished. */
  async #wait(batchId: string): Promise<Batch> {
    try {
      return await this.#batches.poll(batchId, {
        ...this.#options.ask,
        intervalMs: this.#options.pollIntervalMs,
        maxIntervalMs: this.#options.maxPollIntervalMs,
      });
    } catch (error) {
      if (JobFailedError.isInstance(error) && error.status !== 'failed') return error.job as Batch;
      throw error;
    }
  }

  /** Reads a batch's output and error files into `vectors`/`errors`; true when lines were refused for their encoding. */
  async #readResults(
    batch: Batch,
    shard: ShardState,
    vectors: (Vector<O> | undefined)[],
    errors: Map<number, string>,
  ): Promise<boolean> {
    let rejectedEncoding = false;
    const counts = batch.request_counts;
    const files: [string | null | undefined, number | undefined][] = [
      [batch.output_file_id, counts?.completed],
      [batch.error_file_id, counts?.failed],
    ];
    for (const [fileId, expected] of files) {
      if (!fileId) continue;
      await this.#readLines(fileId, expected, (record) => {
        const position = Number(record.custom_id) - shard.start;
        if (!Number.isInteger(position) || position < 0 || position >= shard.count) return;
        const response = isObject(record.response) ? record.response : undefined;
        if (response && response.status_code === 200) {
          const { vectors: decoded } = decodeEmbeddings(response.body, {
            count: 1,
            dimensions: this.#params.dimensions,
            output: this.#options.output,
            route: `batch ${ENDPOINT}`,
          });
          vectors[position] = decoded[0];
          errors.delete(position);
          return;
        }
        if (vectors[position] !== undefined) return;
        const error = isObject(record.error)
          ? record.error
          : isObject(response?.body)
            ? response.body.error
            : undefined;
        errors.set(position, isObject(error) && typeof error.message === 'string' ? error.message : 'failed');
        if (response && typeof response.status_code === 'number') {
          rejectedEncoding ||= this.#rejectsEncoding(response);
        }
      });
    }
    return rejectedEncoding;
  }

  /**
   * Streams a JSONL file's records to `each`. A download that breaks off, ends in a cut line or holds
   * fewer records than the batch counted is read again: taking it as is would re-submit (and bill)
   * lines that in fact succeeded.
   */
  async #readLines(
    fileId: string,
    expected: number | undefined,
    each: (record: Record<string, unknown>) => void,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let records = 0;
      let damage: unknown;
      try {
        for await (const line of linesOf(await this.#files.content(fileId, this.#options.ask))) {
          let record: unknown;
          try {
            record = JSON.parse(line);
          } catch (error) {
            throw new InvalidResponseError(
              `Batch file ${fileId} has a line that is not JSON.`,
              `GET /files/${fileId}/content`,
              {
                cause: error,
                unreadable: true,
              },
            );
          }
          if (!isObject(record)) continue;
          records++;
          each(record);
        }
        if (expected === undefined || records >= expected) return;
        damage = new InvalidResponseError(
          `Batch file ${fileId} holds ${records} records; the batch counted ${expected}.`,
          `GET /files/${fileId}/content`,
          { unreadable: true },
        );
      } catch (error) {
        if (APIUserAbortError.isInstance(error) || this.#options.ask.signal?.aborted) throw error;
        if (InvalidResponseError.isInstance(error) && !error.unreadable) throw error;
        damage = error;
      }
      if (attempt >= DOWNLOAD_ATTEMPTS) throw damage;
    }
  }

  /** Whether the upstream refused a line for its `encoding_format`, as the one error factory reads it. */
  #rejectsEncoding(response: Record<string, unknown>): boolean {
    const error = makeAPIError({
      status: response.status_code as number,
      headers: {},
      bodyText: JSON.stringify(response.body ?? ''),
      route: `batch POST ${ENDPOINT}`,
      model: this.#params.model,
      namesResource: false,
      redact: (text) => this.#client.redact(text),
    });
    return error.param === 'encoding_format';
  }

  async #readInputTexts(shard: ShardState): Promise<string[]> {
    const texts = new Array<string>(shard.count);
    // By `custom_id`, not by arrival: a download read again after damage starts from its first line.
    await this.#readLines(shard.inputFileId, shard.count, (record) => {
      const position = Number(record.custom_id) - shard.start;
      const body = isObject(record.body) ? record.body : undefined;
      if (Number.isInteger(position) && position >= 0 && position < shard.count)
        texts[position] = String(body?.input ?? '');
    });
    return texts;
  }

  /** Removes a delivered shard's files: its inputs, and the outputs of each of its batches. */
  async removeShard(shard: ShardState): Promise<void> {
    for (const attempt of [shard, ...(shard.retries ?? [])]) {
      await this.#deleteFile(attempt.inputFileId);
      for (const id of attempt.outputFileIds ?? []) await this.#deleteFile(id);
    }
  }

  /** A run stopped without a state file: nothing it started may go on running or stay stored. */
  async abandon(pending: ShardState[]): Promise<void> {
    await this.#cancelAndRemove(pending.flatMap((shard) => [shard, ...(shard.retries ?? [])]));
  }

  async #cancelAndRemove(attempts: Attempt[]): Promise<void> {
    const ask = this.#options.unsignalledAsk;
    for (const { batchId } of attempts) {
      await this.#batches.cancel(batchId, ask).catch((error: unknown) => {
        // A batch that already finished cannot be cancelled (400); only its files are left to remove.
        if ((error as { status?: unknown }).status !== 400)
          this.leftovers.push({ kind: 'batch', id: batchId, error });
      });
    }
    for (const attempt of attempts) {
      let batch: Batch | undefined;
      try {
        // Output files of a cancelled batch appear only once it reaches `cancelled`.
        batch = await this.#batches.poll(attempt.batchId, {
          ...ask,
          intervalMs: this.#options.pollIntervalMs,
          maxIntervalMs: this.#options.maxPollIntervalMs,
          timeoutMs: CANCEL_WAIT_MS,
        });
      } catch (error) {
        if (JobFailedError.isInstance(error)) batch = error.job as Batch;
        else if (!this.leftovers.some((l) => l.id === attempt.batchId))
          this.leftovers.push({ kind: 'batch', id: attempt.batchId, error });
      }
      await this.#deleteFile(attempt.inputFileId);
      if (batch) {
        await this.#deleteFile(batch.output_file_id);
        await this.#deleteFile(batch.error_file_id);
      }
    }
  }

  async #deleteFile(id: string | null | undefined): Promise<void> {
    if (!id) return;
    try {
      await this.#files.delete(id, this.#options.unsignalledAsk);
    } catch (error) {
      if (NotFoundError.isInstance(error)) return;
      this.#failedFiles.set(id, error);
    }
  }

  /** A second try for every file that would not go; what still fails is a leftover. */
  async retryLeftovers(): Promise<void> {
    const failed = [...this.#failedFiles.keys()];
    this.#failedFiles.clear();
    for (const id of failed) await this.#deleteFile(id);
    for (const [id, error] of this.#failedFiles) this.leftovers.push({ kind: 'file', id, error });
    this.#failedFiles.clear();
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

async function* linesOf(body: BinaryResponse): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body.stream() as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let from = 0;
    let newline = rest.indexOf('\n');
    while (newline !== -1) {
      const line = rest.slice(from, newline).trim();
      if (line) yield line;
      from = newline + 1;
      newline = rest.indexOf('\n', from);
    }
    rest = rest.slice(from);
  }
  rest += decoder.decode();
  if (rest.trim()) yield rest.trim();
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
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return fresh;
    const why = (error as { code?: unknown }).code ?? (error as Error).message;
    throw new AnyIntValidationError('statePath', `"${statePath}" cannot be read (${String(why)}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AnyIntValidationError(
      'statePath',
      `"${statePath}" is not valid JSON (a cut or edited state file); delete it to start over.`,
    );
  }
  const problem = stateProblem(parsed);
  if (problem) {
    throw new AnyIntValidationError(
      'statePath',
      `"${statePath}" is not an embedBulk state file: ${problem}; delete it to start over.`,
    );
  }
  const state = parsed as BulkState;
  const differs = [
    state.model !== params.model && 'model',
    state.dimensions !== params.dimensions && 'dimensions',
    state.shardSize !== shardSize && 'shardSize',
  ].filter(Boolean);
  if (differs.length > 0) {
    throw new AnyIntValidationError(
      'statePath',
      `"${statePath}" belongs to another job (${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}); delete it to start over.`,
    );
  }
  return state;
}

/** What is wrong with a parsed state file, or undefined when it has the shape this version writes. */
function stateProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  if (value.version !== 1) return `version is ${JSON.stringify(value.version)}, expected 1`;
  if (typeof value.model !== 'string') return '"model" is not a string';
  if (value.dimensions != null && !Number.isInteger(value.dimensions))
    return '"dimensions" is not an integer';
  if (!Number.isInteger(value.shardSize) || (value.shardSize as number) < 1)
    return '"shardSize" is not a positive integer';
  if (!Number.isInteger(value.nextIndex) || (value.nextIndex as number) < 0)
    return '"nextIndex" is not an index';
  if (!Array.isArray(value.shards)) return '"shards" is not an array';
  for (const [i, shard] of value.shards.entries()) {
    if (shard === null) continue;
    if (
      !isObject(shard) ||
      !Number.isInteger(shard.start) ||
      !Number.isInteger(shard.count) ||
      typeof shard.digest !== 'string' ||
      typeof shard.batchId !== 'string' ||
      typeof shard.inputFileId !== 'string' ||
      (shard.retries !== undefined && !Array.isArray(shard.retries))
    )
      return `"shards[${i}]" is not a shard record`;
  }
  return undefined;
}

async function writeJSONAtomic(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new AnyIntValidationError(
      'statePath',
      `"${path}" could not be saved (${String((error as { code?: unknown }).code ?? (error as Error).message)}); the job cannot be resumed from it.`,
    );
  }
}
