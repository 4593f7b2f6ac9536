import { describe, expect, it } from 'vitest';
import { type AnyInt, AnyIntValidationError } from '../index.js';
import { useEmulator } from '../test-support.js';
import { concurrencyOption, connect, connectAdapter, rejectUnknownOptions } from './connection.js';

const ctx = useEmulator();
const spec = { adapter: 'TestAdapter' };

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (AnyIntValidationError.isInstance(error)) return error.field;
    throw error;
  }
  return undefined;
}

describe('connect', () => {
  it('builds a client from the options, and the request reaches that base URL with that key', async () => {
    const { client } = connect({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url, timeout: 5000 }, spec);
    expect(client.timeout).toBe(5000);
    await client.moderations.create({ input: 'hello' });
    expect(ctx.requestsTo('/moderations')).toHaveLength(1);
  });

  it("maps LangChain's configuration.baseURL and apiKey (what OpenAIEmbeddings users pass) instead of dropping them", async () => {
    const { client } = connect(
      { configuration: { baseURL: ctx.emulator.url, apiKey: ctx.apiKey, defaultHeaders: { 'x-team': 'a' } } },
      { ...spec, nativeOption: 'configuration' },
    );
    expect(client.baseURL).toBe(ctx.emulator.url);
    await client.moderations.create({ input: 'hello' });
    expect(ctx.requestsTo('/moderations')[0]?.headers['x-team']).toBe('a');
  });

  it("maps LlamaIndex's additionalSessionOptions.baseURL", () => {
    const { client } = connect(
      { apiKey: ctx.apiKey, additionalSessionOptions: { baseURL: ctx.emulator.url } },
      { ...spec, nativeOption: 'additionalSessionOptions' },
    );
    expect(client.baseURL).toBe(ctx.emulator.url);
  });

  it('refuses a framework spelling with no AnyInt meaning, and one that contradicts the option', () => {
    const native = { ...spec, nativeOption: 'configuration' as const };
    const unknown = { apiKey: 'k', configuration: { organization: 'org-1' } } as never;
    expect(fieldOf(() => connect(unknown, native))).toBe('configuration.organization');
    expect(
      fieldOf(() =>
        connect(
          { apiKey: 'k', baseURL: 'http://a.test', configuration: { baseURL: 'http://b.test' } },
          native,
        ),
      ),
    ).toBe('configuration.baseURL');
    // Another framework's spelling is unknown here, never dropped.
    expect(
      fieldOf(() => connect({ apiKey: 'k', additionalSessionOptions: { baseURL: 'http://b.test' } }, native)),
    ).toBe('additionalSessionOptions');
  });

  it('refuses client together with apiKey, baseURL or fetch, and applies timeout, maxRetries and headers per request', async () => {
    const shared = ctx.client();
    for (const clash of [{ apiKey: 'k' }, { baseURL: 'http://a.test' }, { fetch }]) {
      expect(fieldOf(() => connect({ client: shared, ...clash }, spec))).toBe('client');
    }
    const connection = connect(
      { client: shared, timeout: 1234, maxRetries: 0, headers: { 'x-a': '1' } },
      spec,
    );
    expect(connection.client).toBe(shared);
    const signal = new AbortController().signal;
    expect(connection.requestOptions(signal)).toEqual({
      timeout: 1234,
      maxRetries: 0,
      headers: { 'x-a': '1' },
      signal,
    });
  });

  it('names the field of a wrong value', () => {
    expect(fieldOf(() => connect({ apiKey: ' ' }, spec))).toBe('apiKey');
    expect(fieldOf(() => connect({ apiKey: 'k', baseURL: 'localhost:8787' }, spec))).toBe('baseURL');
    expect(fieldOf(() => connect({ apiKey: 'k', timeout: 0 }, spec))).toBe('timeout');
    expect(fieldOf(() => connect({ apiKey: 'k', maxRetries: 1.5 }, spec))).toBe('maxRetries');
    expect(fieldOf(() => connect({ client: {} as AnyInt }, spec))).toBe('client');
  });

  it("refuses maxRetries where the framework retries, and turns the client's retries off", () => {
    const framework = { ...spec, retries: 'framework' as const };
    expect(fieldOf(() => connect({ apiKey: 'k', maxRetries: 3 }, framework))).toBe('maxRetries');
    const built = connect({ apiKey: 'k' }, framework);
    expect(built.client.maxRetries).toBe(0);
    expect(connect({ client: ctx.client() }, framework).requestOptions()).toEqual({ maxRetries: 0 });
  });
});

describe('connectAdapter', () => {
  it("knows the connection options, the framework's spelling and the adapter's own, and refuses any other by name", () => {
    const native = { ...spec, nativeOption: 'configuration' as const };
    const options = { configuration: { apiKey: ctx.apiKey, baseURL: ctx.emulator.url }, model: 'm' };
    expect(connectAdapter(options, native, ['model']).client.baseURL).toBe(ctx.emulator.url);
    expect(fieldOf(() => connectAdapter(options, native, []))).toBe('model');
    const misspelt = { ...options, concurency: 2 };
    expect(fieldOf(() => connectAdapter(misspelt, native, ['model']))).toBe('concurency');
  });
});

describe('rejectUnknownOptions', () => {
  it('names an unknown option and the known one it is closest to', () => {
    let error: unknown;
    try {
      rejectUnknownOptions({ baseUrl: 'http://x.test' }, ['baseURL', 'apiKey'], 'AnyIntEmbeddings');
    } catch (caught) {
      error = caught;
    }
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      field: 'baseUrl',
      message: expect.stringContaining('Did you mean `baseURL`?'),
    });
    expect(() => rejectUnknownOptions({ apiKey: 'k' }, ['apiKey'], 'A')).not.toThrow();
  });
});

describe('concurrencyOption', () => {
  it("takes the framework's spelling as an alias and refuses a contradiction", () => {
    expect(concurrencyOption({ maxConcurrency: 3 } as never, 'A', 'maxConcurrency')).toBe(3);
    expect(concurrencyOption({ concurrency: 2 }, 'A', 'maxConcurrency')).toBe(2);
    expect(
      fieldOf(() => concurrencyOption({ concurrency: 2, maxConcurrency: 3 } as never, 'A', 'maxConcurrency')),
    ).toBe('maxConcurrency');
    expect(fieldOf(() => concurrencyOption({ concurrency: 0 }, 'A'))).toBe('concurrency');
  });
});
