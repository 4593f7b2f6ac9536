import type { TranscriptionModel } from '@anyint/client';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { type AnyIntClientOptions, requestOptions, resolveClient } from '../client-options.js';
import { type AudioInputOptions, audioFieldDescription, resolveAudioInput } from './audio-input.js';
import { type TranscriptArtifact, transcriptContent } from './transcription-tool.js';

/** Options of `createTranslationTool`. */
export interface TranslationToolOptions extends AnyIntClientOptions, AudioInputOptions {
  /** Speech-to-text model id on the gateway that can translate, e.g. `'whisper-1'`. */
  model: TranscriptionModel;
  /** Tool name shown to the model. Default `'translate_audio_to_english'`. */
  name?: string | undefined;
}

/**
 * A LangChain tool that translates the speech in an audio file into English text through AnyInt's
 * `/audio/translations` route. Input and artifact are those of the transcription tool.
 *
 * @example
 * import { createTranslationTool } from '@anyint/langchain';
 *
 * const translate = createTranslationTool({ model: 'whisper-1', audioDir: './uploads' });
 * const message = await translate.invoke({ id: '1', name: 'translate_audio_to_english', args: { audio: 'interview-de.mp3' }, type: 'tool_call' });
 * console.log(message.content); // English text
 */
export function createTranslationTool(options: TranslationToolOptions) {
  const client = resolveClient(options);
  const schema = z.object({
    audio: z.string().trim().min(1).describe(audioFieldDescription(options)),
    prompt: z
      .string()
      .max(1000)
      .optional()
      .describe('Optional hint in English: names or terms that the speech may contain.'),
  });
  return tool(
    async (input, config): Promise<[string, TranscriptArtifact]> => {
      const signal = config?.signal;
      const file = await resolveAudioInput(input.audio, options, client.maxAudioUploadBytes, signal);
      const response = await client.audio.translations.create(
        { file, model: options.model, ...(input.prompt !== undefined && { prompt: input.prompt }) },
        requestOptions(options.maxRetries, signal),
      );
      return [transcriptContent(response.text), { source: input.audio, response }];
    },
    {
      name: options.name ?? 'translate_audio_to_english',
      description:
        'Translate the speech in an audio recording (any language) into English text. Use it when the ' +
        'user wants to understand a recording in another language. Returns the English text.',
      schema,
      responseFormat: 'content_and_artifact',
    },
  );
}
