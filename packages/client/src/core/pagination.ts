import type { APIPromise } from './api-promise.js';
import { AnyIntError } from './errors.js';
import { isObject } from './parse.js';

export interface Page<T> extends AsyncIterable<T> {
  data: T[];
  has_more: boolean;
  first_id?: string | null;
  last_id?: string | null;
  /** The page after this one, or `null` when this is the last. */
  nextPage(): Promise<Page<T> | null>;
  /** As in `openai@6`: whether `getNextPage()` has a page to fetch. */
  hasNextPage(): boolean;
  /** As in `openai@6`: the next page; throws when `hasNextPage()` is false. */
  getNextPage(): Promise<Page<T>>;
  /** This page and every page after it, fetched as the loop reaches them. */
  iterPages(): AsyncGenerator<Page<T>>;
}

export type FetchPage = (after: string | undefined) => APIPromise<unknown>;

/**
 * A list call: `await` it for the first page, or `for await` over it for every item, pages fetched
 * lazily with the `after` cursor as the loop reaches them.
 */
export class PagePromise<T extends { id: string }> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetch: FetchPage;
  readonly #after: string | undefined;
  #first: ReturnType<typeof loadPage<T>> | undefined;

  constructor(fetch: FetchPage, after?: string) {
    this.#fetch = fetch;
    this.#after = after;
  }

  #firstPage(): Promise<Page<T>> {
    return this.#loaded().then(({ page }) => page);
  }

  #loaded(): ReturnType<typeof loadPage<T>> {
    this.#first ??= loadPage(this.#fetch, this.#after);
    return this.#first;
  }

  /** The first page with the `Response` it came in and its request id, as `openai@6` has it. */
  async withResponse(): Promise<{ data: Page<T>; response: Response; request_id: string | null }> {
    const { page, response, request_id } = await this.#loaded();
    return { data: page, response, request_id };
  }

  // biome-ignore lint/suspicious/noThenProperty: a page promise is awaited like the official SDK's lists.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this.#firstPage();
  }
}

async function loadPage<T extends { id: string }>(
  fetch: FetchPage,
  after: string | undefined,
): Promise<{ page: Page<T>; response: Response; request_id: string | null }> {
  const { data: body, response, request_id } = await fetch(after).withResponse();
  const data = (isObject(body) && Array.isArray(body.data) ? body.data : []) as T[];
  const cursor = (isObject(body) && typeof body.last_id === 'string' && body.last_id) || data.at(-1)?.id;
  // As in the official SDK, only `has_more: false` or an empty page ends a list: some upstreams omit
  // `has_more`, and a page with items may then have a successor. A cursor that does not move (an
  // upstream that ignores `after`) ends it too, so a list never loops on one page.
  const hasMore = isObject(body) && typeof body.has_more === 'boolean' ? body.has_more : data.length > 0;
  const hasNextPage = () => Boolean(hasMore && cursor && cursor !== after && data.length > 0);
  const page: Page<T> = {
    ...(isObject(body) ? body : {}),
    data,
    has_more: hasMore,
    nextPage: async () => (hasNextPage() ? (await loadPage<T>(fetch, cursor)).page : null),
    hasNextPage,
    getNextPage: async () => {
      if (!hasNextPage()) {
        throw new AnyIntError(
          'No next page expected; check `.hasNextPage()` before calling `.getNextPage()`.',
        );
      }
      return (await loadPage<T>(fetch, cursor)).page;
    },
    async *iterPages() {
      for (let next: Page<T> | null = page; next; next = await next.nextPage()) yield next;
    },
    async *[Symbol.asyncIterator]() {
      for await (const each of page.iterPages()) yield* each.data;
    },
  };
  // Helpers stay out of the page's keys, so it compares and serialises as the wire page does.
  for (const name of ['nextPage', 'hasNextPage', 'getNextPage', 'iterPages', Symbol.asyncIterator] as const) {
    Object.defineProperty(page, name, { enumerable: false });
  }
  return { page, response, request_id };
}
