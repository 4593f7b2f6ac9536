import type { TranscriptionModel } from '@anyint/client';
import {
  type InputFileOptions,
  openAudioInput,
  requestIdOf,
  translationToolSpec,
} from '@anyint/client/adapter-kit';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { defineTool } from './tool-support.js';
import { inputToolOptions, type TranscriptArtifact, transcriptContent } from './transcription-tool.js';

/** Options of `createTranslationTool`. */
export interface TranslationToolOptions extends AnyIntClientOptions, InputFileOptions {
  /** Speech-to-text model id on the gateway that can translate, e.g. `'whisper-1'`. */
  model: TranscriptionModel;
  /** Tool name shown to the model. Default `'translate_audio_to_english'`. */
  name?: string | undefined;
}

/**
 * A LangChain tool that translates the speech in an audio file into English text through AnyInt's
 * `/audio/translations` route: `{ file_path, prompt? }`. Input files and artifact are those of the
 * transcription tool.
 *
 * @example
 * import { createTranslationTool } from '@anyint/langchain';
 *
 * const translate = createTranslationTool({ model: 'whisper-1', inputDir: './uploads' });
 * const message = await translate.invoke({ id: '1', name: 'translate_audio_to_english', args: { file_path: 'interview-de.mp3' }, type: 'tool_call' });
 * console.log(message.content); // English text
 */
export function createTranslationTool(options: TranslationToolOptions) {
  const { client, requestOptions } = langchainConnection(
    options,
    'createTranslationTool',
    inputToolOptions({ model: true, name: true }),
  );
  const spec = translationToolSpec(options);
  return defineTool<{ file_path: string; prompt?: string }, TranscriptArtifact>(
    spec,
    options.name,
    async (input, config) => {
      const request = requestOptions(config?.signal);
      const file = await openAudioInput(input.file_path, {
        ...options,
        tool: spec.name,
        client,
        requestOptions: request,
      });
      const response = await client.audio.translations.create(
        { file, model: options.model, ...(input.prompt !== undefined && { prompt: input.prompt }) },
        request,
      );
      const requestId = requestIdOf(response);
      return [
        transcriptContent(response.text),
        { source: input.file_path, response, ...(requestId && { requestId }) },
      ];
    },
  );
}
