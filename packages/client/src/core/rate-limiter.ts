import type { ResponseHeaders } from './http.js';

/**
 * What one upstream (base URL + model) has told the limiter about one of its buckets (requests or
 * tokens): the refill rate, the most it holds, and the level estimated at `at`.
 */
interface Bucket {
  /** Refill per millisecond; undefined until a limit is stated or inferred. */
  perMs: number | undefined;
  capacity: number;
  level: number;
  at: number;
  /**
   * Refill per millisecond that other clients on the same key take, as the upstream's counts show
   * it (0 until seen): the limiter spends only the rest, and only that share of what remains.
   */
  others: number;
  /**
   * What this client leaves in a stated bucket: one unseen request of another client on the key
   * fits in it, and the other's spending then shows in the counts, so no client keeps the bucket
   * drained while another is only ever refused (its refusals show nowhere).
   */
  reserve: number;
}

interface Sent {
  seq: number;
  tokens: number;
  startedAt: number;
  settled: boolean;
  /** Refused: it took nothing from the upstream's buckets. */
  refused: boolean;
}

interface Waiter {
  tokens: number;
  resolve: (permit: RatePermit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  onWait: ((ms: number) => void) | undefined;
  reported: boolean;
}

/** The last header observation applied, to infer a refill rate the upstream does not state. */
interface Observation {
  seq: number;
  remaining: number;
  at: number;
}

/** The window's step back on a refusal (halved, as TCP does). */
const DECREASE = 0.5;
/** AIMD on a rate nobody states: the step back from the refused rate, and the share of it a success adds. */
const RATE_DECREASE = 0.7;
const INCREASE_SHARE = 0.1;
/** Without any statement, a refused queue waits this long, doubling per refusal in a row. */
const FIRST_HOLD_MS = 500;
const MAX_HOLD_MS = 8000;
const MAX_WINDOW = 1024;
const HISTORY_MS = 2000;
/** Shortest interval a refill rate is inferred over, so a floored count does not swamp it. */
const MIN_SAMPLE_MS = 250;
/** A new client's first guess of tokens per character, until an upstream reports usage. */
const TOKENS_PER_CHAR = 0.25;
/** The smallest share of a stated limit one client keeps for itself, however busy the others. */
const MIN_SHARE = 0.1;
/** A share of the rest of a stated rate left unspent, so clients on one key do not meet at its edge. */
const SHARED_MARGIN = 0.9;
/** The share of a stated bucket kept in reserve. */
const RESERVE = 0.4;

/**
 * The part of the limiter's key one client fixes: upstreams limit per API key, and the client learns
 * everything else per base URL. The key enters only as a hash, so no copy of it is kept here.
 */
export function rateLimitScope(baseURL: string, apiKey: string): string {
  return `${baseURL}\n${fnv1a(apiKey)}`;
}

/** FNV-1a, 32 bits: tells keys apart in a map; not a secret's protection, which a map key needs none of. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16);
}

class KeyState {
  /** Requests allowed in flight: slow start from 1, halved on a refusal. */
  window = 1;
  threshold = Number.POSITIVE_INFINITY;
  inFlight = 0;
  holdUntil = 0;
  refusalsInRow = 0;
  seq = 0;
  appliedSeq = -1;
  /** True once an answer carried any rate-limit header: pace by them, not by AIMD. */
  stated = false;
  requests: Bucket = emptyBucket(0);
  tokens: Bucket = emptyBucket(0);
  /** AIMD's additive step, per bucket, set when a refusal without headers lowers the rate. */
  step = { requests: 0, tokens: 0 };
  observed: { requests?: Observation | undefined; tokens?: Observation | undefined } = {};
  /** The last stated count, to see what others spent since (timed from its request's sending). */
  shared: { requests?: Observation | undefined; tokens?: Observation | undefined } = {};
  sent: Sent[] = [];
  queue: Waiter[] = [];
  timer: ReturnType<typeof setTimeout> | undefined;
  timerAt = 0;
  tokensPerChar = TOKENS_PER_CHAR;
}

