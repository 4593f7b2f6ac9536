import { runtimeHidesRedirects, streamsRequestBodies } from '../platform/runtime.js';
import { AnyIntError, APIConnectionError, APITimeoutError, APIUserAbortError } from './errors.js';
import type { MultipartBody } from './multipart.js';

/** Response headers with lower-case names; repeated headers joined by `, `. */
export type ResponseHeaders = Record<string, string>;

/** JSON text, bytes, or a multipart form that each transport sends the way it can (see `MultipartBody`). */
export type RequestBody = string | Uint8Array | MultipartBody;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: RequestBody | undefined;
  /**
   * Deadline of the attempt in ms, from sending until the body is read whole (`text()`,
   * `arrayBuffer()`). Once the body is handed over (`body()`, `stream()`, `handOver()`), only the
   * time between two chunks counts, so a long download is never cut while bytes flow.
   */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** A response whose body has not been read yet. Read it once, or `discard()` it. */
export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  body(): AsyncIterable<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  /**
   * The body goes to a caller who reads it at its own pace (a binary download): from now on the
   * timeout counts only the time without data, not the attempt's deadline.
   */
  handOver(): void;
  /**
   * At most `maxBytes` of the body as text, within the attempt's deadline like `text()`; the rest is
   * not read (the connection drops it). `cut` says whether there was more.
   */
  textUpTo(maxBytes: number): Promise<{ text: string; cut: boolean }>;
  discard(): Promise<void>;
  /** Set by the client: the most a JSON or text parser reads of this body (see `readText`). */
  maxTextBytes?: number;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** Why a request produced no usable response. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'network' | 'abort',
    /** True when the failure happened before any byte of the request could reach the server. */
    readonly beforeSend: boolean,
    options: { cause: unknown },
  ) {
    super(kind, options);
  }
}

const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Whether an error came from the transport (a `TransportFailure`, or a raw socket error with a code). */
export function isTransportFailure(error: unknown): boolean {
  return error instanceof TransportFailure || errorCode(error) !== undefined;
}

export function toTransportFailure(error: unknown, signal: AbortSignal | undefined): TransportFailure {
  if (error instanceof TransportFailure) return error;
  if (signal?.aborted) return new TransportFailure('abort', false, { cause: error });
  const code = errorCode(error);
  const kind = code && TIMEOUT_CODES.has(code) ? 'timeout' : 'network';
  return new TransportFailure(kind, code !== undefined && BEFORE_SEND_CODES.has(code), { cause: error });
}

