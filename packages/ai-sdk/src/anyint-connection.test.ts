import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import { AnyInt, APITimeoutError } from '@anyint/client';
import {
  embed,
  embedMany,
  generateImage,
  experimental_generateSpeech as generateSpeech,
  experimental_generateVideo as generateVideo,
  experimental_transcribe as transcribe,
} from 'ai';
import { describe, expect, it } from 'vitest';
import { createAnyInt } from './index.js';
import { useEmulator } from './test-support.js';

const ctx = useEmulator({
  timeScale: 20,
  faults: [{ model: 'slow-embedding', kind: 'delay', delayMs: 3000 }],
});
const model = 'text-embedding-3-small';

async function invalidArgument(run: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await run.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  return error as InvalidArgumentError;
}

describe('the connection options every adapter takes', () => {
  it('refuses a setting it does not know, naming it, before any request', async () => {
    const provider = createAnyInt({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url, baseUrl: 'x' } as never);
    const error = await invalidArgument(embed({ model: provider.embedding(model), value: 'a' }));
    expect(error.argument).toBe('baseUrl');
    expect(error.message).toContain('createAnyInt: unknown option `baseUrl`. Did you mean `baseURL`?');
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('shares a given client (its key, URL and headers) and refuses it together with apiKey', async () => {
    const client = new AnyInt({
      apiKey: ctx.apiKey,
      baseURL: ctx.emulator.url,
      defaultHeaders: { 'x-shared': 'yes' },
    });
    const provider = createAnyInt({ client, headers: { 'x-provider': 'p' } });
    await embed({ model: provider.embedding(model), value: 'a', headers: { 'x-call': 'c' } });
    expect(ctx.requestsTo('/embeddings')[0]?.headers).toMatchObject({
      'x-shared': 'yes',
      'x-provider': 'p',
      'x-call': 'c',
    });

    for (const clash of [{ apiKey: 'k' }, { baseURL: 'http://a.test' }, { dangerouslyAllowBrowser: true }]) {
      const error = await invalidArgument(
        embed({ model: createAnyInt({ client, ...clash }).embedding(model), value: 'a' }),
      );
      expect(error.argument).toBe('client');
    }
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
  });

  it("refuses maxRetries, since the AI SDK's maxRetries is the one retry layer", async () => {
    const provider = createAnyInt({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url, maxRetries: 3 } as never);
    const error = await invalidArgument(embed({ model: provider.embedding(model), value: 'a' }));
    expect(error.argument).toBe('maxRetries');
    expect(error.message).toContain('embed({ maxRetries })');
  });

  it('applies timeout to every request: a slow upstream fails with the client timeout as cause', async () => {
    const provider = ctx.provider({ timeout: 100 });
    const error = await embedMany({
      model: provider.embedding('slow-embedding'),
      values: ['a'],
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(APITimeoutError.isInstance((error as APICallError).cause)).toBe(true);
    expect(ctx.requestsTo('/embeddings')).toHaveLength(1);
  });

  it('refuses a providerOptions.anyint field it does not know, naming it', async () => {
    const error = await invalidArgument(
      embed({
        model: ctx.provider().embedding(model),
        value: 'a',
        providerOptions: { anyint: { dimension: 8 } },
      }),
    );
    // The AI SDK's message is generic; its cause (the schema's verdict) names the field.
    expect(String((error.cause as Error | undefined)?.message)).toContain('"dimension"');
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('refuses a video model setting it does not know, naming it', async () => {
    const video = ctx.provider().video('kling-v3', { pollIntervalMS: 10 } as never);
    const error = await generateVideo({ model: video, prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AnyIntValidationError', field: 'pollIntervalMS' });
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});

describe('results carry the response headers and the request id', () => {
  const lastId = (path: string) => ctx.requestsTo(path).at(-1)?.requestId;

  it('images', async () => {
    const { responses, providerMetadata } = await generateImage({
      model: ctx.provider().image('dall-e-2'),
      prompt: 'a fox',
      size: '256x256',
    });
    const id = lastId('/images/generations');
    expect(id).toMatch(/\S/);
    expect(responses[0]?.headers?.['x-request-id']).toBe(id);
    expect(providerMetadata.anyint?.images).toEqual([expect.objectContaining({ requestId: id })]);
  });

  it('speech', async () => {
    const { responses, providerMetadata } = await generateSpeech({
      model: ctx.provider().speech('tts-1'),
      text: 'hello',
      outputFormat: 'wav',
    });
    const id = lastId('/audio/speech');
    expect(responses[0]?.headers?.['x-request-id']).toBe(id);
    expect(providerMetadata.anyint?.requestId).toBe(id);
  });

  it('transcription and translation', async () => {
    const speech = await generateSpeech({
      model: ctx.provider().speech('tts-1'),
      text: 'hello',
      outputFormat: 'wav',
    });
    for (const [kind, path] of [
      ['transcription', '/audio/transcriptions'],
      ['translation', '/audio/translations'],
    ] as const) {
      const { responses, providerMetadata } = await transcribe({
        model: ctx.provider()[kind]('whisper-1'),
        audio: speech.audio.uint8Array,
      });
      const id = lastId(path);
      expect(id).toMatch(/\S/);
      expect(responses[0]?.headers?.['x-request-id'], kind).toBe(id);
      expect(providerMetadata.anyint?.requestId, kind).toBe(id);
    }
  });

  it('video: headers of the download, request id of the create', async () => {
    const { responses, providerMetadata } = await generateVideo({
      model: ctx.provider().video('kling-v3'),
      prompt: 'a lighthouse',
      providerOptions: { anyint: { pollIntervalMs: 10 } },
    });
    expect(responses[0]?.headers?.['x-request-id']).toBe(lastId('/content'));
    expect(providerMetadata.anyint?.requestId).toBe(ctx.requestsTo('/videos')[0]?.requestId);
  });
});
