import AnyInt, { toFile } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import * as openai from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SDK, scenario } from './scenario.js';

const apiKey = 'sk-openai-compat';
let emulator: Emulator;

beforeAll(async () => {
  // timeScale: batches and videos finish in milliseconds.
  emulator = await startEmulator({ apiKey, seed: 7, timeScale: 1000 });
});
afterAll(() => emulator?.close());

/** The scenario's results, and the requests it made (a job polled more or fewer times counts once). */
async function run(sdk: SDK) {
  emulator.reset();
  const result = await scenario(sdk, { apiKey, baseURL: emulator.url });
  const requests = emulator.requests
    .map((r) => `${r.method} ${r.path} ${r.status}`)
    .filter((line, i, all) => !(line.startsWith('GET ') && line === all[i - 1]));
  return { result, requests };
}

// Where the two SDKs differ on purpose (see the client README's table): leaves the scenario's
// results comparable without hiding anything else.
function withoutKnownDifferences(result: Record<string, unknown>): Record<string, unknown> {
  const messages = result['beta.threads.runs.stream finalMessages'] as { index?: number }[][];
  return {
    ...result,
    // openai@6 builds final messages from the deltas and keeps each part's `index`; @anyint/client
    // returns the message the server completed, as it is on the wire.
    'beta.threads.runs.stream finalMessages': messages.map((parts) =>
      parts.map(({ index: _, ...part }) => part),
    ),
  };
}

describe('swap the import: one script written against openai@6', () => {
  it('sends the same requests and gets the same results with @anyint/client', async () => {
    const official = await run(openai);
    // The only change: the module the script's client and toFile come from.
    const ours = await run({ default: AnyInt, toFile } as unknown as SDK);
    expect(ours.requests).toEqual(official.requests);
    const expected = withoutKnownDifferences(official.result);
    const actual = withoutKnownDifferences(ours.result);
    for (const name of Object.keys(expected)) expect(actual[name], name).toEqual(expected[name]);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
  });
});
