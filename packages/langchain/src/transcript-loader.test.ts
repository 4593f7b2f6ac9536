import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyIntValidationError, BadRequestError } from '@anyint/client';
import { Document } from '@langchain/core/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyIntAudioTranscriptLoader } from './index.js';
import { errorOf, useEmulator } from './test-support.js';

const ctx = useEmulator({ faults: [{ kind: 'status', status: 400, model: 'broken' }] });
const talk = 'Hello there, friend. How are you today?';
const fox = 'the quick brown fox jumps over the lazy dog';
let dir: string;
let talkPath: string;
let foxPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-lc-loader-'));
  talkPath = join(dir, 'talk.wav');
  foxPath = join(dir, 'fox.wav');
  for (const [input, path] of [
    [talk, talkPath],
    [fox, foxPath],
  ] as const) {
    const speech = await ctx
      .client()
      .audio.speech.create({ model: 'tts-1', input, voice: 'alloy', response_format: 'wav' });
    await speech.writeToFile(path);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AnyIntAudioTranscriptLoader', () => {
  it('loads one document per WAV file, in order, with source and model', async () => {
    const docs = await new AnyIntAudioTranscriptLoader([talkPath, foxPath], {
      model: 'whisper-1',
      language: 'en',
      responseFormat: 'json',
      client: ctx.client(),
    }).load();
    expect(docs).toHaveLength(2);
    expect(docs[0]).toBeInstanceOf(Document);
    expect(docs[0]?.pageContent.toLowerCase()).toContain('how are you today');
    expect(docs[1]?.pageContent.toLowerCase()).toContain(fox);
    expect(docs[0]?.metadata).toEqual({
      source: talkPath,
      model: 'whisper-1',
      language: 'en',
      requestId: ctx.requestsTo('/audio/transcriptions')[0]?.requestId,
    });
    const parts = ctx.requestsTo('/audio/transcriptions')[0]?.parts ?? [];
    expect(parts.find((p) => p.name === 'response_format')?.value).toBe('json');
    expect(parts.find((p) => p.name === 'language')?.value).toBe('en');
  });

  it('asks for verbose_json by default, as the LlamaIndex reader and the AI SDK model do', async () => {
    const [doc] = await new AnyIntAudioTranscriptLoader(talkPath, {
      model: 'whisper-1',
      client: ctx.client(),
    }).load();
    expect(doc?.metadata.duration).toBeGreaterThan(1);
    const parts = ctx.requestsTo('/audio/transcriptions')[0]?.parts ?? [];
    expect(parts.find((p) => p.name === 'response_format')?.value).toBe('verbose_json');
  });

  it('refuses an option it does not know, naming it', () => {
    const options = { model: 'whisper-1', client: ctx.client(), format: 'srt' } as never;
    expect(() => new AnyIntAudioTranscriptLoader(talkPath, options)).toThrow(/unknown option `format`/);
  });

  it('adds language, duration and segments with verbose_json, or splits by segment', async () => {
    const options = { model: 'whisper-1', responseFormat: 'verbose_json' as const, client: ctx.client() };
    const [doc] = await new AnyIntAudioTranscriptLoader(talkPath, options).load();
    expect(doc?.metadata).toMatchObject({ source: talkPath, language: 'english' });
    expect(doc?.metadata.duration).toBeGreaterThan(1);
    const segments = doc?.metadata.segments as { text: string; start: number; end: number }[];
    expect(segments.map((s) => s.text.trim())).toEqual(['Hello there, friend.', 'How are you today?']);

    const split = await new AnyIntAudioTranscriptLoader(talkPath, { ...options, splitSegments: true }).load();
    expect(split.map((d) => d.pageContent)).toEqual(['Hello there, friend.', 'How are you today?']);
    expect(split[1]?.metadata).toMatchObject({ source: talkPath, segment: 1, start: segments[1]?.start });
    expect(split[1]?.metadata.end).toBeGreaterThan(split[1]?.metadata.start);
    expect(split[1]?.metadata).not.toHaveProperty('segments');
  });

  it('takes bytes, Blobs and Files, naming nameless audio by its format', async () => {
    const bytes = await readFile(foxPath);
    const sources = [bytes, new Blob([bytes]), new File([bytes], 'named.wav'), new File([bytes], 'noext')];
    const docs = await new AnyIntAudioTranscriptLoader(sources, {
      model: 'whisper-1',
      client: ctx.client(),
    }).load();
    expect(docs.map((d) => d.metadata.source)).toEqual([
      'audio-0.wav',
      'audio-1.wav',
      'named.wav',
      'noext.wav',
    ]);
    for (const doc of docs) expect(doc.pageContent.toLowerCase()).toContain(fox);
    const names = ctx
      .requestsTo('/audio/transcriptions')
      .map((r) => r.parts?.find((p) => p.name === 'file')?.filename);
    expect(names).toEqual(['audio-0.wav', 'audio-1.wav', 'named.wav', 'noext.wav']);
  });

  it('translates into English on request, and keeps text formats as the page content', async () => {
    const [translated] = await new AnyIntAudioTranscriptLoader(foxPath, {
      model: 'whisper-1',
      translate: true,
      responseFormat: 'json',
      client: ctx.client(),
    }).load();
    expect(translated?.pageContent.toLowerCase()).toContain(fox);
    expect(translated?.metadata).toEqual({
      source: foxPath,
      model: 'whisper-1',
      translated: true,
      requestId: ctx.requestsTo('/audio/translations').at(-1)?.requestId,
    });
    expect(ctx.requestsTo('/audio/translations')).toHaveLength(1);

    const [srt] = await new AnyIntAudioTranscriptLoader(foxPath, {
      model: 'whisper-1',
      responseFormat: 'srt',
      client: ctx.client(),
    }).load();
    expect(srt?.pageContent).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> .*\r?\nthe quick brown fox/);
  });

  it('refuses bad options and sources before sending, and rethrows gateway errors', async () => {
    expect(
      () =>
        new AnyIntAudioTranscriptLoader(talkPath, {
          model: 'gpt-4o-transcribe',
          splitSegments: true,
          client: ctx.client(),
        }),
    ).toThrow(AnyIntValidationError);
    const missing = await errorOf(
      new AnyIntAudioTranscriptLoader(join(dir, 'none.wav'), {
        model: 'whisper-1',
        client: ctx.client(),
      }).load(),
    );
    expect(AnyIntValidationError.isInstance(missing)).toBe(true);
    const unknown = await errorOf(
      new AnyIntAudioTranscriptLoader(new Uint8Array([1, 2, 3, 4]), {
        model: 'whisper-1',
        client: ctx.client(),
      }).load(),
    );
    expect((unknown as AnyIntValidationError).field).toBe('sources');
    expect(ctx.emulator.requests).toHaveLength(0);

    const failed = await errorOf(
      new AnyIntAudioTranscriptLoader(talkPath, { model: 'broken', client: ctx.client() }).load(),
    );
    expect(BadRequestError.isInstance(failed)).toBe(true);
    expect(failed).toMatchObject({ status: 400, route: 'POST /audio/transcriptions' });
  });
});
