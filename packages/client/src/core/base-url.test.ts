import { describe, expect, it } from 'vitest';
import { AnyInt, NotFoundError, UnsupportedRouteError } from '../index.js';
import { useEmulator } from '../test-support.js';
import { baseURLProblem, DEFAULT_BASE_URL } from './base-url.js';

const t = useEmulator({ models: { 'no-embeddings': { disabledRoutes: ['embeddings'] } } });

describe('a base URL without the /openai/v1 prefix', () => {
  it('gets one message naming the right base URL, though the server answers a JSON 404', async () => {
    const { origin } = t.emulator;
    const client = new AnyInt({ apiKey: t.apiKey, baseURL: origin, maxRetries: 0 });
    const error = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: 'hello' })
      .catch((e: unknown) => e);
    // The emulator answers an unknown path like OpenAI: JSON, "Invalid URL".
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as NotFoundError).body).toMatchObject({
      error: { message: 'Invalid URL (POST /embeddings)' },
    });
    expect((error as Error).message).toContain(
      `The base URL "${origin}" lacks the /openai/v1 prefix: use ${origin}/openai/v1.`,
    );
    expect((error as Error).message).not.toContain('may not be enabled');
    expect(t.emulator.requests).toHaveLength(0);
  });

  it('keeps the unsupported-route wording for a route the model lacks at the right base URL', async () => {
    const error = await t
      .client({ maxRetries: 0 })
      .embeddings.create({ model: 'no-embeddings', input: 'hello' })
      .catch((e: unknown) => e);
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('check it with `anyint check --model no-embeddings`');
    expect((error as Error).message).not.toContain('base URL');
  });

  it('leaves a base URL that looks right alone', () => {
    expect(baseURLProblem(DEFAULT_BASE_URL)).toBeUndefined();
    expect(baseURLProblem(t.emulator.url)).toBeUndefined();
    expect(baseURLProblem('https://proxy.example/v1')).toBeUndefined();
    expect(baseURLProblem('not a url')).toBeUndefined();
  });
});
