/**
 * The request path under damaged answers: what is sent again, what is not, and what the caller is
 * told. Each case runs against the emulator's fault injection over real HTTP.
 */
import { type EmulatorOptions, type FaultSpec, startEmulator } from '@anyint/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from './core/request-path.js';
import {
  AnyInt,
  AnyIntValidationError,
  APIConnectionError,
  type ClientOptions,
  InvalidResponseError,
  toFile,
} from './index.js';

const apiKey = 'sk-test-request-faults-0123456789';
const model = 'text-embedding-3-small';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(faults: FaultSpec[], clientOptions: ClientOptions = {}, options: EmulatorOptions = {}) {
  const emulator = await startEmulator({ apiKey, seed: 5, faults, timeScale: 1000, ...options });
  closers.push(() => emulator.close());
  const client = new AnyInt({ apiKey, baseURL: emulator.url, ...clientOptions });
  const sent = (path: string) => emulator.requests.filter((r) => r.path.endsWith(path));
  return { emulator, client, sent };
}

function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function speechWav(client: AnyInt, text: string): Promise<File> {
  const speech = await client.audio.speech.create({
    model: 'tts-1',
    input: text,
    voice: 'alloy',
    response_format: 'wav',
  });
  return toFile(await speech.bytes(), 'speech.wav', { type: 'audio/wav' });
}

describe('a damaged 2xx body', () => {
  it.each([
    ['malformed', { kind: 'malformed', route: 'embeddings', count: 2 }],
    ['truncated', { kind: 'truncate', route: 'embeddings', count: 2 }],
  ] as const)('is sent again on a call that creates nothing (%s)', async (_, fault) => {
    const { client, sent } = await setup([fault]);
    const response = await client.embeddings.create({ model, input: ['a', 'b'] });
    expect(response.data).toHaveLength(2);
    expect(sent('/embeddings')).toHaveLength(3);
  });

  it('is sent again on moderations and on GETs', async () => {
    const { client, sent } = await setup([
      { kind: 'malformed', route: 'moderations', count: 1 },
      { kind: 'malformed', route: 'files', count: 1 },
    ]);
    const moderation = await client.moderations.create({ input: 'hello' });
    expect(moderation.results).toHaveLength(1);
    const page = await client.files.list();
    expect(Array.isArray(page.data)).toBe(true);
    expect(sent('/moderations')).toHaveLength(2);
    expect(sent('/files')).toHaveLength(2);
  });

  it.each([
    ['malformed', 'malformed', InvalidResponseError],
    ['truncated', 'truncate', APIConnectionError],
  ] as const)(
    'is never sent again on a create, and says it may have created something (%s)',
    async (_, kind, type) => {
      const { client, sent } = await setup([{ kind, route: 'images' }]);
      const error = await errorOf(
        client.images.generate({ model: 'dall-e-2', prompt: 'a fox', size: '256x256' }),
      );
      expect((error as Error).name).toBe(type.kind);
      expect((error as Error).message).toContain('may have created something');
      expect(sent('/images/generations')).toHaveLength(1);
    },
  );

  it('stays an error once the retries are spent', async () => {
    const { client, sent } = await setup([{ kind: 'malformed', route: 'embeddings' }], { maxRetries: 1 });
    const error = await errorOf(client.embeddings.create({ model, input: 'a' }));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).unreadable).toBe(true);
    expect(sent('/embeddings')).toHaveLength(2);
  });
});

describe('a 2xx body that parses but is wrong', () => {
  it('is an InvalidResponseError from retrieve and from poll, not a TypeError, and not sent again', async () => {
    const { client, sent } = await setup([{ kind: 'status', status: 200, body: 'null', route: 'batches' }]);
    const retrieved = await errorOf(client.batches.retrieve('batch_missing'));
    expect(InvalidResponseError.isInstance(retrieved)).toBe(true);
    expect((retrieved as Error).message).toContain('null');
    const polled = await errorOf(client.batches.poll('batch_missing', { intervalMs: 1 }));
    expect(InvalidResponseError.isInstance(polled)).toBe(true);
    expect(sent('/batches/batch_missing')).toHaveLength(2);
  });

  it('is an InvalidResponseError from videos.retrieve', async () => {
    const { client } = await setup([{ kind: 'status', status: 200, body: 'null', route: 'videos' }]);
    const error = await errorOf(client.videos.retrieve('video_1'));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
  });

  it('turns an exception of the reading code into an InvalidResponseError with the cause, sent once', async () => {
    const { client, sent } = await setup([]);
    const bug = new TypeError('Cannot read properties of undefined');
    const error = await errorOf(
      request(client, {
        method: 'GET',
        path: '/files',
        parse: async (response) => {
          await response.text();
          throw bug;
        },
      }),
    );
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(bug);
    expect(sent('/files')).toHaveLength(1);
  });
});

describe('transcriptions', () => {
  it('never returns a cut JSON body as the transcript', async () => {
    const { client, sent } = await setup([{ kind: 'malformed', route: 'transcriptions' }], { maxRetries: 0 });
    const file = await speechWav(client, 'hello world');
    const error = await errorOf(client.audio.transcriptions.create({ file, model: 'whisper-1' }));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(sent('/audio/transcriptions')).toHaveLength(1);
  });

  it('sends a cut JSON transcription again (it creates nothing) and returns the real text', async () => {
    const { client, sent } = await setup([{ kind: 'malformed', route: 'transcriptions', count: 1 }]);
    const file = await speechWav(client, 'hello world');
    const { text } = await client.audio.transcriptions.create({ file, model: 'whisper-1' });
    expect(text.toLowerCase()).toContain('hello world');
    expect(sent('/audio/transcriptions')).toHaveLength(2);
  });

  it('sends an object field as name[key] parts, which the upstream reads per the spec', async () => {
    const { client, sent } = await setup([]);
    const file = await speechWav(client, 'hello world');
    const { text } = await client.audio.transcriptions.create({
      file,
      model: 'gpt-4o-transcribe',
      chunking_strategy: { type: 'server_vad', silence_duration_ms: 300 },
    } as never);
    expect(text.toLowerCase()).toContain('hello world');
    const [request] = sent('/audio/transcriptions');
    const names = (request?.parts ?? []).map((part) => part.name);
    expect(names).toEqual(
      expect.arrayContaining(['chunking_strategy[type]', 'chunking_strategy[silence_duration_ms]']),
    );
    expect(request?.status).toBe(200);
  });

  it('refuses a nested object field before sending anything', async () => {
    const { client, sent } = await setup([]);
    const file = await speechWav(client, 'hello world');
    const error = await errorOf(
      client.audio.transcriptions.create({
        file,
        model: 'gpt-4o-transcribe',
        chunking_strategy: { type: 'server_vad', extra: { deep: 1 } },
      } as never),
    );
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe('chunking_strategy.extra');
    expect(sent('/audio/transcriptions')).toHaveLength(0);
  });
});
