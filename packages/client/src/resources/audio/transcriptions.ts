import type { RequestOptions } from '../../client.js';
import type { APIPromise } from '../../core/api-promise.js';
import { APIResource } from '../../core/resource.js';
import type { Uploadable } from '../../core/uploads.js';
import { audioFormRequest } from './audio-form.js';

export type TranscriptionModel = 'whisper-1' | 'gpt-4o-transcribe' | 'gpt-4o-mini-transcribe' | (string & {});
export type AudioResponseFormat = 'json' | 'text' | 'srt' | 'vtt' | 'verbose_json';

export interface TranscriptionCreateParams<F extends AudioResponseFormat = AudioResponseFormat> {
  /** A `File`/`Blob`, a Node `ReadStream`, `toFile(bytes, 'a.wav')` or `fileFromPath('a.wav')`. */
  file: Uploadable;
  model: TranscriptionModel;
  /** ISO-639-1 code of the spoken language, e.g. `'en'`. */
  language?: string;
  prompt?: string;
  /** Default `'json'`. `text`, `srt` and `vtt` give a string. */
  response_format?: F;
  temperature?: number;
  timestamp_granularities?: ('word' | 'segment')[];
  include?: 'logprobs'[];
}

export interface Transcription {
  text: string;
  usage?: Record<string, unknown>;
  logprobs?: { token: string; logprob: number; bytes: number[] }[];
}

export interface TranscriptionSegment {
  id: number;
  seek: number;
  start: number;
  end: number;
  text: string;
  tokens: number[];
  temperature: number;
  avg_logprob: number;
  compression_ratio: number;
  no_speech_prob: number;
}

export interface TranscriptionWord {
  word: string;
  start: number;
  end: number;
}

export interface TranscriptionVerbose {
  task?: string;
  language: string;
  /** Seconds. */
  duration: number;
  text: string;
  segments?: TranscriptionSegment[];
  words?: TranscriptionWord[];
}

export type TranscriptionResult<F extends AudioResponseFormat> = F extends 'verbose_json'
  ? TranscriptionVerbose
  : F extends 'text' | 'srt' | 'vtt'
    ? string
    : Transcription;

export class Transcriptions extends APIResource {
  /**
   * Transcribes audio. The file streams from disk or memory; it is never buffered whole.
   *
   * @example
   * const { text } = await anyint.audio.transcriptions.create({ file: await fileFromPath('call.wav'), model: 'whisper-1' });
   */
  create<F extends AudioResponseFormat = 'json'>(
    params: TranscriptionCreateParams<F>,
    options?: RequestOptions,
  ): APIPromise<TranscriptionResult<F>> {
    return this.request(
      () => audioFormRequest<TranscriptionResult<F>>(this.client, '/audio/transcriptions', { ...params }),
      options,
    );
  }
}
