import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsupportedRouteError } from '@anyint/client';
import { MetadataMode, Settings, VectorStoreIndex } from 'llamaindex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyIntAudioReader, type AnyIntAudioReaderOptions, AnyIntEmbedding } from './index.js';
import { useEmulator } from './test-support.js';

const ctx = useEmulator({ models: { 'no-transcribe': { disabledRoutes: ['transcriptions'] } } });

const spoken = 'Refunds are paid within five days. Shipping to Europe takes two weeks.';
let dir: string;
let wavPath: string;
let wav: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-llamaindex-audio-'));
  const speech = await ctx.client().audio.speech.create({
    model: 'tts-1',
    input: spoken,
    voice: 'alloy',
    response_format: 'wav',
  });
  wav = await speech.bytes();
  wavPath = join(dir, 'call.wav');
  await writeFile(wavPath, wav);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const reader = (options: Partial<AnyIntAudioReaderOptions> = {}) =>
  new AnyIntAudioReader({ model: 'whisper-1', apiKey: ctx.apiKey, baseURL: ctx.emulator.url, ...options });

describe('AnyIntAudioReader', () => {
  it('transcribes a WAV file into one document with language, duration and segment timings', async () => {
    const docs = await reader().loadData(wavPath);
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc?.getContent(MetadataMode.NONE).toLowerCase()).toBe(spoken.toLowerCase());
    expect(doc?.metadata).toMatchObject({ file_name: 'call.wav', file_path: wavPath, task: 'transcription' });
    // As the upstream says it: OpenAI's verbose_json names the language in full.
    expect(doc?.metadata.language).toBe('english');
    expect(doc?.metadata.duration).toBeGreaterThan(1);
    expect(doc?.metadata.segments).toHaveLength(2);
    // Timings stay out of what is embedded.
    const embedded = doc?.getContent(MetadataMode.EMBED);
    expect(embedded).not.toContain('segments');
    expect(embedded).not.toContain(dir);
    expect(embedded).toContain('call.wav');
    const [request] = ctx.requestsTo('/audio/transcriptions');
    expect(request?.parts?.find((p) => p.name === 'response_format')?.value).toBe('verbose_json');
    expect(request?.parts?.find((p) => p.name === 'file')).toMatchObject({
      filename: 'call.wav',
      size: wav.byteLength,
    });
  });

  it('gives one document per segment with start and end when splitSegments is set', async () => {
    const docs = await reader({ splitSegments: true, language: 'en' }).loadDataAsContent(wav, 'call.wav');
    expect(docs.map((d) => d.getContent(MetadataMode.NONE).toLowerCase())).toEqual([
      'refunds are paid within five days.',
      'shipping to europe takes two weeks.',
    ]);
    const [first, second] = docs.map((d) => d.metadata);
    expect(first).toMatchObject({ segment_index: 0, language: 'english' });
    expect(first?.start).toBeGreaterThanOrEqual(0);
    expect(second?.segment_index).toBe(1);
    expect(first?.end).toBeGreaterThan(first?.start ?? Number.NaN);
    expect(second?.start).toBeGreaterThanOrEqual(first?.end ?? Number.NaN);
    expect(second?.end).toBeLessThanOrEqual(second?.duration ?? Number.NaN);
    const [request] = ctx.requestsTo('/audio/transcriptions');
    expect(request?.parts?.find((p) => p.name === 'language')?.value).toBe('en');
  });

  it('translates through /audio/translations with translate: true', async () => {
    const docs = await reader({ translate: true, prompt: 'a support call' }).loadData(wavPath);
    expect(docs[0]?.getContent(MetadataMode.NONE).toLowerCase()).toBe(spoken.toLowerCase());
    expect(docs[0]?.metadata.task).toBe('translation');
    expect(ctx.requestsTo('/audio/translations')).toHaveLength(1);
    expect(ctx.requestsTo('/audio/transcriptions')).toHaveLength(0);
    const parts = ctx.requestsTo('/audio/translations')[0]?.parts;
    expect(parts?.find((p) => p.name === 'prompt')?.value).toBe('a support call');
    expect(parts?.some((p) => p.name === 'language')).toBe(false);
  });

  it.each(['text', 'srt', 'json'] as const)(
    'reads the %s format into one document',
    async (responseFormat) => {
      const docs = await reader({ responseFormat, splitSegments: true }).loadDataAsContent(wav, 'call.wav');
      expect(docs).toHaveLength(1);
      expect(docs[0]?.getContent(MetadataMode.NONE).toLowerCase()).toContain('shipping to europe');
      if (responseFormat === 'srt') expect(docs[0]?.getContent(MetadataMode.NONE)).toMatch(/-->/);
      expect(docs[0]?.metadata.duration).toBeUndefined();
    },
  );

  it('names nameless bytes by their container, since upstreams reject files without an extension', async () => {
    await reader().loadDataAsContent(wav);
    const [request] = ctx.requestsTo('/audio/transcriptions');
    expect(request?.parts?.find((p) => p.name === 'file')?.filename).toBe('audio.wav');
  });

  it('feeds a VectorStoreIndex that finds the right segment', async () => {
    Settings.embedModel = new AnyIntEmbedding({ model: 'text-embedding-3-small', client: ctx.client() });
    const docs = await reader({ splitSegments: true }).loadData(wavPath);
    const index = await VectorStoreIndex.fromDocuments(docs);
    const [best] = await index
      .asRetriever({ similarityTopK: 1 })
      .retrieve({ query: 'how long does shipping to Europe take' });
    expect(best?.node.metadata).toMatchObject({ segment_index: 1, file_name: 'call.wav' });
  });

  it('surfaces an unsupported route as the client typed error', async () => {
    const error = await reader({ model: 'no-transcribe' })
      .loadDataAsContent(wav, 'call.wav')
      .catch((e: unknown) => e);
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'no-transcribe' });
  });
});
