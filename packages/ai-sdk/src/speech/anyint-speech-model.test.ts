import { InvalidArgumentError } from '@ai-sdk/provider';
import { experimental_generateSpeech as generateSpeech, experimental_transcribe as transcribe } from 'ai';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator();
const sentence = 'refunds are paid within five days';

describe('AnyIntSpeechModel', () => {
  it('speaks wav that transcribes back to the text, with options on the wire', async () => {
    const provider = ctx.provider();
    const { audio, warnings, responses } = await generateSpeech({
      model: provider.speech('gpt-4o-mini-tts'),
      text: sentence,
      voice: 'coral',
      outputFormat: 'wav',
      providerOptions: { anyint: { speed: 1.25, instructions: 'calm and clear' } },
    });
    expect(audio.mediaType).toBe('audio/wav');
    expect(new TextDecoder().decode(audio.uint8Array.subarray(0, 4))).toBe('RIFF');
    expect(warnings).toEqual([]);
    expect(responses[0]?.headers?.['content-type']).toMatch(/^audio\/wav/);
    expect(ctx.requestsTo('/audio/speech')[0]?.body).toEqual({
      model: 'gpt-4o-mini-tts',
      input: sentence,
      voice: 'coral',
      response_format: 'wav',
      speed: 1.25,
      instructions: 'calm and clear',
    });
    const { text } = await transcribe({
      model: provider.transcription('whisper-1'),
      audio: audio.uint8Array,
    });
    expect(text.toLowerCase()).toContain(sentence);
  });

  it('defaults to mp3 and the alloy voice, lets call settings win, and warns about language', async () => {
    const { audio, warnings } = await generateSpeech({
      model: ctx.provider().speech('tts-1'),
      text: 'hello there',
      speed: 0.5,
      language: 'en',
      providerOptions: { anyint: { speed: 2 } },
    });
    expect(audio.mediaType).toBe('audio/mpeg');
    expect(ctx.requestsTo('/audio/speech')[0]?.body).toMatchObject({
      voice: 'alloy',
      response_format: 'mp3',
      speed: 0.5,
    });
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'language' })]);
  });

  it('turns input the client refuses into an InvalidArgumentError, before sending anything', async () => {
    const error = await generateSpeech({ model: ctx.provider().speech('tts-1'), text: 'x', speed: 0 }).catch(
      (e: unknown) => e,
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'speed' });
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('does not retry a failed speech create that may have run upstream', async () => {
    const error = await generateSpeech({
      model: ctx.provider().speech('tts-1'),
      text: 'x',
      outputFormat: 'opus',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(ctx.requestsTo('/audio/speech')).toHaveLength(1);
  });
});
