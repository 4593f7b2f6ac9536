import type { RequestOptions } from '../../client.js';
import type { APIPromise } from '../../core/api-promise.js';
import { APIResource } from '../../core/resource.js';
import type { Uploadable } from '../../core/uploads.js';
import { audioFormRequest } from './audio-form.js';
import type { AudioResponseFormat, TranscriptionModel, TranscriptionResult } from './transcriptions.js';

export interface TranslationCreateParams<F extends AudioResponseFormat = AudioResponseFormat> {
  /** A `File`/`Blob`, a Node `ReadStream`, `toFile(bytes, 'a.wav')` or `fileFromPath('a.wav')`. */
  file: Uploadable;
  model: TranscriptionModel;
  prompt?: string;
  /** Default `'json'`. `text`, `srt` and `vtt` give a string. */
  response_format?: F;
  temperature?: number;
}

export class Translations extends APIResource {
  /**
   * Translates speech in any language into English text.
   *
   * @example
   * const { text } = await anyint.audio.translations.create({ file: fs.createReadStream('a.wav'), model: 'whisper-1' });
   */
  create<F extends AudioResponseFormat = 'json'>(
    params: TranslationCreateParams<F>,
    options?: RequestOptions,
  ): APIPromise<TranscriptionResult<F>> {
    return this.request(
      () => audioFormRequest<TranscriptionResult<F>>(this.client, '/audio/translations', { ...params }),
      options,
    );
  }
}
