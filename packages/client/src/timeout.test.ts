import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APITimeoutError } from './index.js';
import { useEmulator } from './test-support.js';

// `slow-embedding` answers after a minute; `stalled-embedding` sends its headers and then nothing.
const ctx = useEmulator({
  faults: [
    { model: 'slow-embedding', kind: 'delay', delayMs: 60_000 },
    { model: 'stalled-embedding', kind: 'stall' },
  ],
});

afterEach(() => {
  vi.useRealTimers();
});

/** Lets loopback I/O and promise callbacks run, without moving the (fake) clock. */
async function settle(done: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await tick();
}

const transports = [
  ['undici', {}],
  ['fetch', { fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init) }],
] as const;

describe('timeout is a deadline for each attempt', () => {
  for (const [transport, options] of transports) {
    for (const [stage, model, arrived] of [
      ['waiting for the answer', 'slow-embedding', (status: number) => status === 0],
      ['reading the body after the headers', 'stalled-embedding', (status: number) => status === 200],
    ] as const) {
      it(`${transport}: fires at the deadline while ${stage}, by the clock of the attempt alone`, async () => {
        // Only timers are fake: the emulator's delay waits on them too, so nothing moves unless the
        // test moves it, and no idle timer on another clock can fire first or late.
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
        const client = ctx.client({ timeout: 200, maxRetries: 0, ...options });
        let settled = false;
        const call = client.embeddings.create({ model, input: 'hello' }).finally(() => {
          settled = true;
        });
        const outcome = call.then(
          () => undefined,
          (error: unknown) => error,
        );
        const seen = () => ctx.requestsTo('/embeddings').some((r) => arrived(r.status));
        await settle(seen, 10_000);
        expect(seen()).toBe(true);
        // The stalled answer's headers must reach the client before the clock moves.
        await settle(() => false, 50);

        await vi.advanceTimersByTimeAsync(199);
        await settle(() => settled);
        expect(settled).toBe(false);

        await vi.advanceTimersByTimeAsync(1);
        await settle(() => settled);
        expect(settled).toBe(true);
        const error = await outcome;
        expect(APITimeoutError.isInstance(error), String(error)).toBe(true);
        expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
      });
    }
  }
});
