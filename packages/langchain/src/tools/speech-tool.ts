import type { SpeechModel, SpeechVoice } from '@anyint/client';
import type { ContentBlock } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { type AnyIntClientOptions, requestOptions, resolveClient } from '../client-options.js';
import { formatBytes, wavDurationSeconds } from '../media.js';

/** Audio formats the speech tool can ask for. */
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';

/** Options of `createSpeechTool`. */
export interface SpeechToolOptions extends AnyIntClientOptions {
  /** Text-to-speech model id on the gateway, e.g. `'tts-1'` or `'gpt-4o-mini-tts'`. */
  model: SpeechModel;
  /** Voice used for every call, e.g. `'alloy'`. Default `'alloy'`. */
  voice?: SpeechVoice | undefined;
  /** Audio format of the result. Default `'mp3'`. */
  responseFormat?: SpeechFormat | undefined;
  /** Tool name shown to the model. Default `'text_to_speech'`. */
  name?: string | undefined;
}

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
}

const MIME_TYPES: Record<SpeechFormat, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

// Built by the factory, not at import: importing the package defines no schema.
function speechInput() {
  return z.object({
    text: z.string().trim().min(1).max(4096).describe('The exact text to speak, as it should be read aloud.'),
    speed: z
      .number()
      .min(0.25)
      .max(4)
      .optional()
      .describe('Speaking speed from 0.25 to 4. Default 1 (normal).'),
  });
}

/**
 * A LangChain tool that reads text aloud through AnyInt's `/audio/speech` route. The content tells the
 * model what was made; the artifact carries the audio as a LangChain audio content block.
 *
 * @example
 * import { createSpeechTool } from '@anyint/langchain';
 *
 * const speak = createSpeechTool({ model: 'tts-1', voice: 'nova', responseFormat: 'wav' });
 * const message = await speak.invoke({ id: '1', name: 'text_to_speech', args: { text: 'Hello!' }, type: 'tool_call' });
 * const wav = Buffer.from(message.artifact.audio.data, 'base64');
 */
export function createSpeechTool(options: SpeechToolOptions) {
  const client = resolveClient(options);
  const voice = options.voice ?? 'alloy';
  const format = options.responseFormat ?? 'mp3';
  return tool(
    async (input, config): Promise<[string, SpeechArtifact]> => {
      const speech = await client.audio.speech.create(
        {
          model: options.model,
          input: input.text,
          voice,
          response_format: format,
          ...(input.speed !== undefined && { speed: input.speed }),
        },
        requestOptions(options.maxRetries, config?.signal),
      );
      const bytes = await speech.bytes();
      const mimeType = MIME_TYPES[format];
      const durationSeconds = format === 'wav' ? wavDurationSeconds(bytes) : undefined;
      const artifact: SpeechArtifact = {
        audio: { type: 'audio', data: Buffer.from(bytes).toString('base64'), mimeType },
        format,
        model: options.model,
        voice,
        size: bytes.byteLength,
        ...(durationSeconds !== undefined && { durationSeconds }),
      };
      const length = durationSeconds !== undefined ? `${durationSeconds.toFixed(1)} s, ` : '';
      const content =
        `Spoke ${input.text.length} characters with voice "${voice}" (${format}, ${length}` +
        `${formatBytes(bytes.byteLength)}); the audio is attached for the user.`;
      return [content, artifact];
    },
    {
      name: options.name ?? 'text_to_speech',
      description:
        'Read text aloud: turns text into a spoken audio recording that is delivered to the user. Use it ' +
        'when the user wants to hear something or asks for an audio or voice version of a text.',
      schema: speechInput(),
      responseFormat: 'content_and_artifact',
    },
  );
}
