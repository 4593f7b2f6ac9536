import type { SpeechModel, SpeechVoice } from '@anyint/client';
import { mediaTypeOfName, requestIdOf, type SpeechFormat, speechToolSpec } from '@anyint/client/adapter-kit';
import type { ContentBlock } from '@langchain/core/messages';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { formatBytes, wavDurationSeconds } from '../media.js';
import { defineTool } from './tool-support.js';

export type { SpeechFormat } from '@anyint/client/adapter-kit';

/** Options of `createSpeechTool`. */
export interface SpeechToolOptions extends AnyIntClientOptions {
  /** Text-to-speech model id on the gateway, e.g. `'tts-1'` or `'gpt-4o-mini-tts'`. */
  model: SpeechModel;
  /** Voice used when the model asks for none, e.g. `'alloy'`. Default `'alloy'`. */
  voice?: SpeechVoice | undefined;
  /** Audio format of the result. Default `'mp3'`. */
  responseFormat?: SpeechFormat | undefined;
  /** Tool name shown to the model. Default `'text_to_speech'`. */
  name?: string | undefined;
}

const OWN_OPTIONS: Record<Exclude<keyof SpeechToolOptions, keyof AnyIntClientOptions>, true> = {
  model: true,
  voice: true,
  responseFormat: true,
  name: true,
};

/** What the speech tool's artifact carries. */
export interface SpeechArtifact {
  /** A LangChain audio content block with the audio as base64 `data` and its `mimeType`. */
  audio: ContentBlock.Multimodal.Audio;
  /** Format asked for, e.g. `'mp3'`. */
  format: SpeechFormat;
  model: string;
  voice: string;
  /** Byte length of the audio. */
  size: number;
  /** Seconds of audio, when the format tells (WAV). */
  durationSeconds?: number;
  /** Request id of the call, when the gateway sent one. */
  requestId?: string;
}

/**
 * A LangChain tool that reads text aloud through AnyInt's `/audio/speech` route:
 * `{ text, voice?, speed? }`. The content tells the model what was made; the artifact carries the
 * audio as a LangChain audio content block.
 *
 * @example
 * import { createSpeechTool } from '@anyint/langchain';
 *
 * const speak = createSpeechTool({ model: 'tts-1', voice: 'nova', responseFormat: 'wav' });
 * const message = await speak.invoke({ id: '1', name: 'text_to_speech', args: { text: 'Hello!' }, type: 'tool_call' });
 * const wav = Buffer.from(message.artifact.audio.data, 'base64');
 */
export function createSpeechTool(options: SpeechToolOptions) {
  const { client, requestOptions } = langchainConnection(options, 'createSpeechTool', OWN_OPTIONS);
  const format = options.responseFormat ?? 'mp3';
  return defineTool<{ text: string; voice?: string; speed?: number }, SpeechArtifact>(
    speechToolSpec(),
    options.name,
    async (input, config) => {
      const voice = input.voice ?? options.voice ?? 'alloy';
      const speech = await client.audio.speech.create(
        {
          model: options.model,
          input: input.text,
          voice,
          response_format: format,
          ...(input.speed !== undefined && { speed: input.speed }),
        },
        requestOptions(config?.signal),
      );
      const bytes = new Uint8Array(await speech.arrayBuffer());
      const durationSeconds = format === 'wav' ? wavDurationSeconds(bytes) : undefined;
      const requestId = requestIdOf(speech);
      const artifact: SpeechArtifact = {
        audio: {
          type: 'audio',
          data: Buffer.from(bytes).toString('base64'),
          mimeType: mediaTypeOfName(`speech.${format}`),
        },
        format,
        model: options.model,
        voice,
        size: bytes.byteLength,
        ...(durationSeconds !== undefined && { durationSeconds }),
        ...(requestId && { requestId }),
      };
      const length = durationSeconds !== undefined ? `${durationSeconds.toFixed(1)} s, ` : '';
      const content =
        `Spoke ${input.text.length} characters with voice "${voice}" (${format}, ${length}` +
        `${formatBytes(bytes.byteLength)}); the audio is attached for the user.`;
      return [content, artifact];
    },
  );
}
