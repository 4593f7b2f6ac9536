import { APITimeoutError, APIUserAbortError, InvalidResponseError, JobFailedError } from './errors.js';
import { isObject } from './parse.js';
import { sleep } from './retry.js';

export interface PollOptions<Job> {
  /** First wait between polls, in ms; later waits grow by half up to `maxIntervalMs`. Default 1000. */
  intervalMs?: number;
  /** Longest wait between polls, in ms. Default 8x `intervalMs`. */
  maxIntervalMs?: number;
  /** Give up (with `APITimeoutError`) after this long in total, in ms. Default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called after every poll. `progress` is 0-100 when the job reports it. */
  onProgress?: (update: { status: string; progress: number | undefined; job: Job }) => void;
}

export interface JobRules<Job> {
  /** e.g. 'Batch', for messages. */
  kind: string;
  /** Statuses where polling stops and the job is returned. */
  done: ReadonlySet<string>;
  /** Statuses where polling stops with `JobFailedError`. */
  failed: ReadonlySet<string>;
  progressOf?: (job: Job) => number | undefined;
  describeFailure?: (job: Job) => string | undefined;
}

// Upstreams behind the gateway spell job states their own way; polling understands them all.
const STATUS_WORDS: Record<string, string> = {
  succeed: 'completed',
  succeeded: 'completed',
  success: 'completed',
  successful: 'completed',
  done: 'completed',
  finished: 'completed',
  complete: 'completed',
  error: 'failed',
  failure: 'failed',
  fail: 'failed',
  processing: 'in_progress',
  running: 'in_progress',
  pending: 'queued',
  submitted: 'queued',
  canceled: 'cancelled',
};

/**
 * A job object with OpenAI's names: `id` from `task_id`, `status` from `task_status`, and status
 * words such as `succeed` or `processing` mapped to OpenAI's.
 */
export function normaliseJob<Job extends { id: string; status: string }>(job: Job): Job {
  const raw = job as Job & { task_id?: unknown; task_status?: unknown };
  const id = typeof raw.id === 'string' && raw.id ? raw.id : String(raw.task_id ?? '');
  const word = String(raw.status ?? raw.task_status ?? '').toLowerCase();
  const status = STATUS_WORDS[word] ?? word;
  return id === job.id && status === job.status ? job : { ...job, id, status };
}

/** Polls `retrieve` until the job reaches a done or failed status. */
export async function pollJob<Job extends { id: string; status: string }>(
  retrieve: (signal: AbortSignal | undefined) => Promise<Job>,
  rules: JobRules<Job>,
  options: PollOptions<Job> = {},
): Promise<Job> {
  const { intervalMs = 1000, timeoutMs, signal, onProgress } = options;
  const maxIntervalMs = Math.max(intervalMs, options.maxIntervalMs ?? intervalMs * 8);
  if (signal?.aborted)
    throw new APIUserAbortError('Polling was aborted before it started.', { cause: signal.reason });
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const answer: unknown = await retrieve(signal);
    // An answer that is not a job (null, no status) would otherwise poll forever or crash.
    const job = isObject(answer) ? normaliseJob(answer as Job) : undefined;
    if (!job?.status) {
      throw new InvalidResponseError(
        `${rules.kind} polling got ${JSON.stringify(answer)?.slice(0, 120)}, not a job with a status.`,
        `poll ${rules.kind.toLowerCase()}`,
      );
    }
    onProgress?.({ status: job.status, progress: rules.progressOf?.(job), job });
    if (rules.done.has(job.status)) return job;
    if (rules.failed.has(job.status)) {
      const reason = rules.describeFailure?.(job)?.replace(/[.\s]+$/, '');
      throw new JobFailedError(
        `${rules.kind} ${job.id} ended ${job.status}${reason ? `: ${reason}` : ''}.`,
        job.status,
        job,
      );
    }
    const wait = Math.min(intervalMs * 1.5 ** attempt, maxIntervalMs);
    if (Date.now() + wait > deadline) {
      throw new APITimeoutError(
        `${rules.kind} ${job.id} was still ${job.status} after ${timeoutMs} ms of polling.`,
        `poll ${job.id}`,
      );
    }
    try {
      await sleep(wait, signal);
    } catch (reason) {
      throw new APIUserAbortError('Polling was aborted.', { cause: reason });
    }
  }
}