/** A transport over a WHATWG `fetch`, for runtimes without undici or a caller's own fetch. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (request) => {
    const body = request.body;
    // Redirects come back to the client, which follows them by its own policy (as over undici);
    // a browser hides them (an opaque redirect), so there the runtime follows instead.
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers: request.headers,
      redirect: runtimeHidesRedirects() ? 'follow' : 'manual',
    };
    if (typeof body === 'string' || body instanceof Uint8Array) init.body = body as BodyInit;
    else if (body) {
      // Streamed where the runtime can send a stream body; browsers cannot over HTTP/1.1 (Chromium
      // fails with ERR_ALPN_NEGOTIATION_FAILED), so there the form goes as one Blob.
      const sendable = await body.forFetch(streamsRequestBodies());
      if (sendable instanceof Blob) {
        // fetch sets the length of a Blob itself (and Node's refuses a second one).
        const { 'content-length': _, ...rest } = request.headers;
        init.headers = rest;
        init.body = sendable;
      } else {
        init.body = streamFrom(sendable);
        init.duplex = 'half';
      }
    }
    const timeout = new AttemptTimeout(request.timeoutMs);
    init.signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    let response: Response;
    try {
      response = await fetchImpl(request.url, init);
    } catch (error) {
      timeout.clear();
      throw fetchFailure(error, request.signal, timeout);
    }
    const headers: ResponseHeaders = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const chunks = (): ReadableStream<Uint8Array> => {
      const source = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
      return source.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            timeout.touch();
            controller.enqueue(chunk);
          },
          flush: () => timeout.clear(),
        }),
      );
    };
    const stream = (): ReadableStream<Uint8Array> => {
      timeout.handOver();
      return chunks();
    };
    const read = async <T>(reader: (r: Response) => Promise<T>): Promise<T> => {
      try {
        return await reader(new Response(chunks()));
      } catch (error) {
        throw fetchFailure(error, request.signal, timeout);
      } finally {
        timeout.clear();
      }
    };
    return {
      status: response.status,
      headers,
      text: () => read((r) => r.text()),
      arrayBuffer: () => read((r) => r.arrayBuffer()),
      body: () => chunksOf(stream()),
      stream,
      handOver: () => timeout.handOver(),
      textUpTo: (maxBytes) => read((r) => prefixOf(chunksOf(r.body as ReadableStream<Uint8Array>), maxBytes)),
      discard: async () => {
        timeout.clear();
        await response.body?.cancel().catch(() => undefined);
      },
    };
  };
}

/** A stream's chunks by its reader: not every browser makes a `ReadableStream` async-iterable. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    // An early `break` cancels the rest of the body, as async iteration of the stream would.
    await reader.cancel().catch(() => undefined);
  }
}

/** `ReadableStream.from`, or the same by hand where a runtime lacks it (some browsers). */
function streamFrom(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const from = (
    ReadableStream as { from?: (source: AsyncIterable<Uint8Array>) => ReadableStream<Uint8Array> }
  ).from;
  if (from) return from.call(ReadableStream, source);
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

function fetchFailure(
  error: unknown,
  signal: AbortSignal | undefined,
  timeout: AttemptTimeout,
): TransportFailure {
  if (timeout.fired) return new TransportFailure('timeout', false, { cause: error });
  return toTransportFailure(error, signal);
}

/**
 * The timeout of one attempt: a deadline from the start of the attempt until `handOver()` (or
 * `clear()`), then a limit on the time without data, which `touch()` (a chunk arrived) postpones.
 * Only the transports' own timer counts, so a 200 ms timeout fires at 200 ms whatever the stage
 * (connecting, sending, waiting, reading). Built on plain `setTimeout` and `Date.now()`, which every
 * runtime has (Node's `Timeout.refresh()` is not one of them): in the idle stage the timer checks the
 * last activity when it fires and, if there was some, waits the rest.
 */
export class AttemptTimeout {
  readonly #controller = new AbortController();
  readonly #ms: number;
  #idle = false;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  fired = false;

  constructor(ms: number) {
    this.#ms = ms;
    this.#arm(ms);
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => {
      if (this.#idle) {
        const idle = Date.now() - this.#last;
        if (idle < this.#ms) return this.#arm(this.#ms - idle);
      }
      this.fired = true;
      this.#controller.abort(
        new Error(this.#idle ? `No data for ${this.#ms} ms` : `No complete answer within ${this.#ms} ms`),
      );
    }, delay);
    // Node and Bun: a pending timeout must not keep the process alive. Elsewhere it is a number.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The body goes to a caller who reads it at its pace: from now on only idle time counts. */
  handOver(): void {
    if (this.#idle || this.fired) return;
    this.#idle = true;
    this.#last = Date.now();
    clearTimeout(this.#timer);
    this.#arm(this.#ms);
  }

  touch(): void {
    if (this.#idle) this.#last = Date.now();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** The public error for a failed transport: abort, timeout or connection error. */
export function connectionError(error: unknown, route: string, signal?: AbortSignal): AnyIntError {
  if (AnyIntError.isInstance(error)) return error;
  const failure = toTransportFailure(error, signal);
  if (failure.kind === 'abort')
    return new APIUserAbortError(undefined, { cause: signal?.reason ?? failure.cause });
  const options = { cause: failure.cause, requestSent: !failure.beforeSend };
  if (failure.kind === 'timeout') return new APITimeoutError(`Request timed out (${route}).`, route, options);
  const detail = failure.cause instanceof Error ? `: ${failure.cause.message}` : '';
  return new APIConnectionError(`Connection error (${route})${detail}`, route, options);
}

/** The first `maxBytes` of a body as text; leaving the loop early cancels the rest. */
export async function prefixOf(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<{ text: string; cut: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of chunks) {
    const room = maxBytes - bytes;
    if (chunk.byteLength > room) return { text: text + decoder.decode(chunk.subarray(0, room)), cut: true };
    bytes += chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), cut: false };
}
