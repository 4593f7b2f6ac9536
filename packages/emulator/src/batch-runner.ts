import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './errors.js';
import type { StagedFile } from './file-store.js';
import { nowSeconds, randomChars } from './file-store.js';
import { seededRandom } from './seeded-random.js';
import type { EmulatorState } from './state.js';

/** A request to the emulator's own routes, answered in-process. */
export type InternalInject = (request: {
  /** Path below the API prefix, e.g. '/embeddings'. */
  path: string;
  body: unknown;
  signal: AbortSignal;
}) => Promise<{ status: number; headers: Record<string, unknown>; body: string }>;

/** Simulated time, divided by `timeScale`. */
const VALIDATING_MS = 200;
const LINE_MS = 20;
const FINALIZING_MS = 200;
const CANCELLING_MS = 100;
/** Lines in flight per batch: enough to overlap, few enough to leave the server responsive. */
const CONCURRENCY = 4;
/** A line whose answer never comes (a `stall` fault) fails after this long, divided by `timeScale`. */
const LINE_TIMEOUT_MS = 60_000;
// Not less than this, so a line that is merely slow on a busy machine is not mistaken for a stalled one.
const MIN_LINE_TIMEOUT_MS = 5000;
/** OpenAI's cap on requests per batch. */
const MAX_LINES = 50_000;
const MAX_REPORTED_ERRORS = 1000;

export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

