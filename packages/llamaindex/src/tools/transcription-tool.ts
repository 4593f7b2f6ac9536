import type { TranscriptionModel } from '@anyint/client';
import {
  openAudioInput,
  requestIdOf,
  TOOL_NAMES,
  transcriptionToolSpec,
  translationToolSpec,
} from '@anyint/client/adapter-kit';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const TRANSCRIPTION_TOOL_NAME = TOOL_NAMES.transcription;
export const TRANSLATION_TOOL_NAME = TOOL_NAMES.translation;

export interface AnyIntTranscriptionToolOptions extends AnyIntToolOptions {
  /** Speech-to-text model id, e.g. `'whisper-1'` or `'gpt-4o-transcribe'`. */
  model: TranscriptionModel;
}

/** What the transcription and translation tools return. */
export type TranscriptToolResult = { text: string; request_id?: string };

/**
 * A LlamaIndex tool that transcribes an audio file: `{ file_path, language?, prompt? }` -> `{ text,
 * request_id }`. Paths must lie inside `inputDir` (default: the working directory) and name audio
 * files; URLs only with `allowInputUrls`.
 *
 * @example
 * import { createAnyIntTranscriptionTool } from '@anyint/llamaindex';
 *
 * const transcribe = createAnyIntTranscriptionTool({ model: 'whisper-1', inputDir: './uploads' });
 * const { text } = await transcribe.call({ file_path: 'call.wav' });
 */
export function createAnyIntTranscriptionTool(options: AnyIntTranscriptionToolOptions) {
  return transcriptionTool(toolRuntime(options, 'createAnyIntTranscriptionTool', { model: true }), options);
}

/**
 * A LlamaIndex tool that translates speech in an audio file into English text: `{ file_path, prompt? }`
 * -> `{ text, request_id }`, with the input files of the transcription tool.
 *
 * @example
 * import { createAnyIntTranslationTool } from '@anyint/llamaindex';
 *
 * const translate = createAnyIntTranslationTool({ model: 'whisper-1', inputDir: './uploads' });
 * const { text } = await translate.call({ file_path: 'interview-de.mp3' });
 */
export function createAnyIntTranslationTool(options: AnyIntTranscriptionToolOptions) {
  return translationTool(toolRuntime(options, 'createAnyIntTranslationTool', { model: true }), options);
}

/** @internal */
export function transcriptionTool(runtime: ToolRuntime, options: { model: TranscriptionModel }) {
  const spec = transcriptionToolSpec(runtime.input);
  return defineTool<{ file_path: string; language?: string; prompt?: string }, TranscriptToolResult>(
    spec,
    async (input) => {
      const file = await openAudioInput(input.file_path, { ...runtime, ...runtime.input, tool: spec.name });
      const response = await runtime.client.audio.transcriptions.create(
        {
          file,
          model: options.model,
          ...(input.language !== undefined && { language: input.language }),
          ...(input.prompt !== undefined && { prompt: input.prompt }),
        },
        runtime.requestOptions,
      );
      const requestId = requestIdOf(response);
      return { text: response.text, ...(requestId && { request_id: requestId }) };
    },
  );
}

/** @internal */
export function translationTool(runtime: ToolRuntime, options: { model: TranscriptionModel }) {
  const spec = translationToolSpec(runtime.input);
  return defineTool<{ file_path: string; prompt?: string }, TranscriptToolResult>(spec, async (input) => {
    const file = await openAudioInput(input.file_path, { ...runtime, ...runtime.input, tool: spec.name });
    const response = await runtime.client.audio.translations.create(
      { file, model: options.model, ...(input.prompt !== undefined && { prompt: input.prompt }) },
      runtime.requestOptions,
    );
    const requestId = requestIdOf(response);
    return { text: response.text, ...(requestId && { request_id: requestId }) };
  });
}
