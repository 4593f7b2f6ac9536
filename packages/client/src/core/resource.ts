import type { AnyInt, RequestOptions, RequestSpec } from '../client.js';
import { PagePromise } from './pagination.js';
import { readJSON } from './parse.js';

type Query = Record<string, string | number | boolean | undefined>;

export abstract class APIResource {
  protected readonly client: AnyInt;
  /** Headers every request of this resource carries. */
  protected readonly headers: Record<string, string> | undefined = undefined;

  constructor(client: AnyInt) {
    this.client = client;
  }

  /** A request whose answer is a JSON object. */
  protected json<T>(spec: Omit<RequestSpec<T>, 'parse'>, options: RequestOptions | undefined): Promise<T> {
    return this.client.request<T>(
      { headers: this.headers, ...spec, parse: (response, route) => readJSON<T>(response, route) },
      options,
    );
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
