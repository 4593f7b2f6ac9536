import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { type PollOptions, pollJob } from '../core/polling.js';
import { APIResource } from '../core/resource.js';
import { pathId, requireObject, requireOneOf, requireString } from '../core/validate.js';

export type BatchEndpoint =
  | '/v1/embeddings'
  | '/v1/chat/completions'
  | '/v1/responses'
  | '/v1/completions'
  | '/v1/moderations'
  | '/v1/images/generations'
  | '/v1/images/edits';
const ENDPOINTS: readonly BatchEndpoint[] = [
  '/v1/embeddings',
  '/v1/chat/completions',
  '/v1/responses',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
];

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
  code?: string;
  message?: string;
  param?: string | null;
  line?: number | null;
}

export interface Batch {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id?: string | null;
  error_file_id?: string | null;
  created_at: number;
  errors?: { object?: string; data?: BatchError[] } | null;
  request_counts?: { total: number; completed: number; failed: number };
  metadata?: Record<string, string> | null;
  [extra: string]: unknown;
}

export interface BatchCreateParams {
  /** A file uploaded with purpose `batch`. */
  input_file_id: string;
  endpoint: BatchEndpoint;
  completion_window: '24h';
  metadata?: Record<string, string>;
}

const DONE = new Set(['completed']);
const FAILED = new Set(['failed', 'expired', 'cancelled']);

export class Batches extends APIResource {
  /**
   * Starts a batch over an uploaded JSONL file.
   *
   * @example
   * const batch = await anyint.batches.create({ input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' });
   */
  create(params: BatchCreateParams, options?: RequestOptions): APIPromise<Batch> {
    return this.json<Batch>(() => {
      requireObject('params', params);
      requireString('input_file_id', params.input_file_id);
      requireOneOf('endpoint', params.endpoint, ENDPOINTS);
      requireString('completion_window', params.completion_window);
      return { method: 'POST', path: '/batches', body: params };
    }, options);
  }

  retrieve(batchId: string, options?: RequestOptions): APIPromise<Batch> {
    return this.json<Batch>(
      () => ({ method: 'GET', path: `/batches/${pathId('batchId', batchId)}`, namesResource: true }),
      options,
    );
  }

  list(params: { limit?: number; after?: string } = {}, options?: RequestOptions): PagePromise<Batch> {
    return this.paginate<Batch>('/batches', params, options);
  }

  cancel(batchId: string, options?: RequestOptions): APIPromise<Batch> {
    return this.json<Batch>(
      () => ({ method: 'POST', path: `/batches/${pathId('batchId', batchId)}/cancel`, namesResource: true }),
      options,
    );
  }

  /**
   * Waits until the batch completes; `failed`, `expired` and `cancelled` throw `JobFailedError`.
   *
   * @example
   * const done = await anyint.batches.poll(batch.id, { onProgress: ({ status, progress }) => console.log(status, progress) });
   */
  async poll(batchId: string, options: PollOptions<Batch> & RequestOptions = {}): Promise<Batch> {
    pathId('batchId', batchId);
    const { intervalMs, maxIntervalMs, timeoutMs, onProgress, ...requestOptions } = options;
    return pollJob(
      (signal) => this.retrieve(batchId, { ...requestOptions, signal }),
      {
        kind: 'Batch',
        done: DONE,
        failed: FAILED,
        progressOf: (batch) =>
          batch.request_counts?.total
            ? Math.round(
                (100 * (batch.request_counts.completed + batch.request_counts.failed)) /
                  batch.request_counts.total,
              )
            : undefined,
        describeFailure: (batch) =>
          batch.errors?.data
            ?.slice(0, 3)
            .map((e) =>
              [e.line !== undefined && e.line !== null ? `line ${e.line}` : '', e.message]
                .filter(Boolean)
                .join(': '),
            )
            .join('; '),
      },
      { intervalMs, maxIntervalMs, timeoutMs, onProgress, signal: options.signal },
    );
  }
}
