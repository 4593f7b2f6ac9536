import { BadRequestError } from '@anyint/client';
import { ToolMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { createSpeechTool } from '../index.js';
import { errorOf, useEmulator } from '../test-support.js';

const ctx = useEmulator();
const call = (args: Record<string, unknown>) => ({
  id: 'call-2',
  name: 'text_to_speech',
  args,
  type: 'tool_call' as const,
});

describe('createSpeechTool', () => {
  it('answers a tool call with a note for the model and the audio as an artifact block', async () => {
    const speak = createSpeechTool({
      model: 'tts-1',
      voice: 'nova',
      responseFormat: 'wav',
      client: ctx.client(),
    });
    const message = await speak.invoke(call({ text: 'hello from the speech tool', speed: 1.25 }));
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message.tool_call_id).toBe('call-2');
    const { audio, durationSeconds, size } = message.artifact;
    expect(audio).toMatchObject({ type: 'audio', mimeType: 'audio/wav' });
    const wav = Buffer.from(String(audio.data), 'base64');
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(size).toBe(wav.length);
    expect(durationSeconds).toBeGreaterThan(0.2);
    expect(message.content).toContain('Spoke 26 characters with voice "nova" (wav, ');
    expect(message.content).toContain(`${durationSeconds?.toFixed(1)} s`);
    expect(ctx.requestsTo('/audio/speech')[0]?.body).toEqual({
      model: 'tts-1',
      input: 'hello from the speech tool',
      voice: 'nova',
      response_format: 'wav',
      speed: 1.25,
    });
  });

  it('defaults to mp3 and the alloy voice', async () => {
    const speak = createSpeechTool({ model: 'tts-1', client: ctx.client() });
    const message = await speak.invoke(call({ text: 'short' }));
    expect(message.artifact).toMatchObject({
      format: 'mp3',
      voice: 'alloy',
      audio: { mimeType: 'audio/mpeg' },
    });
    expect(message.artifact.durationSeconds).toBeUndefined();
    expect(ctx.requestsTo('/audio/speech')[0]?.body).toMatchObject({
      voice: 'alloy',
      response_format: 'mp3',
    });
  });

  it("rejects bad input with LangChain's parsing error", async () => {
    const speak = createSpeechTool({ model: 'tts-1', client: ctx.client() });
    for (const args of [{ text: '' }, { text: 'hi', speed: 10 }, { words: 'hi' }]) {
      expect(await errorOf(speak.invoke(call(args)))).toBeInstanceOf(ToolInputParsingException);
    }
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('surfaces an upstream refusal as the typed error', async () => {
    const speak = createSpeechTool({ model: 'tts-1', responseFormat: 'opus', client: ctx.client() });
    const error = await errorOf(speak.invoke(call({ text: 'hi' })));
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_response_format' });
  });
});