/**
 * One request's place in the limiter. `received` is called once its answer's headers are in (or it
 * failed without an answer); `rateLimited` when the answer turned out to be a refusal.
 */
export interface RatePermit {
  received(status: number | undefined, headers: ResponseHeaders | undefined): void;
  rateLimited(retryAfterMs: number | undefined): void;
}

/** What is known of a key's token budget right now, for callers that size their requests by it. */
export interface TokenBudget {
  /** Tokens that can be sent now without waiting. */
  available: number;
  /**
   * The most one request should take: this client's share of what the upstream lets through at
   * once, and no more than its reserve, so that one request of another client fits in this one's.
   */
  capacity: number;
  /** Tokens per request at which the requests limit binds as soon as the tokens limit (0 if unknown). */
  perRequest: number;
}

/** One upstream's share of a limiter (base URL, API key and model), as the client's request path uses it. */
export interface KeyPacer {
  /** Waits until a request of `tokens` may go. `onWait` hears how long the rate limit keeps it waiting, when it does. */
  acquire(
    tokens: number,
    signal: AbortSignal | undefined,
    onWait?: (ms: number) => void,
  ): Promise<RatePermit>;
  /** The token budget, once the upstream has stated or shown a tokens limit. */
  tokenBudget(): TokenBudget | undefined;
  /** Estimated tokens of `chars` characters of text, as the upstream counts them. */
  estimateTokens(chars: number): number;
  /** Corrects the estimate from the usage the upstream reported for `chars` characters. */
  learnTokens(chars: number, tokens: number): void;
}

/**
 * Registered with `Symbol.for`, so a limiter made by a second copy of this package (as adapters can
 * end up with) still paces the clients of this one. Not a member of the class: the public type of a
 * limiter is only its constructor.
 */
const PACER = Symbol.for('@anyint/client rate limiter');

/**
 * Paces requests so an upstream's rate limits are used, not hit: one per client, shareable between
 * clients and adapters that use the same API key (`new AnyInt({ rateLimiter })`). For each base URL
 * and model it reads the `x-ratelimit-*` headers and sends a request only when the upstream's buckets
 * should hold it; where the upstream states nothing, it lowers its rate on each refusal and raises it
 * again step by step (AIMD). A refusal's `Retry-After` holds every request waiting on that key, not
 * only the refused one. Requests start one at a time and the number in flight doubles with each round
 * of answers (like TCP slow start), so an upstream without limits soon gets full concurrency.
 *
 * @example
 * const limiter = new RateLimiter();
 * const a = new AnyInt({ rateLimiter: limiter });
 * const b = new AnyInt({ rateLimiter: limiter, timeout: 5_000 }); // paced together with `a`
 */
export class RateLimiter {
  constructor() {
    Object.defineProperty(this, PACER, { value: new Pacer() });
  }
}

/** The pacer behind a `RateLimiter` of any copy of this package; undefined for anything else. */
export function pacerOf(value: unknown): Pacer | undefined {
  const pacer =
    typeof value === 'object' && value !== null ? (value as Record<symbol, Pacer>)[PACER] : undefined;
  return typeof pacer?.forKey === 'function' ? pacer : undefined;
}

