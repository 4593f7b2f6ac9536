import { resolveCorsOrigins } from './cors.js';
import { MAX_FILE_BYTES } from './file-store.js';
import type { RateLimitSpec } from './rate-limits.js';
import { checkRateLimitSpec } from './rate-limits.js';
export type PersonalityName = 'openai' | 'litellm' | 'kling';

export type RouteName =
  | 'embeddings'
  | 'images'
  | 'speech'
  | 'transcriptions'
  | 'translations'
  | 'moderations'
  | 'files'
  | 'batches'
  | 'assistants'
  | 'threads'
  | 'videos';

export interface ModelConfig {
  /** Upstream behaviour for this model id; defaults to the server's personality. */
  personality?: PersonalityName;
  /** Routes this model answers with 404 `unsupported_route`. */
  disabledRoutes?: RouteName[];
  /** Embedding inputs per request; more are rejected with DashScope's wording. */
  maxInputs?: number;
  /** Default embedding size for this model when the request has no `dimensions`. */
  dimensions?: number;
  /** The `encoding_format` values this upstream accepts; any other is a 400 naming it only in the message. */
  encodings?: ('float' | 'base64')[];
  /**
   * Job field names of video answers: `'kling'` sends Kling's `task_id` and `task_status`
   * (`submitted`, `processing`, `succeed`, `failed`) instead of `id` and `status`.
   */
  jobFields?: 'openai' | 'kling';
  /** This model's own limits; each field given overrides the server's `rateLimits`. */
  rateLimits?: RateLimitSpec;
}

export type FaultKind = 'status' | 'reset' | 'delay' | 'truncate' | 'malformed' | 'stall' | 'buffer';

export interface FaultSpec {
  /** Only requests to this route; any route when absent. */
  route?: RouteName;
  /** Only requests naming this model; any model when absent. */
  model?: string;
  /** Only requests whose path (after `/openai/v1`) ends with this, e.g. `'/content'`. */
  path?: string;
  /** Only requests with this HTTP method, e.g. `'DELETE'`; any method when absent. */
  method?: string;
  kind: FaultKind;
  /** HTTP status of a `status` fault (default 500). */
  status?: number;
  /** Seconds, sent as `Retry-After` on a `status` fault. */
  retryAfter?: number;
  /**
   * Milliseconds a `delay` fault waits before the normal answer (default 1000); on a `status` fault,
   * how long the error takes to come (a gateway timeout arrives after the upstream's deadline).
   */
  delayMs?: number;
  /**
   * Events of a streamed answer a `stall` or `truncate` fault lets through first (default 2 for
   * `stall`, half the stream for `truncate`); 0 cuts or stalls before the first event is complete.
   */
  afterChunks?: number;
  /** Probability 0..1 that a matching request is faulted, drawn from the seeded generator. */
  rate?: number;
  /** Fault only the first N matching requests. */
  count?: number;
  /**
   * Body of a `status` fault: OpenAI-shaped JSON (default), an HTML error page, nothing, or the JSON
   * `null` (valid JSON that is not the object asked for, with a 200).
   */
  body?: 'json' | 'html' | 'empty' | 'null';
  /** Error `code` of a JSON `status` fault, e.g. 'insufficient_quota'; a default per status otherwise. */
  code?: string;
  /** Error `message` of a JSON `status` fault; a default per status otherwise. */
  message?: string;
}

