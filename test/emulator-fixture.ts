/**
 * Test helpers every package's tests share: an emulator over real loopback HTTP with a random key
 * (so a test can prove the key never leaks), and small measures the tests assert on.
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { type Emulator, type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { afterAll, beforeEach, vi } from 'vitest';

export interface TestEmulator {
  emulator: Emulator;
  apiKey: string;
  /** Requests the emulator saw on a path since the last reset. */
  requestsTo(path: string): Emulator['requests'];
}

type Options = EmulatorOptions | ((apiKey: string) => EmulatorOptions);

function start(options: Options): { fixture: TestEmulator; ready: Promise<Emulator> } {
  const apiKey = `sk-test-${randomBytes(12).toString('hex')}`;
  const resolved = typeof options === 'function' ? options(apiKey) : options;
  const fixture = { apiKey } as TestEmulator;
  fixture.requestsTo = (path) => fixture.emulator.requests.filter((r) => r.path.endsWith(path));
  const ready = startEmulator({ apiKey, seed: 1, ...resolved }).then((emulator) => {
    fixture.emulator = emulator;
    return emulator;
  });
  return { fixture, ready };
}

/** Starts one emulator for the test file (127.0.0.1, port 0), reset before each test, closed after the last. */
export function useEmulator(options: Options = {}): TestEmulator {
  const { fixture, ready } = start(options);
  beforeEach(async () => {
    (await ready).reset();
  });
  afterAll(async () => {
    await (await ready).close();
  });
  return fixture;
}

/** Starts an extra emulator for one test; the caller closes it. */
export async function startTestEmulator(options: Options = {}): Promise<TestEmulator> {
  const { fixture, ready } = start(options);
  await ready;
  return fixture;
}

/** Cosine similarity of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** The rejection of a promise that must fail. */
export function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** The largest number of requests that were in flight at the same time. */
export function maxInFlight(requests: Emulator['requests']): number {
  const events = requests.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.startedAt + r.durationMs, delta: -1 },
  ]);
  // Ends sort before starts at the same instant, so back-to-back requests do not count as overlapping.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}

/**
 * Runs `work` with every timer on a fake clock (the emulator's `latencyMs` and `delay` faults among
 * them) that stands still until `count` requests are in flight at the emulator at once, then moves a
 * millisecond at a time while a timer is pending. It resolves with the work's result once that peak was
 * seen; it rejects when the work settles first, so a client that never opens `count` requests fails.
 * Nothing here reads the wall clock: how busy the machine is cannot change the outcome.
 */
export async function whenInFlight<T>(emulator: Emulator, count: number, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let settled = false;
    const result = work().finally(() => {
      settled = true;
    });
    // Handled here too, so a throw below does not leave the work's rejection unhandled.
    result.catch(() => {});
    let reached = false;
    while (!settled) {
      const inFlight = emulator.requests.filter((r) => r.status === 0).length;
      if (inFlight > count) throw new Error(`${inFlight} requests in flight, expected at most ${count}`);
      if (inFlight === count) reached = true;
      if (reached && vi.getTimerCount() > 0) await vi.advanceTimersByTimeAsync(1);
      else await tick();
    }
    const value = await result;
    if (!reached) throw new Error(`The work finished without ever having ${count} requests in flight`);
    return value;
  } finally {
    vi.useRealTimers();
  }
}
