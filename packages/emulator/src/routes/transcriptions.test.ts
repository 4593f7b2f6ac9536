import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';

let emulator: Emulator;
let wav: Buffer;
const SPOKEN = 'the quick brown fox jumps. it was late.';

beforeAll(async () => {
  emulator = await startEmulator({ models: { 'proxy-whisper': { personality: 'litellm' } } });
  const response = await fetch(`${emulator.url}/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tts-1', input: SPOKEN, voice: 'alloy', response_format: 'wav' }),
  });
  wav = Buffer.from(await response.arrayBuffer());
});
afterAll(() => emulator.close());

async function upload(
  route: 'transcriptions' | 'translations',
  fields: Record<string, string | string[]>,
  file: { bytes: Buffer; name: string } | null = { bytes: wav, name: 'speech.wav' },
) {
  const form = new FormData();
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: 'audio/wav' }), file.name);
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  const response = await fetch(`${emulator.url}/audio/${route}`, { method: 'POST', body: form });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('POST /audio/transcriptions', () => {
  it('json: the spoken text with usage', async () => {
    const { status, text } = await upload('transcriptions', { model: 'whisper-1' });
    expect(status).toBe(200);
    const json = JSON.parse(text);
    expect(json.text.toLowerCase()).toContain('quick brown fox');
    expect(json.usage).toMatchObject({ type: 'duration' });
    const gpt = JSON.parse((await upload('transcriptions', { model: 'gpt-4o-transcribe' })).text);
    expect(gpt.usage).toMatchObject({ type: 'tokens', total_tokens: expect.any(Number) });
  });

  it('text: a plain string body', async () => {
    const { type, text } = await upload('transcriptions', { model: 'whisper-1', response_format: 'text' });
    expect(type).toContain('text/plain');
    expect(text.trim().toLowerCase()).toContain('quick brown fox');
  });

  it('srt and vtt: well-formed cues', async () => {
    const srt = (await upload('transcriptions', { model: 'whisper-1', response_format: 'srt' })).text;
    expect(srt).toMatch(/^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n.+\n\n/);
    const vtt = (await upload('transcriptions', { model: 'whisper-1', response_format: 'vtt' })).text;
    expect(vtt).toMatch(/^WEBVTT\n\n\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}\n.+\n\n/);
  });

  it('verbose_json: segments with every OpenAI field, words only when asked', async () => {
    const plain = JSON.parse(
      (await upload('transcriptions', { model: 'whisper-1', response_format: 'verbose_json' })).text,
    );
    expect(plain).toMatchObject({ task: 'transcribe', language: 'english', duration: expect.any(Number) });
    expect(plain.words).toBeUndefined();
    expect(Object.keys(plain.segments[0]).sort()).toEqual(
      [
        'avg_logprob',
        'compression_ratio',
        'end',
        'id',
        'no_speech_prob',
        'seek',
        'start',
        'temperature',
        'text',
        'tokens',
      ].sort(),
    );
    const withWords = JSON.parse(
      (
        await upload('transcriptions', {
          model: 'whisper-1',
          response_format: 'verbose_json',
          'timestamp_granularities[]': ['word', 'segment'],
        })
      ).text,
    );
    const loneField = JSON.parse(
      (
        await upload('transcriptions', {
          model: 'whisper-1',
          response_format: 'verbose_json',
          timestamp_granularities: 'word',
        })
      ).text,
    );
    expect(loneField.words.length).toBeGreaterThan(0);
    expect(withWords.words[0]).toMatchObject({
      word: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
    });
  });

  it('accepts language, prompt and temperature', async () => {
    const { status } = await upload('transcriptions', {
      model: 'whisper-1',
      language: 'en',
      prompt: 'fox',
      temperature: '0.2',
    });
    expect(status).toBe(200);
  });

  it('litellm personality: no usage on json, extra fields', async () => {
    const json = JSON.parse((await upload('transcriptions', { model: 'proxy-whisper' })).text);
    expect(json.usage).toBeUndefined();
    expect(json.provider).toBe('litellm');
  });

  it('records the parts with file size and field values', async () => {
    emulator.reset();
    await upload('transcriptions', { model: 'whisper-1' });
    expect(emulator.requests[0]!.parts).toEqual([
      { name: 'file', filename: 'speech.wav', contentType: 'audio/wav', size: wav.length },
      { name: 'model', value: 'whisper-1' },
    ]);
  });

  it.each([
    [{ model: 'whisper-1' }, { bytes: Buffer.from('x'), name: 'speech' }, 'file'],
    [{ model: 'whisper-1' }, { bytes: Buffer.from('x'), name: 'notes.txt' }, 'file'],
    [{ model: 'whisper-1' }, { bytes: Buffer.from('not audio at all, just text'), name: 'fake.wav' }, 'file'],
    [{ model: 'whisper-1' }, null, 'file'],
    [{}, undefined, 'model'],
    [{ model: 'whisper-1', temperature: '1.5' }, undefined, 'temperature'],
    [{ model: 'whisper-1', temperature: 'hot' }, undefined, 'temperature'],
    [{ model: 'whisper-1', response_format: 'xml' }, undefined, 'response_format'],
    [{ model: 'gpt-4o-transcribe', response_format: 'srt' }, undefined, 'response_format'],
    [{ model: 'whisper-1', language: 'english' }, undefined, 'language'],
    [{ model: 'whisper-1', 'timestamp_granularities[]': 'word' }, undefined, 'timestamp_granularities'],
    [{ model: 'gpt-4o-transcribe', stream: 'true' }, undefined, 'stream'],
  ])('rejects %j with file %j naming %s', async (fields, file, param) => {
    const { status, text } = await upload('transcriptions', fields, file);
    expect(status).toBe(400);
    expect(JSON.parse(text).error.param).toBe(param);
  });

  it('rejects JSON bodies: the route takes multipart only', async () => {
    const response = await fetch(`${emulator.url}/audio/transcriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'whisper-1' }),
    });
    expect(response.status).toBe(400);
  });

  it('answers 413 above 25 MiB', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024 + 10);
    const { status, text } = await upload(
      'transcriptions',
      { model: 'whisper-1' },
      { bytes: big, name: 'big.wav' },
    );
    expect(status).toBe(413);
    expect(JSON.parse(text).error.message).toContain('26214400');
    expect(emulator.requests.at(-1)?.status).toBe(413);
    expect(emulator.requests.at(-1)?.parts?.[0]).toMatchObject({ name: 'file', filename: 'big.wav' });
  });
});

describe('POST /audio/translations', () => {
  it('answers English text in every format', async () => {
    const json = JSON.parse((await upload('translations', { model: 'whisper-1' })).text);
    expect(json.text.toLowerCase()).toContain('quick brown fox');
    const verbose = JSON.parse(
      (await upload('translations', { model: 'whisper-1', response_format: 'verbose_json' })).text,
    );
    expect(verbose).toMatchObject({ task: 'translate', language: 'english' });
    expect((await upload('translations', { model: 'whisper-1', response_format: 'text' })).type).toContain(
      'text/plain',
    );
  });

  it('rejects fields translations do not take', async () => {
    const { status, text } = await upload('translations', { model: 'whisper-1', language: 'de' });
    expect(status).toBe(400);
    expect(JSON.parse(text).error.param).toBe('language');
  });
});
