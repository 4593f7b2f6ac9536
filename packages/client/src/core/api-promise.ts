import { requestIdOf } from './errors.js';
import type { ResponseHeaders } from './http.js';

/** A result object with the id of the request that produced it (non-enumerable, as in `openai@6`). */
export type WithRequestID<T> = T extends readonly unknown[] | Response
  ? T
  : T extends object
    ? T & { _request_id?: string | null }
    : T;

/** What a successful request leaves behind besides its parsed body. */
export interface ResponseMeta {
  status: number;
  headers: ResponseHeaders;
}

export interface APIResult<T> {
  data: T;
  meta: ResponseMeta;
}

/** Sets `_request_id` on an object result without making it part of its JSON or its keys. */
export function addRequestID<T>(value: T, headers: ResponseHeaders): WithRequestID<T> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Response) {
    return value as WithRequestID<T>;
  }
  return Object.defineProperty(value, '_request_id', {
    value: requestIdOf(headers) ?? null,
    enumerable: false,
    configurable: true,
    writable: true,
  }) as WithRequestID<T>;
}

/**
 * The promise every API method returns: await it for the result, or call `withResponse()` for the
 * result together with the response's status and headers, as `openai@6`'s `APIPromise` does.
 */
export class APIPromise<T> extends Promise<WithRequestID<T>> {
  readonly #result: Promise<APIResult<WithRequestID<T>>>;

  constructor(result: Promise<APIResult<T>>) {
    // The executor is a no-op: the value comes from `#result`, through the overridden `then`.
    super((resolve) => resolve(null as WithRequestID<T>));
    this.#result = result.then(({ data, meta }) => ({ data: addRequestID(data, meta.headers), meta }));
  }

  /**
   * The result, the `Response` it came in (status and headers; its body has been read into `data`)
   * and the request id.
   */
  async withResponse(): Promise<{ data: WithRequestID<T>; response: Response; request_id: string | null }> {
    const { data, meta } = await this.#result;
    const response =
      data instanceof Response
        ? data
        : new Response(null, { status: meta.status, headers: new Headers(meta.headers) });
    return { data, response, request_id: requestIdOf(meta.headers) ?? null };
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a Promise.
  override then<R1 = WithRequestID<T>, R2 = never>(
    onfulfilled?: ((value: WithRequestID<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#result.then(({ data }) => data).then(onfulfilled, onrejected);
  }

  override catch<R = never>(
    onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): Promise<WithRequestID<T> | R> {
    return this.then(undefined, onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<WithRequestID<T>> {
    return this.then().finally(onfinally);
  }
}
