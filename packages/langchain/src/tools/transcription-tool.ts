import type { Transcription, TranscriptionModel } from '@anyint/client';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { type AnyIntClientOptions, requestOptions, resolveClient } from '../client-options.js';
import { type AudioInputOptions, audioFieldDescription, resolveAudioInput } from './audio-input.js';

/** Options of `createTranscriptionTool`. */
export interface TranscriptionToolOptions extends AnyIntClientOptions, AudioInputOptions {
  /** Speech-to-text model id on the gateway, e.g. `'whisper-1'` or `'gpt-4o-transcribe'`. */
  model: TranscriptionModel;
  /** Tool name shown to the model. Default `'transcribe_audio'`. */
  name?: string | undefined;
}

/** What the transcription and translation tools' artifacts carry. */
export interface TranscriptArtifact {
  /** The path or URL the model gave. */
  source: string;
  /** The API response (`text`, and `usage` or `logprobs` when the upstream sends them). */
  response: Transcription;
}

/** The content a model reads: the transcript, or a note that nothing was heard. */
export function transcriptContent(text: string): string {
  return text.trim() === '' ? '(no speech was recognised in the audio)' : text;
}

/**
 * A LangChain tool that transcribes an audio file through AnyInt's `/audio/transcriptions` route. The
 * model passes a path inside `audioDir` (or an http(s) URL when `allowAudioUrls` is set); the content
 * is the transcript, the artifact the full response.
 *
 * @example
 * import { createTranscriptionTool } from '@anyint/langchain';
 *
 * const transcribe = createTranscriptionTool({ model: 'whisper-1', audioDir: './uploads' });
 * const message = await transcribe.invoke({ id: '1', name: 'transcribe_audio', args: { audio: 'call.wav' }, type: 'tool_call' });
 * console.log(message.content); // the transcript
 */
export function createTranscriptionTool(options: TranscriptionToolOptions) {
  const client = resolveClient(options);
  const schema = z.object({
    audio: z.string().trim().min(1).describe(audioFieldDescription(options)),
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .optional()
      .describe("ISO-639-1 code of the spoken language, e.g. 'en' or 'de', if known. Improves accuracy."),
    prompt: z
      .string()
      .max(1000)
      .optional()
      .describe('Optional hint: names, terms or earlier text that the speech may contain.'),
  });
  return tool(
    async (input, config): Promise<[string, TranscriptArtifact]> => {
      const signal = config?.signal;
      const file = await resolveAudioInput(input.audio, options, client.maxAudioUploadBytes, signal);
      const response = await client.audio.transcriptions.create(
        {
          file,
          model: options.model,
          ...(input.language !== undefined && { language: input.language }),
          ...(input.prompt !== undefined && { prompt: input.prompt }),
        },
        requestOptions(options.maxRetries, signal),
      );
      return [transcriptContent(response.text), { source: input.audio, response }];
    },
    {
      name: options.name ?? 'transcribe_audio',
      description:
        'Write down the words spoken in an audio recording, in the language they were spoken. Use it when ' +
        'the user refers to an audio or voice file and wants to know what is said in it. Returns the transcript.',
      schema,
      responseFormat: 'content_and_artifact',
    },
  );
}
