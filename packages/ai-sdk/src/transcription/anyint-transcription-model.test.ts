import { experimental_transcribe as transcribe } from 'ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnyInt } from '../anyint-provider.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator();
const sentence = 'the quick brown fox jumps over the lazy dog';
let wav: Uint8Array;

beforeAll(async () => {
  const speech = await createAnyInt({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url })
    .speech('tts-1')
    .doGenerate({ text: sentence, outputFormat: 'wav' });
  wav = speech.audio as Uint8Array;
});

describe('AnyIntTranscriptionModel', () => {
  it('transcribes with segments, language and duration from verbose_json', async () => {
    const result = await transcribe({ model: ctx.provider().transcription('whisper-1'), audio: wav });
    expect(result.text.toLowerCase()).toContain(sentence);
    expect(result.segments.length).toBeGreaterThan(0);
    for (const segment of result.segments) {
      expect(segment.endSecond).toBeGreaterThan(segment.startSecond);
    }
    expect(
      result.segments
        .map((s) => s.text.trim())
        .join(' ')
        .toLowerCase(),
    ).toContain(sentence);
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBeGreaterThan(0.5);
    expect(result.warnings).toEqual([]);
    const parts = ctx.requestsTo('/audio/transcriptions')[0]?.parts ?? [];
    expect(parts.find((p) => p.name === 'file')).toMatchObject({
      filename: 'audio.wav',
      size: wav.byteLength,
    });
    expect(parts.find((p) => p.name === 'response_format')?.value).toBe('verbose_json');
  });

  it('sends providerOptions.anyint as multipart fields', async () => {
    const result = await transcribe({
      model: ctx.provider().transcription('whisper-1'),
      audio: wav,
      providerOptions: {
        anyint: {
          language: 'en',
          prompt: 'a pangram',
          temperature: 0.2,
          timestampGranularities: ['word', 'segment'],
        },
      },
    });
    expect(result.segments.length).toBeGreaterThan(0);
    const fields = Object.fromEntries(
      (ctx.requestsTo('/audio/transcriptions')[0]?.parts ?? [])
        .filter((p) => p.name !== 'file' && !p.name.startsWith('timestamp'))
        .map((p) => [p.name, p.value]),
    );
    expect(fields).toEqual({
      model: 'whisper-1',
      language: 'en',
      prompt: 'a pangram',
      temperature: '0.2',
      response_format: 'verbose_json',
    });
  });

  it('asks gpt-4o transcription models for json, which has no segments', async () => {
    const result = await transcribe({
      model: ctx.provider().transcription('gpt-4o-mini-transcribe'),
      audio: wav,
    });
    expect(result.text.toLowerCase()).toContain(sentence);
    expect(result.segments).toEqual([]);
    expect(result.durationInSeconds).toBeUndefined();
    const parts = ctx.requestsTo('/audio/transcriptions')[0]?.parts ?? [];
    expect(parts.find((p) => p.name === 'response_format')?.value).toBe('json');
  });

  it('translates on /audio/translations and warns about fields translations do not take', async () => {
    const result = await transcribe({
      model: ctx.provider().translation('whisper-1'),
      audio: wav,
      providerOptions: { anyint: { language: 'de' } },
    });
    expect(result.text.toLowerCase()).toContain(sentence);
    expect(result.language).toBe('en');
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'language' })]);
    expect(ctx.requestsTo('/audio/translations')).toHaveLength(1);
    expect(ctx.requestsTo('/audio/transcriptions')).toHaveLength(0);
    const parts = ctx.requestsTo('/audio/translations')[0]?.parts ?? [];
    expect(parts.some((p) => p.name === 'language')).toBe(false);
  });
});