/** The limiter's state for every key, and the pacing it does. */
export class Pacer {
  readonly #keys = new Map<string, KeyState>();

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = new KeyState();
      this.#keys.set(key, state);
    }
    return state;
  }

  /** `key` is `rateLimitScope` and a model, joined by a newline. */
  forKey(key: string): KeyPacer {
    return {
      acquire: (tokens, signal, onWait) => this.acquire(key, tokens, signal, onWait),
      tokenBudget: () => this.tokenBudget(key),
      estimateTokens: (chars) => this.estimateTokens(key, chars),
      learnTokens: (chars, tokens) => this.learnTokens(key, chars, tokens),
    };
  }

  acquire(
    key: string,
    tokens: number,
    signal: AbortSignal | undefined,
    onWait?: (ms: number) => void,
  ): Promise<RatePermit> {
    const state = this.#state(key);
    if (signal?.aborted) return Promise.reject(signal.reason);
    // The common case, an idle key under its limits, costs no queue and no timer.
    if (state.queue.length === 0 && state.inFlight < state.window) {
      const now = Date.now();
      if (delayFor(state, tokens, now) === 0) return Promise.resolve(this.#start(state, tokens, now));
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        resolve,
        reject,
        signal,
        onAbort: undefined,
        onWait,
        reported: false,
      };
      if (signal) {
        waiter.onAbort = () => {
          const index = state.queue.indexOf(waiter);
          if (index !== -1) state.queue.splice(index, 1);
          reject(signal.reason);
          this.#pump(state);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      state.queue.push(waiter);
      this.#pump(state);
    });
  }

  /** The key's token budget, once an upstream has stated or shown a tokens limit. */
  tokenBudget(key: string): TokenBudget | undefined {
    const state = this.#keys.get(key);
    const bucket = state?.tokens;
    if (!state || bucket?.perMs === undefined || bucket.capacity <= 0) return undefined;
    const now = Date.now();
    const requestsPerMs = state.requests.perMs;
    return {
      available: Math.max(0, levelAt(bucket, now) - bucket.reserve),
      capacity: Math.min(bucket.capacity * shareOf(bucket), bucket.reserve || bucket.capacity),
      perRequest: requestsPerMs ? rateOf(bucket) / rateOf(state.requests) : 0,
    };
  }

  /** Estimated tokens of `chars` characters of text, as the key's upstream counts them. */
  estimateTokens(key: string, chars: number): number {
    return Math.ceil(chars * this.#state(key).tokensPerChar);
  }

  /** Corrects the estimate from the usage an upstream reported for `chars` characters. */
  learnTokens(key: string, chars: number, tokens: number): void {
    if (!(chars > 0 && tokens > 0)) return;
    const state = this.#state(key);
    // A moving average: one odd answer does not swing the estimate of every later request.
    state.tokensPerChar = state.tokensPerChar * 0.7 + (tokens / chars) * 0.3;
  }

  #start(state: KeyState, tokens: number, now: number): RatePermit {
    state.inFlight++;
    charge(state.requests, 1, now);
    charge(state.tokens, tokens, now);
    const sent: Sent = { seq: state.seq++, tokens, startedAt: now, settled: false, refused: false };
    state.sent.push(sent);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      state.inFlight--;
      sent.settled = true;
    };
    return {
      received: (status, headers) => {
        if (released) return;
        const at = Date.now();
        release();
        sent.refused = status === 429;
        if (headers) this.#observe(state, sent, headers, at, status === 429);
        if (headers && status === 429) this.#rateFromRefusal(state, sent, headers);
        if (status === 429) this.#refused(state, headers ? retryAfterOf(headers) : undefined, at);
        else if (status !== undefined && status < 500) this.#succeeded(state);
        this.#trim(state, at);
        this.#pump(state);
      },
      rateLimited: (retryAfterMs) => {
        release();
        sent.refused = true;
        this.#refused(state, retryAfterMs, Date.now());
        this.#pump(state);
      },
    };
  }

  #succeeded(state: KeyState): void {
    state.refusalsInRow = 0;
    if (state.window < state.threshold) state.window = Math.min(MAX_WINDOW, state.window + 1);
    else state.window = Math.min(MAX_WINDOW, state.window + 1 / state.window);
    if (!state.stated) {
      for (const name of ['requests', 'tokens'] as const) {
        const bucket = state[name];
        if (bucket.perMs !== undefined && state.step[name] > 0) {
          bucket.perMs += state.step[name];
          bucket.capacity = bucket.perMs * 1000;
        }
      }
    }
  }

  #refused(state: KeyState, retryAfterMs: number | undefined, now: number): void {
    state.refusalsInRow++;
    state.window = Math.max(1, Math.floor(state.window * DECREASE));
    state.threshold = state.window;
    const hold =
      retryAfterMs ?? Math.min(MAX_HOLD_MS, FIRST_HOLD_MS * 2 ** Math.max(0, state.refusalsInRow - 1));
    state.holdUntil = Math.max(state.holdUntil, now + hold);
    if (state.stated) {
      // Refused under stated limits: others took more than seen; this client halves its share.
      for (const name of ['requests', 'tokens'] as const) {
        const bucket = state[name];
        if (bucket.perMs === undefined || state.shared[name] === undefined) continue;
        const own = bucket.perMs - bucket.others;
        bucket.others = Math.min(bucket.perMs * (1 - MIN_SHARE), bucket.perMs - own * DECREASE);
      }
      return;
    }
    // Nothing stated: the rate that was just refused, halved, is the new rate to grow from.
    const recent = state.sent.filter((s) => s.startedAt >= now - HISTORY_MS);
    const span = Math.max(250, now - (recent[0]?.startedAt ?? now));
    const measured = {
      requests: recent.length / span,
      tokens: recent.reduce((sum, s) => sum + s.tokens, 0) / span,
    };
    for (const name of ['requests', 'tokens'] as const) {
      const bucket = state[name];
      const current = bucket.perMs === undefined ? measured[name] : Math.min(bucket.perMs, measured[name]);
      if (!(current > 0)) continue;
      bucket.perMs = current * RATE_DECREASE;
      // A second's worth at the lowered rate: enough to keep requests flowing, not a burst.
      bucket.capacity = bucket.perMs * 1000;
      bucket.level = 0;
      bucket.at = now + hold;
      state.step[name] = bucket.perMs * INCREASE_SHARE;
    }
  }

  /**
   * Rebases the buckets on what an answer says remains. The upstream counted this request somewhere
   * between its sending and its answer, floored the count, and has not counted the requests sent
   * after it: the level now lies in a band, and the limiter's own running estimate is kept when it
   * lies inside (it is the more precise), else moved to the nearest edge.
   */
  #observe(state: KeyState, sent: Sent, headers: ResponseHeaders, at: number, refused: boolean): void {
    const seen = {
      requests: readHeaders(headers, 'requests'),
      tokens: readHeaders(headers, 'tokens'),
    };
    if (seen.requests.remaining === undefined && seen.tokens.remaining === undefined) return;
    if (!state.stated) {
      // Stated limits replace whatever AIMD had guessed.
      state.stated = true;
      state.requests = emptyBucket(at);
      state.tokens = emptyBucket(at);
    }
    if (sent.seq < state.appliedSeq) return;
    state.appliedSeq = sent.seq;
    for (const name of ['requests', 'tokens'] as const) {
      const { limit, remaining } = seen[name];
      if (remaining === undefined) continue;
      const bucket = state[name];
      const fresh = bucket.capacity <= 0;
      // A refused request took nothing from the upstream's bucket.
      const cost = refused ? 0 : name === 'requests' ? 1 : sent.tokens;
      let later = 0;
      for (const other of state.sent) {
        if (other.seq > sent.seq && !other.settled) later += name === 'requests' ? 1 : other.tokens;
      }
      if (limit !== undefined) {
        bucket.perMs = limit / 60_000;
        bucket.capacity = Math.max(bucket.capacity, remaining + cost);
        bucket.reserve = bucket.capacity * RESERVE;
        this.#learnOthers(state, name, sent, remaining, cost);
      } else {
        this.#inferRate(state, name, sent, remaining, at);
        bucket.capacity = Math.max(bucket.capacity, remaining + cost);
      }
      // What remains is shared with the others on the key: this client counts on its share of it.
      const share = shareOf(bucket);
      const lower = Math.min(bucket.capacity, remaining) * share - later;
      const upper =
        Math.min(bucket.capacity, remaining + 1 + (bucket.perMs ?? 0) * (at - sent.startedAt)) * share -
        later;
      const running = levelAt(bucket, at);
      bucket.level = fresh ? lower : Math.min(upper, Math.max(lower, running));
      bucket.at = at;
    }
  }

  /**
   * A refusal that says both what remains and how long to wait (Azure's `retry-after-ms`) gives the
   * refill rate of a bucket the upstream does not state: what was missing over the wait.
   */
  #rateFromRefusal(state: KeyState, sent: Sent, headers: ResponseHeaders): void {
    const wait = Number.parseFloat(headers['retry-after-ms'] ?? '');
    if (!(wait > 0)) return;
    for (const name of ['requests', 'tokens'] as const) {
      const { limit, remaining } = readHeaders(headers, name);
      const bucket = state[name];
      const cost = name === 'requests' ? 1 : sent.tokens;
      if (limit !== undefined || remaining === undefined || remaining >= cost) continue;
      const sample = (Math.min(cost, bucket.capacity || cost) - remaining) / wait;
      if (sample > 0) bucket.perMs = bucket.perMs === undefined ? sample : Math.min(bucket.perMs, sample);
    }
  }

  /**
   * What other clients on the key spent between two stated counts: what the bucket would hold from
   * this client's spending alone, less what it reports. Sending times stand in for the upstream's
   * counting times; their jitter averages out over the samples.
   */
  #learnOthers(
    state: KeyState,
    name: 'requests' | 'tokens',
    sent: Sent,
    remaining: number,
    cost: number,
  ): void {
    const bucket = state[name];
    const perMs = bucket.perMs as number;
    const previous = state.shared[name];
    const at = sent.startedAt;
    const oldest = state.sent[0]?.seq ?? 0;
    if (!previous || previous.seq < oldest - 1 || sent.seq <= previous.seq) {
      state.shared[name] = { seq: sent.seq, remaining, at };
      return;
    }
    if (at - previous.at < MIN_SAMPLE_MS) return;
    state.shared[name] = { seq: sent.seq, remaining, at };
    let mine = cost;
    for (const other of state.sent) {
      if (other.seq > previous.seq && other.seq < sent.seq && !other.refused) {
        mine += name === 'requests' ? 1 : other.tokens;
      }
    }
    const expected = Math.min(bucket.capacity, previous.remaining + perMs * (at - previous.at)) - mine;
    const sample = (expected - remaining) / (at - previous.at);
    const blended = bucket.others === 0 && sample > 0 ? sample : bucket.others * 0.5 + sample * 0.5;
    bucket.others = Math.min(perMs * (1 - MIN_SHARE), Math.max(0, blended));
  }

  /** A refill rate from two observations: what came back, plus what was spent in between, over the time. */
  #inferRate(state: KeyState, name: 'requests' | 'tokens', sent: Sent, remaining: number, at: number): void {
    const previous = state.observed[name];
    const bucket = state[name];
    // A full bucket refills nothing, so an interval that touched the top would understate the rate.
    if (remaining >= bucket.capacity) {
      state.observed[name] = undefined;
      return;
    }
    if (!previous) {
      state.observed[name] = { seq: sent.seq, remaining, at };
      return;
    }
    if (at - previous.at < MIN_SAMPLE_MS) return;
    state.observed[name] = { seq: sent.seq, remaining, at };
    let spent = 0;
    for (const other of state.sent) {
      if (other.seq > previous.seq && other.seq <= sent.seq && !other.refused) {
        spent += name === 'requests' ? 1 : other.tokens;
      }
    }
    const sample = (remaining - previous.remaining + spent) / (at - previous.at);
    if (!(sample > 0)) return;
    bucket.perMs = bucket.perMs === undefined ? sample : bucket.perMs * 0.7 + sample * 0.3;
  }

  #trim(state: KeyState, now: number): void {
    if (state.sent.length < 64) return;
    const keepFrom = now - HISTORY_MS;
    state.sent = state.sent.filter((s) => !s.settled || s.startedAt >= keepFrom);
  }

  /** Starts every waiter that may go, in order, and sets one timer for the first that must wait. */
  #pump(state: KeyState): void {
    while (state.queue.length > 0) {
      if (state.inFlight >= state.window) return;
      const now = Date.now();
      const head = state.queue[0] as Waiter;
      const delay = delayFor(state, head.tokens, now);
      if (delay > 0) {
        if (!head.reported) {
          head.reported = true;
          head.onWait?.(delay);
        }
        this.#wake(state, now + delay);
        return;
      }
      state.queue.shift();
      if (head.signal && head.onAbort) head.signal.removeEventListener('abort', head.onAbort);
      head.resolve(this.#start(state, head.tokens, now));
    }
  }

  #wake(state: KeyState, at: number): void {
    if (state.timer !== undefined && state.timerAt <= at) return;
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timerAt = at;
    state.timer = setTimeout(
      () => {
        state.timer = undefined;
        this.#pump(state);
      },
      Math.max(1, at - Date.now()),
    );
  }
}

