import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnyIntValidationError,
  BinaryResponse,
  FileTooLargeError,
  fileFromPath,
  toFile,
} from '../../index.js';
import { useEmulator } from '../../test-support.js';

const ctx = useEmulator();
const sentence = 'the quick brown fox jumps over the lazy dog';
let dir: string;
let wavPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-audio-'));
  const speech = await ctx.client().audio.speech.create({
    model: 'tts-1',
    input: sentence,
    voice: 'alloy',
    response_format: 'wav',
  });
  wavPath = join(dir, 'fox.wav');
  await speech.writeToFile(wavPath);
});
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
});

describe('audio.speech.create', () => {
  it.each([
    ['wav', 'audio/wav', 'RIFF'],
    ['mp3', 'audio/mpeg', undefined],
    ['pcm', undefined, undefined],
  ])('streams %s audio as a BinaryResponse', async (format, type, magic) => {
    const speech = await ctx.client().audio.speech.create({
      model: 'tts-1',
      input: 'hello there',
      voice: 'alloy',
      response_format: format,
    });
    expect(speech).toBeInstanceOf(BinaryResponse);
    if (type) expect(speech.contentType).toContain(type);
    const bytes = await speech.bytes();
    expect(bytes.byteLength).toBeGreaterThan(1000);
    if (magic) expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe(magic);
    await expect(speech.arrayBuffer()).rejects.toThrow('already read');
  });

  it('grows with the text and reads as a web stream', async () => {
    const client = ctx.client();
    const short = await (
      await client.audio.speech.create({ model: 'tts-1', input: 'hi', voice: 'alloy' })
    ).bytes();
    const stream = (
      await client.audio.speech.create({ model: 'tts-1', input: sentence, voice: 'alloy' })
    ).stream();
    let length = 0;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) length += chunk.byteLength;
    expect(length).toBeGreaterThan(short.byteLength * 3);
  });

  it('writes to a file through a temporary file', async () => {
    const bytes = await readFile(wavPath);
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect((await readdir(dir)).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it.each([
    ['input', { model: 'tts-1', input: '', voice: 'alloy' }],
    ['voice', { model: 'tts-1', input: 'x', voice: '' }],
    ['speed', { model: 'tts-1', input: 'x', voice: 'alloy', speed: 0 }],
    ['speed', { model: 'tts-1', input: 'x', voice: 'alloy', speed: Number.NaN }],
    ['model', { input: 'x', voice: 'alloy' }],
  ])('rejects a bad %s before sending anything', async (field, params) => {
    const error = await ctx
      .client()
      .audio.speech.create(params as never)
      .catch((e: unknown) => e);
    expect((error as AnyIntValidationError).field).toBe(field);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('refuses a 200 that carries JSON instead of audio', async () => {
    const { startEmulator } = await import('@anyint/emulator');
    const emulator = await startEmulator({ apiKey: 'k', faults: [{ kind: 'malformed', route: 'speech' }] });
    try {
      const { AnyInt } = await import('../../index.js');
      const client = new AnyInt({ apiKey: 'k', baseURL: emulator.url });
      const error = await client.audio.speech
        .create({ model: 'tts-1', input: 'x', voice: 'alloy' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidResponseError' });
      expect((error as Error).message).toContain('not audio');
    } finally {
      await emulator.close();
    }
  });

  it('surfaces an unsupported format as the upstream error', async () => {
    const error = await ctx
      .client()
      .audio.speech.create({ model: 'tts-1', input: 'x', voice: 'alloy', response_format: 'opus' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_response_format' });
  });
});

describe('audio.transcriptions.create', () => {
  it('returns an APIPromise, as openai@6 does: withResponse() and a non-enumerable _request_id', async () => {
    const client = ctx.client();
    for (const resource of [client.audio.transcriptions, client.audio.translations]) {
      const { data, response, request_id } = await resource
        .create({ file: await fileFromPath(wavPath), model: 'whisper-1' })
        .withResponse();
      const sent = ctx.emulator.requests.at(-1)?.requestId;
      expect(request_id).toBe(sent);
      expect(response.headers.get('x-request-id')).toBe(sent);
      expect(data._request_id).toBe(sent);
      expect(Object.keys(data)).not.toContain('_request_id');
    }
  });

  it('round-trips speech to text from a path, streamed from disk', async () => {
    const result = await ctx
      .client()
      .audio.transcriptions.create({ file: await fileFromPath(wavPath), model: 'whisper-1' });
    expect(result.text.toLowerCase()).toContain(sentence);
    const [request] = ctx.requestsTo('/audio/transcriptions');
    expect(request?.parts?.find((p) => p.name === 'file')).toMatchObject({ filename: 'fox.wav' });
    expect(request?.headers['content-length']).toBeDefined();
  });

  it('accepts a ReadStream, toFile bytes, a Blob-backed File and a one-shot stream', async () => {
    const client = ctx.client();
    const bytes = await readFile(wavPath);
    const files = [
      createReadStream(wavPath),
      await toFile(bytes, 'a.wav'),
      new File([bytes], 'b.wav', { type: 'audio/wav' }),
      await toFile(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), 'c.wav'),
    ];
    for (const file of files) {
      const { text } = await client.audio.transcriptions.create({ file, model: 'whisper-1' });
      expect(text.toLowerCase()).toContain(sentence);
    }
  });

  it('returns a string for text, srt and vtt and an object for verbose_json', async () => {
    const client = ctx.client();
    const file = await fileFromPath(wavPath);
    const text = await client.audio.transcriptions.create({
      file,
      model: 'whisper-1',
      response_format: 'text',
    });
    expect(typeof text).toBe('string');
    expect(text.toLowerCase()).toContain(sentence);
    const srt = await client.audio.transcriptions.create({
      file,
      model: 'whisper-1',
      response_format: 'srt',
    });
    expect(srt).toMatch(/^1\r?\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\r?\n/);
    const vtt = await client.audio.transcriptions.create({
      file,
      model: 'whisper-1',
      response_format: 'vtt',
    });
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    const verbose = await client.audio.transcriptions.create({
      file,
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word', 'segment'],
      language: 'en',
    });
    expect(verbose.duration).toBeGreaterThan(0.5);
    expect(verbose.segments?.length).toBeGreaterThan(0);
    expect(verbose.words?.[0]?.word.toLowerCase()).toBe('the');
    const parts = ctx
      .requestsTo('/audio/transcriptions')
      .at(-1)
      ?.parts?.map((p) => p.name);
    expect(parts?.filter((name) => name === 'timestamp_granularities[]')).toHaveLength(2);
  });

  it('translates into English text', async () => {
    const { text } = await ctx
      .client()
      .audio.translations.create({ file: createReadStream(wavPath), model: 'whisper-1' });
    expect(text.toLowerCase()).toContain(sentence);
    expect(ctx.requestsTo('/audio/translations')).toHaveLength(1);
  });

  it('rejects a missing file, a missing path, an empty file and a bad temperature before sending', async () => {
    const client = ctx.client();
    const empty = join(dir, 'empty.wav');
    await writeFile(empty, '');
    const cases: [string, () => Promise<unknown>][] = [
      ['file', () => client.audio.transcriptions.create({ model: 'whisper-1' } as never)],
      [
        'file',
        async () =>
          client.audio.transcriptions.create({
            file: await fileFromPath(join(dir, 'nope.wav')),
            model: 'whisper-1',
          }),
      ],
      [
        'file',
        async () =>
          client.audio.transcriptions.create({ file: await fileFromPath(empty), model: 'whisper-1' }),
      ],
      ['file', () => client.audio.transcriptions.create({ file: new File([], 'a.wav'), model: 'whisper-1' })],
      [
        'temperature',
        async () =>
          client.audio.transcriptions.create({
            file: await fileFromPath(wavPath),
            model: 'whisper-1',
            temperature: Number.POSITIVE_INFINITY,
          }),
      ],
    ];
    for (const [field, call] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(AnyIntValidationError.isInstance(error)).toBe(true);
      expect((error as AnyIntValidationError).field).toBe(field);
    }
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('refuses a file over maxAudioUploadBytes before sending', async () => {
    const client = ctx.client({ maxAudioUploadBytes: 1000 });
    const error = await client.audio.transcriptions
      .create({ file: await fileFromPath(wavPath), model: 'whisper-1' })
      .catch((e: unknown) => e);
    expect(FileTooLargeError.isInstance(error)).toBe(true);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});
