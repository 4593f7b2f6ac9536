import { LoadAPIKeyError, NoSuchModelError } from '@ai-sdk/provider';
import { embed, generateImage, experimental_generateSpeech as generateSpeech } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anyint, createAnyInt } from './index.js';
import { useEmulator } from './test-support.js';

const ctx = useEmulator();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createAnyInt', () => {
  it('never throws at creation; a missing key is a clear LoadAPIKeyError at the first call, before any request', async () => {
    vi.stubEnv('ANYINT_API_KEY', undefined);
    const provider = createAnyInt({ baseURL: ctx.emulator.url });
    const model = provider.embedding('text-embedding-v4');
    expect(model.provider).toBe('anyint.embedding');
    const error = await embed({ model, value: 'hello' }).catch((e: unknown) => e);
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ANYINT_API_KEY/);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('reads ANYINT_API_KEY and ANYINT_BASE_URL at the first call, not at creation', async () => {
    vi.stubEnv('ANYINT_API_KEY', undefined);
    vi.stubEnv('ANYINT_BASE_URL', undefined);
    const provider = createAnyInt();
    vi.stubEnv('ANYINT_API_KEY', ctx.apiKey);
    vi.stubEnv('ANYINT_BASE_URL', `${ctx.emulator.url}/`);
    const { embedding } = await embed({ model: provider.embedding('text-embedding-v4'), value: 'hello' });
    expect(embedding.length).toBeGreaterThan(0);
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
  });

  it('treats an empty key as missing', async () => {
    const provider = createAnyInt({ apiKey: '', baseURL: ctx.emulator.url });
    const error = await embed({ model: provider.embedding('text-embedding-v4'), value: 'x' }).catch(
      (e: unknown) => e,
    );
    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
  });

  it('the default instance is a ProviderV3 created without a key', () => {
    expect(anyint.specificationVersion).toBe('v3');
    expect(anyint.textEmbeddingModel('text-embedding-v4').modelId).toBe('text-embedding-v4');
  });

  it('sends provider headers and call headers; an undefined call header removes nothing', async () => {
    const provider = ctx.provider({ headers: { 'x-team': 'search' } });
    await embed({
      model: provider.embedding('text-embedding-v4'),
      value: 'hello',
      // JavaScript callers (and middleware) can pass undefined values.
      headers: { 'x-call': 'one', authorization: undefined } as unknown as Record<string, string>,
    });
    const [request] = ctx.requestsTo('/embeddings');
    expect(request?.headers).toMatchObject({
      'x-team': 'search',
      'x-call': 'one',
      authorization: 'Bearer [redacted]',
    });
    expect(request?.status).toBe(200);
  });

  it('uses a custom fetch and a custom provider name', async () => {
    const seen: string[] = [];
    const provider = ctx.provider({
      name: 'gateway',
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    const model = provider.embedding('text-embedding-v4');
    expect(model.provider).toBe('gateway.embedding');
    await embed({ model, value: 'hello' });
    expect(seen).toEqual([`${ctx.emulator.url}/embeddings`]);
  });

  it('models work when called through a Proxy, as ai@7 calls V3 models', async () => {
    const provider = ctx.provider();
    const proxied = <T extends object>(model: T): T => new Proxy(model, {});
    await embed({ model: proxied(provider.embedding('text-embedding-v4')), value: 'hello' });
    await generateImage({ model: proxied(provider.image('dall-e-2')), prompt: 'a fox', size: '256x256' });
    await generateSpeech({ model: proxied(provider.speech('tts-1')), text: 'hello', outputFormat: 'wav' });
    expect(ctx.emulator.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('has no language models and points to chat providers', () => {
    const error = (() => {
      try {
        createAnyInt().languageModel('gpt-4o');
      } catch (e) {
        return e;
      }
    })();
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ modelId: 'gpt-4o', modelType: 'languageModel' });
    expect((error as Error).message).toMatch(/OpenAI-compatible/);
  });
});
