import type { SharedV3Warning, SpeechModelV3 } from '@ai-sdk/provider';
import type { SpeechCreateParams } from '@anyint/client';
import { definedFields, requestOptionsOf } from '../anyint-config.js';
import { type AnyIntCallContext, callAnyInt } from '../anyint-error.js';
import { AnyIntModel } from '../anyint-model.js';
import { loadKitModule } from '../client-module.js';
import { type AnyIntSpeechModelId, anyintSpeechOptionsSchema } from './anyint-speech-options.js';

type DoGenerate = SpeechModelV3['doGenerate'];

/** Voice used when the call names none. */
const DEFAULT_VOICE = 'alloy';

/**
 * An AI SDK speech model on AnyInt's `/audio/speech`. `outputFormat` becomes `response_format` and
 * passes through (upstreams differ in the formats they encode); the default is `'mp3'`.
 */
export class AnyIntSpeechModel extends AnyIntModel<AnyIntSpeechModelId> implements SpeechModelV3 {
  async doGenerate({
    text,
    voice,
    outputFormat,
    instructions,
    speed,
    language,
    providerOptions,
    abortSignal,
    headers,
  }: Parameters<DoGenerate>[0]): Promise<Awaited<ReturnType<DoGenerate>>> {
    const options = await this.anyintOptions(providerOptions, anyintSpeechOptionsSchema);
    const warnings: SharedV3Warning[] = [];
    if (language !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'language',
        details: 'The speech route takes no language; the model speaks the language of the text.',
      });
    }
    const { timestamp, connection } = await this.startCall();
    const client = connection.client;
    const kit = await loadKitModule();
    const body = definedFields({
      model: this.modelId,
      input: text,
      voice: voice ?? DEFAULT_VOICE,
      response_format: outputFormat ?? 'mp3',
      speed: speed ?? options.speed,
      instructions: instructions ?? options.instructions,
    }) as SpeechCreateParams;
    const context: AnyIntCallContext = {
      url: `${client.baseURL}/audio/speech`,
      requestBodyValues: body,
      createsNothing: false,
      abortSignal,
    };
    const { audio, responseHeaders, contentType, requestId } = await callAnyInt(context, async () => {
      const response = await client.audio.speech.create(
        body,
        requestOptionsOf(connection, abortSignal, headers),
      );
      return {
        audio: await response.bytes(),
        responseHeaders: kit.headersOf(response),
        contentType: response.contentType,
        requestId: kit.requestIdOf(response),
      };
    });
    return {
      audio,
      warnings,
      request: { body: JSON.stringify(body) },
      response: { timestamp, modelId: this.modelId, headers: responseHeaders },
      providerMetadata: { anyint: definedFields({ contentType, requestId }) },
    };
  }
}
