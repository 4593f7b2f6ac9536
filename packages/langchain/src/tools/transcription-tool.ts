import type { Transcription, TranscriptionModel } from '@anyint/client';
import {
  INPUT_FILE_OPTIONS,
  type InputFileOptions,
  openAudioInput,
  requestIdOf,
  transcriptionToolSpec,
} from '@anyint/client/adapter-kit';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { defineTool } from './tool-support.js';

/** Options of `createTranscriptionTool`. */
export interface TranscriptionToolOptions extends AnyIntClientOptions, InputFileOptions {
  /** Speech-to-text model id on the gateway, e.g. `'whisper-1'` or `'gpt-4o-transcribe'`. */
  model: TranscriptionModel;
  /** Tool name shown to the model. Default `'transcribe_audio'`. */
  name?: string | undefined;
}

/** The option names of a tool that reads the model's input files, besides the connection's. */
export function inputToolOptions(own: Record<string, true>): Record<string, true> {
  return { ...own, ...Object.fromEntries(INPUT_FILE_OPTIONS.map((name) => [name, true])) };
}

/** What the transcription and translation tools' artifacts carry. */
export interface TranscriptArtifact {
  /** The path or URL the model gave. */
  source: string;
  /** The API response (`text`, and `usage` or `logprobs` when the upstream sends them). */
  response: Transcription;
  /** Request id of the call, when the gateway sent one. */
  requestId?: string;
}

/** The content a model reads: the transcript, or a note that nothing was heard. */
export function transcriptContent(text: string): string {
  return text.trim() === '' ? '(no speech was recognised in the audio)' : text;
}

/**
 * A LangChain tool that transcribes an audio file through AnyInt's `/audio/transcriptions` route:
 * `{ file_path, language?, prompt? }`. The model passes a path inside `inputDir` (default: the
 * working directory), or an http(s) URL when `allowInputUrls` is set; the content is the transcript,
 * the artifact the full response.
 *
 * @example
 * import { createTranscriptionTool } from '@anyint/langchain';
 *
 * const transcribe = createTranscriptionTool({ model: 'whisper-1', inputDir: './uploads' });
 * const message = await transcribe.invoke({ id: '1', name: 'transcribe_audio', args: { file_path: 'call.wav' }, type: 'tool_call' });
 * console.log(message.content); // the transcript
 */
export function createTranscriptionTool(options: TranscriptionToolOptions) {
  const { client, requestOptions } = langchainConnection(
    options,
    'createTranscriptionTool',
    inputToolOptions({ model: true, name: true }),
  );
  const spec = transcriptionToolSpec(options);
  return defineTool<{ file_path: string; language?: string; prompt?: string }, TranscriptArtifact>(
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
      const response = await client.audio.transcriptions.create(
        {
          file,
          model: options.model,
          ...(input.language !== undefined && { language: input.language }),
          ...(input.prompt !== undefined && { prompt: input.prompt }),
        },
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
