import type { SharedV3Warning, TranscriptionModelV3 } from '@ai-sdk/provider';
import { convertBase64ToUint8Array, mediaTypeToExtension } from '@ai-sdk/provider-utils';
import type { Transcription, TranscriptionVerbose } from '@anyint/client';
import { type AnyIntModelConfig, definedFields, requestOptionsOf } from '../anyint-config.js';
import { callAnyInt } from '../anyint-error.js';
import { AnyIntModel } from '../anyint-model.js';
import { loadKitModule } from '../client-module.js';
import { languageCode } from './anyint-transcription-languages.js';
import {
  type AnyIntTranscriptionModelId,
  anyintTranscriptionOptionsSchema,
} from './anyint-transcription-options.js';

type DoGenerate = TranscriptionModelV3['doGenerate'];

export interface AnyIntTranscriptionModelConfig extends AnyIntModelConfig {
  /** `'transcriptions'` keeps the spoken language; `'translations'` gives English text. */
  task: 'transcriptions' | 'translations';
}

/**
 * An AI SDK transcription model on AnyInt's `/audio/transcriptions`, or on `/audio/translations`
 * (speech in any language to English text) when created by `anyint.translation(id)`. Asks for
 * `verbose_json` by default, so results carry segments, language and duration.
 */
export class AnyIntTranscriptionModel
  extends AnyIntModel<AnyIntTranscriptionModelId, AnyIntTranscriptionModelConfig>
  implements TranscriptionModelV3
{
  async doGenerate({
    audio,
    mediaType,
    providerOptions,
    abortSignal,
    headers,
  }: Parameters<DoGenerate>[0]): Promise<Awaited<ReturnType<DoGenerate>>> {
    const options = await this.anyintOptions(providerOptions, anyintTranscriptionOptionsSchema);
    const translate = this.config.task === 'translations';
    const warnings: SharedV3Warning[] = [];
    if (translate) {
      for (const feature of ['language', 'timestampGranularities'] as const) {
        if (options[feature] !== undefined) {
          warnings.push({ type: 'unsupported', feature, details: 'Translations take no such field.' });
        }
      }
    }
    const kit = await loadKitModule();
    const responseFormat = options.responseFormat ?? kit.defaultTranscriptionFormat(this.modelId);
    const fields = definedFields({
      model: this.modelId,
      language: translate ? undefined : options.language,
      prompt: options.prompt,
      temperature: options.temperature,
      timestamp_granularities: translate ? undefined : options.timestampGranularities,
      response_format: responseFormat,
    });
    const bytes = typeof audio === 'string' ? convertBase64ToUint8Array(audio) : audio;
    // Upstreams reject uploads without a file extension, so the name carries one.
    const file = new File([bytes as Uint8Array<ArrayBuffer>], `audio.${mediaTypeToExtension(mediaType)}`, {
      type: mediaType,
    });

    const { timestamp, connection } = await this.startCall();
    const client = connection.client;
    const path = `/audio/${this.config.task}` as const;
    const { data: result, response: raw } = await callAnyInt(
      {
        url: `${client.baseURL}${path}`,
        requestBodyValues: { ...fields, file: `<${bytes.byteLength} bytes of ${mediaType}>` },
        createsNothing: true,
        abortSignal,
      },
      () => {
        const requestOptions = requestOptionsOf(connection, abortSignal, headers);
        const params = { ...fields, file } as Parameters<typeof client.audio.transcriptions.create>[0];
        const call = translate
          ? client.audio.translations.create(params, requestOptions)
          : client.audio.transcriptions.create(params, requestOptions);
        return call.withResponse() as Promise<{
          data: Transcription | TranscriptionVerbose;
          response: Response;
        }>;
      },
    );

    const verbose = result as Partial<TranscriptionVerbose>;
    const segments =
      verbose.segments?.map((segment) => ({
        text: segment.text,
        startSecond: segment.start,
        endSecond: segment.end,
      })) ??
      verbose.words?.map((word) => ({ text: word.word, startSecond: word.start, endSecond: word.end })) ??
      [];
    const duration = typeof verbose.duration === 'number' ? verbose.duration : undefined;
    return {
      text: result.text,
      segments,
      language: translate ? 'en' : (languageCode(verbose.language) ?? languageCode(options.language)),
      durationInSeconds: duration,
      warnings,
      response: { timestamp, modelId: this.modelId, headers: kit.headersOf(raw), body: result },
      providerMetadata: {
        anyint: definedFields({
          requestId: kit.requestIdOf(raw),
          usage: (result as Transcription).usage as Record<string, never> | undefined,
        }),
      },
    };
  }
}
