import { isObject } from './parse.js';

export interface Page<T> {
  data: T[];
  has_more: boolean;
  first_id?: string | null;
  last_id?: string | null;
  /** The page after this one, or `null` when this is the last. */
  nextPage(): Promise<Page<T> | null>;
}

export type FetchPage = (after: string | undefined) => Promise<unknown>;

/**
 * A list call: `await` it for the first page, or `for await` over it for every item, pages fetched
 * lazily with the `after` cursor as the loop reaches them.
 */
export class PagePromise<T extends { id: string }> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetch: FetchPage;
  readonly #after: string | undefined;
  #first: Promise<Page<T>> | undefined;

  constructor(fetch: FetchPage, after?: string) {
    this.#fetch = fetch;
    this.#after = after;
  }

  #firstPage(): Promise<Page<T>> {
    this.#first ??= loadPage(this.#fetch, this.#after);
    return this.#first;
  }

  // biome-ignore lint/suspicious/noThenProperty: a page promise is awaited like the official SDK's lists.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> | null = await this.#firstPage();
    while (page) {
      yield* page.data;
      page = await page.nextPage();
    }
  }
}

async function loadPage<T extends { id: string }>(
  fetch: FetchPage,
  after: string | undefined,
): Promise<Page<T>> {
  const body = await fetch(after);
  const data = (isObject(body) && Array.isArray(body.data) ? body.data : []) as T[];
  const cursor = (isObject(body) && typeof body.last_id === 'string' && body.last_id) || data.at(-1)?.id;
  // Some upstreams omit has_more: a full page with a cursor may have a successor, an empty one has not.
  const hasMore = isObject(body) && typeof body.has_more === 'boolean' ? body.has_more : false;
  return {
    ...(isObject(body) ? body : {}),
    data,
    has_more: hasMore,
    nextPage: () => (hasMore && cursor && data.length > 0 ? loadPage(fetch, cursor) : Promise.resolve(null)),
  };
}
