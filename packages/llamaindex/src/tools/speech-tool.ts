import type { SpeechModel, SpeechVoice } from '@anyint/client';
import {
  baseMediaType,
  requestIdOf,
  type SpeechFormat,
  speechToolSpec,
  TOOL_NAMES,
} from '@anyint/client/adapter-kit';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const SPEECH_TOOL_NAME = TOOL_NAMES.speech;

export type { SpeechFormat } from '@anyint/client/adapter-kit';

export interface AnyIntSpeechToolOptions extends AnyIntToolOptions {
  /** Text-to-speech model id, e.g. `'tts-1'` or `'gpt-4o-mini-tts'`. */
  model: SpeechModel;
  /** Voice used when the model does not ask for one. Default `'alloy'`. */
  voice?: SpeechVoice | undefined;
  /** Audio format of the saved file. Default `'mp3'`. */
  format?: SpeechFormat | undefined;
}

/** What the speech tool returns. */
export type SpeechToolResult = { path: string; mime_type: string; size_bytes: number; request_id?: string };

/**
 * A LlamaIndex tool that speaks text: `{ text, voice?, speed? }` -> `{ path, mime_type, size_bytes,
 * request_id }`, the audio saved in `outputDir`.
 *
 * @example
 * import { createAnyIntSpeechTool } from '@anyint/llamaindex';
 *
 * const speak = createAnyIntSpeechTool({ model: 'tts-1', format: 'wav', outputDir: './audio' });
 * const { path } = await speak.call({ text: 'Your refund is on its way.' });
 */
export function createAnyIntSpeechTool(options: AnyIntSpeechToolOptions) {
  return speechTool(
    toolRuntime(options, 'createAnyIntSpeechTool', { model: true, voice: true, format: true }),
    options,
  );
}

/** @internal */
export function speechTool(
  runtime: ToolRuntime,
  options: Pick<AnyIntSpeechToolOptions, 'model' | 'voice' | 'format'>,
) {
  const format = options.format ?? 'mp3';
  return defineTool<{ text: string; voice?: string; speed?: number }, SpeechToolResult>(
    speechToolSpec(),
    async (input) => {
      const speech = await runtime.client.audio.speech.create(
        {
          model: options.model,
          input: input.text,
          voice: input.voice ?? options.voice ?? 'alloy',
          response_format: format,
          ...(input.speed !== undefined && { speed: input.speed }),
        },
        runtime.requestOptions,
      );
      const bytes = new Uint8Array(await speech.arrayBuffer());
      const path = await runtime.output.save('speech', `.${format}`, bytes);
      const requestId = requestIdOf(speech);
      return {
        path,
        mime_type: baseMediaType(speechType(speech)),
        size_bytes: bytes.byteLength,
        ...(requestId && { request_id: requestId }),
      };
    },
  );
}

function speechType(speech: { contentType?: string; headers?: unknown }): string {
  if (typeof speech.contentType === 'string') return speech.contentType;
  const headers = speech.headers;
  return headers instanceof Headers ? (headers.get('content-type') ?? '') : '';
}
