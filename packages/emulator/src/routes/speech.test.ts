import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { postJson } from '../test-support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function speak(body: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function transcribe(bytes: Buffer, filename: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), filename);
  form.append('model', 'whisper-1');
  const response = await fetch(`${emulator.url}/audio/transcriptions`, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  return (await response.json()).text;
}

describe('POST /audio/speech', () => {
  it('defaults to mp3 that transcribes back to the text', async () => {
    const { status, type, bytes } = await speak({ model: 'tts-1', input: 'hello world', voice: 'alloy' });
    expect(status).toBe(200);
    expect(type).toBe('audio/mpeg');
    expect(bytes.length).toBeGreaterThan(100);
    expect(await transcribe(bytes, 'speech.mp3')).toBe('hello world');
  });

  it('writes RIFF wav and raw pcm, longer for longer text', async () => {
    const wav = await speak({ model: 'tts-1', input: 'short', voice: 'nova', response_format: 'wav' });
    expect(wav.type).toBe('audio/wav');
    expect(wav.bytes.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.bytes.toString('latin1', 8, 12)).toBe('WAVE');
    const long = await speak({
      model: 'tts-1',
      input: 'a much longer sentence',
      voice: 'nova',
      response_format: 'wav',
    });
    expect(long.bytes.length).toBeGreaterThan(wav.bytes.length);
    const pcm = await speak({ model: 'tts-1', input: 'short', voice: 'nova', response_format: 'pcm' });
    expect(pcm.type).toBe('audio/pcm');
    expect(await transcribe(pcm.bytes, 'speech.pcm')).toBe('short');
  });

  it('accepts any voice name for models that are not OpenAI’s', async () => {
    const { status } = await speak({
      model: 'cosyvoice-v2',
      input: 'hi',
      voice: 'longxiaochun',
      response_format: 'wav',
    });
    expect(status).toBe(200);
  });

  it.each(['opus', 'aac', 'flac'])('rejects %s with unsupported_response_format', async (format) => {
    const { status, json } = await postJson(emulator, '/audio/speech', {
      model: 'tts-1',
      input: 'x',
      voice: 'alloy',
      response_format: format,
    });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'unsupported_response_format', param: 'response_format' });
    expect(json.error.message).toContain(format);
  });

  it.each([
    [{ model: 'tts-1', input: '', voice: 'alloy' }, 'input'],
    [{ model: 'tts-1', input: 'x'.repeat(4097), voice: 'alloy' }, 'input'],
    [{ model: 'tts-1', input: 'x' }, 'voice'],
    [{ model: 'tts-1', input: 'x', voice: 'someone' }, 'voice'],
    [{ model: 'tts-1', input: 'x', voice: 'alloy', speed: 0.1 }, 'speed'],
    [{ model: 'tts-1', input: 'x', voice: 'alloy', speed: 5 }, 'speed'],
    [{ model: 'tts-1', input: 'x', voice: 'alloy', response_format: 'ogg' }, 'response_format'],
    [{ input: 'x', voice: 'alloy' }, 'model'],
  ])('rejects %j naming %s', async (body, param) => {
    const { status, json } = await postJson(emulator, '/audio/speech', body);
    expect(status).toBe(400);
    expect(json.error.param).toBe(param);
  });
});
