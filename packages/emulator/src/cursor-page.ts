import { invalidRequest } from './errors.js';

export interface CursorPage<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface PageQuery {
  limit: number;
  order: 'asc' | 'desc';
  after: string | undefined;
  before: string | undefined;
}

/** Reads `limit` (1..100, default 20), `order` (default 'desc'), `after` and `before` like OpenAI. */
export function parsePageQuery(
  query: Record<string, string> | undefined,
  defaults: { order?: 'asc' | 'desc'; limit?: number } = {},
): PageQuery {
  const raw = query ?? {};
  let limit = defaults.limit ?? 20;
  if (raw.limit !== undefined) {
    if (!/^-?\d+$/.test(raw.limit)) {
      throw invalidRequest(
        `Invalid type for 'limit': expected an integer, but got a string instead.`,
        'limit',
        'invalid_type',
      );
    }
    limit = Number(raw.limit);
    if (limit < 1 || limit > 100) {
      const below = limit < 1;
      throw invalidRequest(
        `Invalid 'limit': integer ${below ? 'below minimum' : 'above maximum'} value. Expected a value ${below ? '>= 1' : '<= 100'}, but got ${limit} instead.`,
        'limit',
        `integer_${below ? 'below_min' : 'above_max'}_value`,
      );
    }
  }
  const order = raw.order ?? defaults.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalidRequest(
      `Invalid value: '${order}'. Supported values are: 'asc', 'desc'.`,
      'order',
      'invalid_value',
    );
  }
  return { limit, order, after: raw.after || undefined, before: raw.before || undefined };
}

/**
 * Objects in creation order, listed with OpenAI's cursor pagination. A cursor is an object id; ids
 * of deleted objects stay valid cursors, so a page walk survives deletions.
 */
export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, T>();
  private readonly sequence = new Map<string, number>();
  private counter = 0;

  add(item: T): T {
    this.items.set(item.id, item);
    this.sequence.set(item.id, this.counter++);
    return item;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  /** In creation order. */
  values(): T[] {
    return [...this.items.values()];
  }

  clear(): void {
    this.items.clear();
    this.sequence.clear();
    this.counter = 0;
  }

  page(query: PageQuery, filter: (item: T) => boolean = () => true): CursorPage<T> {
    const ordered = this.values().filter(filter);
    if (query.order === 'desc') ordered.reverse();
    const position = (cursor: string, param: string) => {
      const seq = this.sequence.get(cursor);
      if (seq === undefined) {
        throw invalidRequest(`Invalid '${param}': no object with id '${cursor}'.`, param, 'invalid_value');
      }
      return seq;
    };
    const seqOf = (item: T) => this.sequence.get(item.id)!;
    const later = (a: number, b: number) => (query.order === 'asc' ? a > b : a < b);
    let window = ordered;
    if (query.after !== undefined) {
      const cursor = position(query.after, 'after');
      window = window.filter((item) => later(seqOf(item), cursor));
    }
    let data: T[];
    let hasMore: boolean;
    if (query.before !== undefined) {
      const cursor = position(query.before, 'before');
      window = window.filter((item) => later(cursor, seqOf(item)));
      // The objects right before the cursor; more exist further back.
      data = window.slice(Math.max(0, window.length - query.limit));
      hasMore = window.length > query.limit;
    } else {
      data = window.slice(0, query.limit);
      hasMore = window.length > query.limit;
    }
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: hasMore,
    };
  }
}