export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default '127.0.0.1'). */
  host?: string;
  /** When set, every /openai/v1 request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Seeds fault rates and any other randomness: same seed, same behaviour (default 1). */
  seed?: number;
  /** Upstream behaviour of the whole server (default 'openai'). */
  personality?: PersonalityName;
  /** Per model id overrides. */
  models?: Record<string, ModelConfig>;
  /**
   * The model ids that exist, as a real upstream has a model list. When set, a request naming any
   * other model (ids in `models` count as known) is answered as OpenAI does: 404 `model_not_found`,
   * "The model `<id>` does not exist or you do not have access to it." Default: every id exists.
   */
  knownModels?: string[];
  /** Faults to inject; the first one that fires for a request wins. */
  faults?: FaultSpec[];
  /** Milliseconds added before each answer (default 0). */
  latencyMs?: number;
  /** Speeds up asynchronous jobs (default 1). */
  timeScale?: number;
  /** Serve embeddings from a cache of vectors computed once per (text, dimensions); same output. */
  precomputed?: boolean;
  /**
   * Serve URL images and video content from a second loopback port (another origin) through
   * S3-style presigned URLs (`X-Amz-Date`, `X-Amz-Expires`), as upstreams that store media in a
   * bucket do: video content answers 302 there. Like S3, the storage host refuses a request that
   * also carries an `Authorization` header (400) and an expired URL (403). Default false.
   */
  presignedDownloads?: boolean;
  /** Largest file `POST /files` accepts, in bytes (default 512 MiB, OpenAI's limit); larger is a 413. */
  maxFileBytes?: number;
  /**
   * Origins whose pages may call the emulator from a browser: `'*'` (default, any origin, since the
   * emulator is a local tool) or exact origins such as `'http://localhost:5173'`. Preflight `OPTIONS`
   * requests are answered on every path without the API key and are not recorded in `requests`.
   */
  corsOrigin?: string | readonly string[];
  /**
   * Requests and tokens per minute per API key and model (`{ rpm, tpm, burstSeconds, style }`),
   * enforced with buckets that refill continuously and hold `burstSeconds` (default 60) of the rate.
   * Answers carry the limits as `style` says (default `'openai'`: the `x-ratelimit-*` headers, and a
   * 429 `rate_limit_exceeded` with `Retry-After`). Per model in `models[id].rateLimits`. Default: no limits.
   */
  rateLimits?: RateLimitSpec;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  apiKey: string | undefined;
  seed: number;
  personality: PersonalityName;
  models: Record<string, ModelConfig>;
  /** Undefined when every model id exists. */
  knownModels: ReadonlySet<string> | undefined;
  faults: FaultSpec[];
  latencyMs: number;
  timeScale: number;
  precomputed: boolean;
  presignedDownloads: boolean;
  maxFileBytes: number;
  corsOrigins: readonly string[];
  rateLimits: RateLimitSpec | undefined;
}

export const PERSONALITIES: readonly PersonalityName[] = ['openai', 'litellm', 'kling'];
export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'reset',
  'delay',
  'truncate',
  'malformed',
  'stall',
  'buffer',
];

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const personality = options.personality ?? 'openai';
  if (!PERSONALITIES.includes(personality)) {
    throw new TypeError(`Unknown personality '${personality}'; expected one of ${PERSONALITIES.join(', ')}`);
  }
  for (const fault of options.faults ?? []) {
    if (!FAULT_KINDS.includes(fault.kind)) {
      throw new TypeError(`Unknown fault kind '${fault.kind}'; expected one of ${FAULT_KINDS.join(', ')}`);
    }
    if (fault.rate !== undefined && !(fault.rate >= 0 && fault.rate <= 1)) {
      throw new TypeError(`Fault rate must be between 0 and 1, got ${fault.rate}`);
    }
  }
  const known = options.knownModels;
  if (known !== undefined && (!Array.isArray(known) || known.some((id) => typeof id !== 'string' || !id))) {
    throw new TypeError('knownModels must be an array of model ids (non-empty strings)');
  }
  const rateLimits = checkRateLimitSpec(options.rateLimits, 'rateLimits');
  for (const [id, config] of Object.entries(options.models ?? {})) {
    checkRateLimitSpec(config?.rateLimits, `models[${JSON.stringify(id)}].rateLimits`);
  }
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    apiKey: options.apiKey || undefined,
    seed: options.seed ?? 1,
    personality,
    models: options.models ?? {},
    knownModels: known && new Set([...known, ...Object.keys(options.models ?? {})]),
    faults: options.faults ?? [],
    latencyMs: Math.max(0, options.latencyMs ?? 0),
    timeScale: options.timeScale ?? 1,
    precomputed: options.precomputed ?? false,
    presignedDownloads: options.presignedDownloads ?? false,
    maxFileBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
    corsOrigins: resolveCorsOrigins(options.corsOrigin),
    rateLimits,
  };
}
