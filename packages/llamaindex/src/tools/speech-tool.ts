import type { SpeechModel, SpeechVoice } from '@anyint/client';
import { z } from 'zod';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const SPEECH_TOOL_NAME = 'text_to_speech';

export const speechToolInput = z.object({
  text: z.string().trim().min(1).max(4096).describe('The text to speak.'),
  voice: z.string().trim().min(1).optional().describe("Voice name, e.g. 'alloy' or 'nova'. Optional."),
  speed: z.number().min(0.25).max(4).optional().describe('Speaking speed, 0.25 to 4. Default 1.'),
});

export type SpeechFormat = 'mp3' | 'wav' | 'opus' | 'aac' | 'flac' | 'pcm';

export interface AnyIntSpeechToolOptions extends AnyIntToolOptions {
  /** Text-to-speech model id, e.g. `'tts-1'` or `'gpt-4o-mini-tts'`. */
  model: SpeechModel;
  /** Voice used when the model does not ask for one. Default `'alloy'`. */
  voice?: SpeechVoice | undefined;
  /** Audio format of the saved file. Default `'mp3'`. */
  format?: SpeechFormat | undefined;
}

/**
 * A LlamaIndex tool that speaks text: `{ text, voice?, speed? }` -> `{ path, mime_type, size_bytes }`,
 * the audio saved in `outputDir`.
 *
 * @example
 * import { createAnyIntSpeechTool } from '@anyint/llamaindex';
 *
 * const speak = createAnyIntSpeechTool({ model: 'tts-1', format: 'wav', outputDir: './audio' });
 * const { path } = await speak.call({ text: 'Your refund is on its way.' });
 */
export function createAnyIntSpeechTool(options: AnyIntSpeechToolOptions) {
  return speechTool(toolRuntime(options), options);
}

/** @internal */
export function speechTool(
  runtime: ToolRuntime,
  options: Omit<AnyIntSpeechToolOptions, keyof AnyIntToolOptions>,
) {
  const format = options.format ?? 'mp3';
  return defineTool({
    name: SPEECH_TOOL_NAME,
    description: 'Turns text into spoken audio. Returns the path of the saved audio file.',
    parameters: speechToolInput,
    execute: async (input) => {
      const speech = await runtime.client.audio.speech.create({
        model: options.model,
        input: input.text,
        voice: input.voice ?? options.voice ?? 'alloy',
        response_format: format,
        ...(input.speed !== undefined && { speed: input.speed }),
      });
      const bytes = await speech.bytes();
      const path = await runtime.save('speech', `.${format}`, bytes);
      return { path, mime_type: speech.contentType, size_bytes: bytes.byteLength };
    },
  });
}
