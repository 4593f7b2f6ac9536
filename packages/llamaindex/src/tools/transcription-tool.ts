import type { TranscriptionModel } from '@anyint/client';
import { z } from 'zod';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const TRANSCRIPTION_TOOL_NAME = 'transcribe_audio';
export const TRANSLATION_TOOL_NAME = 'translate_audio';

const filePath = z
  .string()
  .trim()
  .min(1)
  .describe('Path of the audio file (wav, mp3, m4a, ogg, webm, flac).');
const prompt = z
  .string()
  .optional()
  .describe('Words or names likely to be spoken, to guide spelling. Optional.');

export const transcriptionToolInput = z.object({
  file_path: filePath,
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, "must be an ISO-639-1 code such as 'en'")
    .optional()
    .describe("ISO-639-1 code of the spoken language, e.g. 'en'. Optional."),
  prompt,
});

export const translationToolInput = z.object({ file_path: filePath, prompt });

export interface AnyIntTranscriptionToolOptions extends AnyIntToolOptions {
  /** Speech-to-text model id, e.g. `'whisper-1'` or `'gpt-4o-transcribe'`. */
  model: TranscriptionModel;
}

/**
 * A LlamaIndex tool that transcribes an audio file: `{ file_path, language?, prompt? }` -> `{ text }`.
 * Only audio file extensions are read; set `inputDir` to confine it to one folder.
 *
 * @example
 * import { createAnyIntTranscriptionTool } from '@anyint/llamaindex';
 *
 * const transcribe = createAnyIntTranscriptionTool({ model: 'whisper-1', inputDir: './uploads' });
 * const { text } = await transcribe.call({ file_path: 'call.wav' });
 */
export function createAnyIntTranscriptionTool(options: AnyIntTranscriptionToolOptions) {
  return transcriptionTool(toolRuntime(options), options);
}

/**
 * A LlamaIndex tool that translates speech in an audio file into English text: `{ file_path, prompt? }`
 * -> `{ text }`. Only audio file extensions are read; set `inputDir` to confine it to one folder.
 *
 * @example
 * import { createAnyIntTranslationTool } from '@anyint/llamaindex';
 *
 * const translate = createAnyIntTranslationTool({ model: 'whisper-1' });
 * const { text } = await translate.call({ file_path: '/tmp/interview-de.mp3' });
 */
export function createAnyIntTranslationTool(options: AnyIntTranscriptionToolOptions) {
  return translationTool(toolRuntime(options), options);
}

/** @internal */
export function transcriptionTool(runtime: ToolRuntime, options: { model: TranscriptionModel }) {
  return defineTool({
    name: TRANSCRIPTION_TOOL_NAME,
    description: 'Transcribes speech in an audio file into text, in the language spoken.',
    parameters: transcriptionToolInput,
    execute: async (input) => {
      const file = await runtime.openAudio(TRANSCRIPTION_TOOL_NAME, 'file_path', input.file_path);
      const { text } = await runtime.client.audio.transcriptions.create({
        file,
        model: options.model,
        ...(input.language !== undefined && { language: input.language }),
        ...(input.prompt !== undefined && { prompt: input.prompt }),
      });
      return { text };
    },
  });
}

/** @internal */
export function translationTool(runtime: ToolRuntime, options: { model: TranscriptionModel }) {
  return defineTool({
    name: TRANSLATION_TOOL_NAME,
    description: 'Translates speech in an audio file, in any language, into English text.',
    parameters: translationToolInput,
    execute: async (input) => {
      const file = await runtime.openAudio(TRANSLATION_TOOL_NAME, 'file_path', input.file_path);
      const { text } = await runtime.client.audio.translations.create({
        file,
        model: options.model,
        ...(input.prompt !== undefined && { prompt: input.prompt }),
      });
      return { text };
    },
  });
}