/** Milliseconds until a request of `tokens` may go: the hold after a refusal, then both buckets. */
function delayFor(state: KeyState, tokens: number, now: number): number {
  let delay = Math.max(0, state.holdUntil - now);
  delay = Math.max(delay, bucketDelay(state.requests, 1, now));
  delay = Math.max(delay, bucketDelay(state.tokens, tokens, now));
  return Math.ceil(delay);
}

function emptyBucket(at: number): Bucket {
  return { perMs: undefined, capacity: 0, level: 0, at, others: 0, reserve: 0 };
}

/** The refill this client may spend: the bucket's, less what others on the key take, with a margin once they show. */
function rateOf(bucket: Bucket): number {
  const perMs = bucket.perMs ?? 0;
  // Below a twentieth of the rate, what looks like others' spending is timing jitter.
  return bucket.others > perMs * 0.05 ? (perMs - bucket.others) * SHARED_MARGIN : perMs;
}

function shareOf(bucket: Bucket): number {
  return bucket.perMs ? rateOf(bucket) / bucket.perMs : 1;
}

function levelAt(bucket: Bucket, now: number): number {
  if (bucket.perMs === undefined) return bucket.level;
  return Math.min(bucket.capacity, bucket.level + rateOf(bucket) * Math.max(0, now - bucket.at));
}

function bucketDelay(bucket: Bucket, cost: number, now: number): number {
  if (bucket.perMs === undefined || bucket.capacity <= 0 || cost <= 0) return 0;
  // A request larger than the whole bucket goes when it is full, as upstreams let it.
  const needed = Math.min(
    bucket.capacity,
    Math.min(cost, bucket.capacity) + bucket.reserve * shareOf(bucket),
  );
  const level = levelAt(bucket, now);
  return level >= needed ? 0 : (needed - level) / rateOf(bucket);
}

function charge(bucket: Bucket, cost: number, now: number): void {
  if (bucket.perMs === undefined) return;
  bucket.level = levelAt(bucket, now) - cost;
  bucket.at = Math.max(now, bucket.at);
}

function readHeaders(
  headers: ResponseHeaders,
  name: 'requests' | 'tokens',
): { limit: number | undefined; remaining: number | undefined } {
  return {
    limit: count(headers[`x-ratelimit-limit-${name}`]),
    remaining: count(headers[`x-ratelimit-remaining-${name}`]),
  };
}

function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** `retry-after-ms`, else `Retry-After` in seconds or as a date; the reset durations are not a hold. */
function retryAfterOf(headers: ResponseHeaders): number | undefined {
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
