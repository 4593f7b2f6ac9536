import type { AnyIntCore, RequestOptions } from '../client.js';
import { APIPromise, type ResponseMeta } from './api-promise.js';
import { AnyIntValidationError } from './errors.js';
import { PagePromise } from './pagination.js';
import { readJSON } from './parse.js';
import { hasRequestPath, type RequestSpec, request } from './request-path.js';

type Query = Record<string, string | number | boolean | undefined>;

/** A request, or a function that checks the caller's input and then describes the request. */
type Describe<S> = S | (() => S | Promise<S>);

export abstract class APIResource {
  protected readonly client: AnyIntCore;
  /** Headers every request of this resource carries. */
  protected readonly headers: Record<string, string> | undefined = undefined;

  constructor(client: AnyIntCore) {
    // Resources are built by hand with `AnyIntCore`: a wrong argument fails here, not at the first request.
    if (typeof client !== 'object' || client === null || !hasRequestPath(client)) {
      throw new AnyIntValidationError(
        'client',
        'A resource (Embeddings, Files, …) takes an AnyIntCore or AnyInt client from @anyint/client, e.g. `new Embeddings(new AnyIntCore({ apiKey }))`.',
      );
    }
    this.client = client;
  }

  /**
   * Sends a request through the client's one request path and keeps the response's status and
   * headers for `withResponse()` and `_request_id`. A describe function that throws (bad input)
   * rejects the promise before anything is sent.
   */
  protected request<T>(describe: Describe<RequestSpec<T>>, options?: RequestOptions): APIPromise<T> {
    return new APIPromise(
      (async () => {
        const spec = typeof describe === 'function' ? await describe() : describe;
        let meta: ResponseMeta | undefined;
        const data = await request<T>(
          this.client,
          {
            ...spec,
            headers: spec.headers ?? this.headers,
            parse: async (response, route) => {
              const parsed = await spec.parse(response, route);
              meta = { status: response.status, headers: response.headers };
              return parsed;
            },
          },
          options,
        );
        return { data, meta: meta as ResponseMeta };
      })(),
    );
  }

  /** A request whose answer is a JSON object. */
  protected json<T>(
    describe: Describe<Omit<RequestSpec<T>, 'parse'>>,
    options: RequestOptions | undefined,
  ): APIPromise<T> {
    return this.request<T>(async () => {
      const spec = typeof describe === 'function' ? await describe() : describe;
      return { ...spec, parse: (response, route) => readJSON<T>(response, route) };
    }, options);
  }

  /** A cursor-paginated list. */
  protected paginate<T extends { id: string }>(
    path: string,
    query: Query | object = {},
    options?: RequestOptions,
  ): PagePromise<T> {
    const base = query as Query;
    return new PagePromise<T>((after) =>
      this.json({ method: 'GET', path, query: { ...base, after: after ?? base.after } }, options),
    );
  }
}
