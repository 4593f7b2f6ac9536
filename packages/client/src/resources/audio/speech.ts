import type { RequestOptions } from '../../client.js';
import type { APIPromise } from '../../core/api-promise.js';
import { type BinaryResponse, mediaResponse } from '../../core/binary-response.js';
import { APIResource } from '../../core/resource.js';
import {
  optionalPositiveNumber,
  optionalString,
  requireObject,
  requireString,
  withoutNulls,
} from '../../core/validate.js';

export type SpeechModel = 'tts-1' | 'tts-1-hd' | 'gpt-4o-mini-tts' | (string & {});
export type SpeechVoice =
  | 'alloy'
  | 'ash'
  | 'ballad'
  | 'coral'
  | 'echo'
  | 'fable'
  | 'onyx'
  | 'nova'
  | 'sage'
  | 'shimmer'
  | 'verse'
  | (string & {});

export interface SpeechCreateParams {
  model: SpeechModel;
  /** The text to speak. */
  input: string;
  voice: SpeechVoice;
  /** Default `'mp3'`. */
  response_format?: 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm' | (string & {});
  /** 0.25 to 4, default 1. */
  speed?: number;
  /** Voice direction, for models that take it. */
  instructions?: string;
}

export class Speech extends APIResource {
  /**
   * Turns text into audio. The result is a `Response` (as in `openai@6`) still streaming, with
   * `writeToFile(path)`, `arrayBuffer()`, `bytes()` and `stream()`.
   *
   * @example
   * const speech = await anyint.audio.speech.create({ model: 'tts-1', input: 'Hello', voice: 'alloy', response_format: 'wav' });
   * await speech.writeToFile('hello.wav');
   */
  create(params: SpeechCreateParams, options?: RequestOptions): APIPromise<BinaryResponse> {
    return this.request(() => {
      requireObject('params', params);
      requireString('model', params.model);
      requireString('input', params.input);
      requireString('voice', params.voice);
      optionalString('response_format', params.response_format);
      optionalPositiveNumber('speed', params.speed);
      return {
        method: 'POST',
        path: '/audio/speech',
        body: withoutNulls(params),
        model: params.model,
        media: true,
        accept: 'application/octet-stream',
        // A 200 carrying JSON or nothing is an upstream that answered without audio.
        parse: (response, route) => mediaResponse(response, route, 'audio'),
      };
    }, options);
  }
}