export interface BatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** The wire object; unset fields are null, as OpenAI sends them. */
export interface BatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  model?: string;
  errors: { object: 'list'; data: BatchError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage?: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

export interface CreateBatchParams {
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  metadata?: Record<string, string> | null;
}

interface Job {
  batch: BatchObject;
  sequence: number;
  cancelRequested: boolean;
  /** Wakes a waiting runner when a cancel arrives. */
  cancelSignal: AbortController;
}

interface Line {
  number: number;
  customId: string;
  body: Record<string, unknown>;
}

class Aborted extends Error {}

/** Appends JSONL lines to a file of the store, created on the first line. */
class LineWriter {
  private staged: Promise<StagedFile> | undefined;
  private bytes = 0;
  private readonly state: EmulatorState;

  constructor(state: EmulatorState) {
    this.state = state;
  }

  async write(line: string): Promise<void> {
    this.staged ??= this.state.files.stage();
    const staged = await this.staged;
    const text = `${line}\n`;
    this.bytes += Buffer.byteLength(text);
    if (!staged.stream.write(text)) await once(staged.stream, 'drain');
  }

  /** Closes the file; its id once committed, or null when nothing was written. */
  async finish(): Promise<StagedFile | undefined> {
    if (!this.staged) return undefined;
    const staged = await this.staged;
    staged.stream.end();
    await once(staged.stream, 'close');
    return staged;
  }

  get size(): number {
    return this.bytes;
  }

  async discard(): Promise<void> {
    if (!this.staged) return;
    (await this.staged.catch(() => undefined))?.discard();
  }
}

/**
 * Batches of one emulator. Each batch really runs: the input JSONL is validated, every line goes
 * through the emulator's own routes (validation, personalities, disabled routes and faults apply),
 * and the answers land in output and error files of the file store.
 */
export class BatchRunner {
  private readonly state: EmulatorState;
  private readonly jobs = new Map<string, Job>();
  private random: () => number;
  private sequence = 0;
  private generation = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(state: EmulatorState) {
    this.state = state;
    this.random = seededRandom(state.options.seed * 131 + 7);
  }

  private get timeScale(): number {
    const scale = this.state.options.timeScale;
    return scale > 0 && Number.isFinite(scale) ? scale : 1;
  }

  /** Starts a batch over a stored `batch` file; validation of the request itself is the route's. */
  create(params: CreateBatchParams): BatchObject {
    const input = this.state.files.get(params.input_file_id);
    if (!input) {
      throw new ApiError(400, {
        message: `Invalid 'input_file_id': '${params.input_file_id}'. File not found.`,
        type: 'invalid_request_error',
        param: 'input_file_id',
        code: 'invalid_value',
      });
    }
    if (input.purpose !== 'batch') {
      throw new ApiError(400, {
        message: `Invalid 'input_file_id': '${params.input_file_id}'. The file must have purpose 'batch', but it has purpose '${input.purpose}'.`,
        type: 'invalid_request_error',
        param: 'input_file_id',
        code: 'invalid_value',
      });
    }
    let id: string;
    do id = `batch_${randomChars(this.random, 24)}`;
    while (this.jobs.has(id));
    const createdAt = nowSeconds();
    const batch: BatchObject = {
      id,
      object: 'batch',
      endpoint: params.endpoint,
      errors: null,
      input_file_id: params.input_file_id,
      completion_window: params.completion_window,
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: createdAt,
      in_progress_at: null,
      expires_at: createdAt + 24 * 3600,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: params.metadata ?? null,
    };
    const job: Job = {
      batch,
      sequence: ++this.sequence,
      cancelRequested: false,
      cancelSignal: new AbortController(),
    };
    this.jobs.set(id, job);
    const signal = this.generation.signal;
    const run = this.run(job, signal)
      .catch((error: unknown) => {
        if (signal.aborted) return;
        this.fail(job, [
          {
            code: 'server_error',
            message: `The batch could not run: ${error instanceof Error ? error.message : String(error)}`,
            param: null,
            line: null,
          },
        ]);
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return snapshot(batch);
  }

  require(id: string): BatchObject {
    const job = this.jobs.get(id);
    if (!job) throw noSuchBatch(id);
    return snapshot(job.batch);
  }

  /** Newest first; `after` continues behind that id. */
  list(after: string | undefined): BatchObject[] | undefined {
    const jobs = [...this.jobs.values()].sort((a, b) => b.sequence - a.sequence);
    if (after === undefined) return jobs.map((job) => snapshot(job.batch));
    const cursor = this.jobs.get(after);
    if (!cursor) return undefined;
    return jobs.filter((job) => job.sequence < cursor.sequence).map((job) => snapshot(job.batch));
  }

  cancel(id: string): BatchObject {
    const job = this.jobs.get(id);
    if (!job) throw noSuchBatch(id);
    const { batch } = job;
    if (batch.status === 'validating' || batch.status === 'in_progress') {
      job.cancelRequested = true;
      batch.status = 'cancelling';
      batch.cancelling_at = nowSeconds();
      job.cancelSignal.abort();
    } else if (batch.status !== 'cancelling' && batch.status !== 'cancelled') {
      throw new ApiError(400, {
        message: `Cannot cancel a batch with status '${batch.status}'.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
    return snapshot(batch);
  }

  /** Stops every batch (their files are not written) and forgets them. */
  reset(): void {
    this.generation.abort();
    this.generation = new AbortController();
    this.jobs.clear();
    this.sequence = 0;
    this.random = seededRandom(this.state.options.seed * 131 + 7);
  }

  async close(): Promise<void> {
    this.generation.abort();
    await Promise.allSettled([...this.running]);
  }

  private async wait(ms: number, signal: AbortSignal, job?: Job): Promise<void> {
    const scaled = ms / this.timeScale;
    if (signal.aborted) throw new Aborted();
    if (scaled < 1) return;
    const signals = job && !job.cancelRequested ? [signal, job.cancelSignal.signal] : [signal];
    try {
      await sleep(scaled, undefined, { signal: AbortSignal.any(signals) });
    } catch {
      if (signal.aborted) throw new Aborted();
      // A cancel only cuts the wait short.
    }
  }

  private fail(job: Job, errors: BatchError[]): void {
    const { batch } = job;
    batch.status = 'failed';
    batch.failed_at = nowSeconds();
    batch.errors = { object: 'list', data: errors.slice(0, MAX_REPORTED_ERRORS) };
  }

  private async run(job: Job, signal: AbortSignal): Promise<void> {
    const { batch } = job;
    try {
      await this.wait(VALIDATING_MS, signal, job);
      if (job.cancelRequested) return await this.finishCancel(job, signal, undefined, undefined);
      const lines = await this.readLines(job);
      if (signal.aborted) return;
      if (!Array.isArray(lines)) return this.fail(job, lines.errors);
      if (job.cancelRequested) return await this.finishCancel(job, signal, undefined, undefined);
      batch.status = 'in_progress';
      batch.in_progress_at = nowSeconds();
      batch.request_counts.total = lines.length;
      const model = lines.find((line) => typeof line.body.model === 'string')?.body.model;
      if (typeof model === 'string') batch.model = model;

      const output = new LineWriter(this.state);
      const errors = new LineWriter(this.state);
      try {
        await this.execute(job, lines, output, errors, signal);
        if (job.cancelRequested) return await this.finishCancel(job, signal, output, errors);
        batch.status = 'finalizing';
        batch.finalizing_at = nowSeconds();
        await this.commitOutputs(job, output, errors, signal);
        await this.wait(FINALIZING_MS, signal);
        batch.status = 'completed';
        batch.completed_at = nowSeconds();
      } finally {
        await output.discard();
        await errors.discard();
      }
    } catch (error) {
      if (error instanceof Aborted || signal.aborted) return;
      throw error;
    }
  }

  private async finishCancel(
    job: Job,
    signal: AbortSignal,
    output: LineWriter | undefined,
    errors: LineWriter | undefined,
  ): Promise<void> {
    if (output && errors) await this.commitOutputs(job, output, errors, signal);
    await this.wait(CANCELLING_MS, signal);
    job.batch.status = 'cancelled';
    job.batch.cancelled_at = nowSeconds();
  }

  private async commitOutputs(job: Job, output: LineWriter, errors: LineWriter, signal: AbortSignal) {
    const { batch } = job;
    const outputFile = await output.finish();
    const errorFile = await errors.finish();
    if (signal.aborted) throw new Aborted();
    const meta = (suffix: string, bytes: number) => ({
      bytes,
      filename: `${batch.id}_${suffix}.jsonl`,
      purpose: 'batch_output',
      contentType: 'application/jsonl',
    });
    if (outputFile)
      batch.output_file_id = this.state.files.commit(outputFile, meta('output', output.size)).id;
    if (errorFile) batch.error_file_id = this.state.files.commit(errorFile, meta('error', errors.size)).id;
  }

  /** Reads and judges the input JSONL the way OpenAI does before running anything. */
  private async readLines(job: Job): Promise<Line[] | { errors: BatchError[] }> {
    const { batch } = job;
    const errors: BatchError[] = [];
    const lines: Line[] = [];
    const customIds = new Set<string>();
    let path: string;
    try {
      path = this.state.files.pathOf(batch.input_file_id);
    } catch {
      return {
        errors: [
          {
            code: 'invalid_file',
            message: `The input file ${batch.input_file_id} no longer exists.`,
            param: 'input_file_id',
            line: null,
          },
        ],
      };
    }
    const reader = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    let number = 0;
    const problem = (code: string, message: string, param: string | null) => {
      errors.push({ code, message, param, line: number });
    };
    for await (const text of reader) {
      number++;
      if (text.trim() === '') continue;
      if (lines.length >= MAX_LINES) {
        problem('too_many_requests', `The batch input file has more than ${MAX_LINES} requests.`, null);
        break;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        problem('invalid_json_line', 'This line is not parseable as valid JSON.', null);
        continue;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problem('invalid_request', 'Each line must be a JSON object.', null);
        continue;
      }
      const request = parsed as Record<string, unknown>;
      let valid = true;
      for (const name of ['custom_id', 'method', 'url', 'body']) {
        if (request[name] === undefined || request[name] === null) {
          problem('missing_required_parameter', `Missing required parameter: '${name}'.`, name);
          valid = false;
        }
      }
      if (!valid) continue;
      if (typeof request.custom_id !== 'string' || request.custom_id === '') {
        problem('invalid_custom_id', "The 'custom_id' of a request must be a non-empty string.", 'custom_id');
        continue;
      }
      if (request.method !== 'POST') {
        problem(
          'invalid_method',
          `Invalid value: '${String(request.method)}'. The only supported method is 'POST'.`,
          'method',
        );
        continue;
      }
      if (request.url !== batch.endpoint) {
        problem(
          'invalid_url',
          `The URL '${String(request.url)}' of this request does not match the batch endpoint '${batch.endpoint}'.`,
          'url',
        );
        continue;
      }
      if (typeof request.body !== 'object' || Array.isArray(request.body)) {
        problem('invalid_body', "The 'body' of a request must be a JSON object.", 'body');
        continue;
      }
      if (customIds.has(request.custom_id)) {
        problem(
          'duplicate_custom_id',
          'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.',
          'custom_id',
        );
        continue;
      }
      customIds.add(request.custom_id);
      lines.push({ number, customId: request.custom_id, body: request.body as Record<string, unknown> });
    }
    if (errors.length === 0 && lines.length === 0) {
      errors.push({
        code: 'empty_file',
        message: 'The batch input file is empty. Please provide a file with at least one request.',
        param: null,
        line: null,
      });
    }
    return errors.length > 0 ? { errors } : lines;
  }

  /** Runs the lines with a few in flight, paced so the whole batch takes `lines * LINE_MS / timeScale`. */
  private async execute(
    job: Job,
    lines: Line[],
    output: LineWriter,
    errors: LineWriter,
    signal: AbortSignal,
  ): Promise<void> {
    const started = performance.now();
    const lineMs = LINE_MS / this.timeScale;
    let next = 0;
    const worker = async () => {
      while (next < lines.length && !job.cancelRequested) {
        if (signal.aborted) throw new Aborted();
        const index = next++;
        const due = started + index * lineMs - performance.now();
        if (due >= 1) await this.wait(due * this.timeScale, signal, job);
        if (job.cancelRequested) return;
        await this.runLine(job, lines[index]!, output, errors, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, lines.length) }, worker));
  }

  private async runLine(job: Job, line: Line, output: LineWriter, errors: LineWriter, signal: AbortSignal) {
    const { batch } = job;
    const inject = this.state.inject;
    if (!inject) throw new Error('The emulator is not listening');
    const id = `batch_req_${randomChars(this.random, 24)}`;
    const requestId = `req_${randomChars(this.random, 32)}`;
    const timeout = Math.max(MIN_LINE_TIMEOUT_MS, LINE_TIMEOUT_MS / this.timeScale);
    let status: number;
    let payload: string;
    let parsed: unknown;
    let lineError: { code: string; message: string } | undefined;
    // A timer of our own, not `AbortSignal.timeout`: Node 20 can collect a timeout signal that only
    // `AbortSignal.any` holds, and a stalled line then never times out.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException('The line timed out', 'TimeoutError')),
      timeout,
    );
    try {
      const lineSignal = AbortSignal.any([signal, deadline.signal]);
      const answer = await untilAborted(
        inject({ path: batch.endpoint.replace(/^\/v1/, ''), body: line.body, signal: lineSignal }),
        lineSignal,
      );
      status = answer.status;
      payload = answer.body;
      try {
        parsed = JSON.parse(payload);
      } catch {
        lineError = {
          code: 'invalid_response',
          message: `The upstream answered with a body that is not valid JSON (status ${status}).`,
        };
      }
    } catch (error) {
      if (signal.aborted) throw new Aborted();
      status = 0;
      payload = '';
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      lineError = timedOut
        ? { code: 'timeout', message: 'The upstream did not answer in time.' }
        : { code: 'server_error', message: 'The upstream connection was reset before an answer.' };
    } finally {
      clearTimeout(timer);
    }
    if (signal.aborted) throw new Aborted();
    const base = `{"id":${JSON.stringify(id)},"custom_id":${JSON.stringify(line.customId)}`;
    if (lineError) {
      batch.request_counts.failed++;
      await errors.write(`${base},"response":null,"error":${JSON.stringify(lineError)}}`);
      return;
    }
    const text = `${base},"response":{"status_code":${status},"request_id":${JSON.stringify(requestId)},"body":${payload}},"error":null}`;
    if (status >= 400) {
      batch.request_counts.failed++;
      await errors.write(text);
      return;
    }
    batch.request_counts.completed++;
    this.addUsage(batch, parsed);
    await output.write(text);
  }

  private addUsage(batch: BatchObject, body: unknown): void {
    const usage = (body as { usage?: Record<string, unknown> } | null)?.usage;
    if (!usage || typeof usage !== 'object') return;
    const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
    const input = number(usage.prompt_tokens ?? usage.input_tokens);
    const output = number(usage.completion_tokens ?? usage.output_tokens);
    batch.usage ??= {
      input_tokens: 0,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 0,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 0,
    };
    batch.usage.input_tokens += input;
    batch.usage.output_tokens += output;
    batch.usage.total_tokens += number(usage.total_tokens) || input + output;
  }
}

/** The promise, or a rejection as soon as the signal aborts (a stalled answer never settles). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function snapshot(batch: BatchObject): BatchObject {
  return structuredClone(batch);
}

export function noSuchBatch(id: string): ApiError {
  return new ApiError(404, {
    message: `No batch found with id '${id}'.`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}
