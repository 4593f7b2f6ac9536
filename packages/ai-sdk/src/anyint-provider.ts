import { LoadAPIKeyError, NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import {
  type FetchFunction,
  loadApiKey,
  loadOptionalSetting,
  withoutTrailingSlash,
} from '@ai-sdk/provider-utils';
import type { AnyInt } from '@anyint/client';
import type { AnyIntModelConfig } from './anyint-config.js';
import { loadClientModule } from './client-module.js';
import { AnyIntEmbeddingModel } from './embedding/anyint-embedding-model.js';
import type { AnyIntEmbeddingModelId } from './embedding/anyint-embedding-options.js';
import { AnyIntImageModel } from './image/anyint-image-model.js';
import type { AnyIntImageModelId } from './image/anyint-image-options.js';
import { AnyIntSpeechModel } from './speech/anyint-speech-model.js';
import type { AnyIntSpeechModelId } from './speech/anyint-speech-options.js';
import { AnyIntTranscriptionModel } from './transcription/anyint-transcription-model.js';
import type { AnyIntTranscriptionModelId } from './transcription/anyint-transcription-options.js';
import { AnyIntVideoModel } from './video/anyint-video-model.js';
import type { AnyIntVideoModelId, AnyIntVideoModelSettings } from './video/anyint-video-options.js';

export interface AnyIntProviderSettings {
  /** API key, sent only as `Authorization: Bearer`. Default: the `ANYINT_API_KEY` environment variable, read at the first call. */
  apiKey?: string;
  /** Base URL of the gateway. Default: `ANYINT_BASE_URL`, else `https://gateway.api.anyint.ai/openai/v1`. */
  baseURL?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string | undefined>;
  /** A WHATWG `fetch` to send requests with (tests, edge runtimes) instead of the client's undici pool. */
  fetch?: FetchFunction;
  /**
   * Lets the provider run in a web page, where the API key is readable by the page and anything on it
   * (see `@anyint/client`'s option of the same name). Default false: the client refuses browsers.
   */
  dangerouslyAllowBrowser?: boolean;
  /** Provider name in logs and telemetry (`<name>.embedding`, ...). Default `'anyint'`. Options and metadata stay under `anyint`. */
  name?: string;
}

export interface AnyIntProvider extends ProviderV3 {
  /** An embedding model on `/embeddings`, for `embed` and `embedMany`. */
  embeddingModel(modelId: AnyIntEmbeddingModelId): AnyIntEmbeddingModel;
  /** Same as `embeddingModel`. */
  embedding(modelId: AnyIntEmbeddingModelId): AnyIntEmbeddingModel;
  /** @deprecated Use `embeddingModel`; kept because the AI SDK's `ProviderV3` still names it. */
  textEmbeddingModel(modelId: AnyIntEmbeddingModelId): AnyIntEmbeddingModel;
  /** An image model on `/images/generations`, for `generateImage`. */
  imageModel(modelId: AnyIntImageModelId): AnyIntImageModel;
  /** Same as `imageModel`. */
  image(modelId: AnyIntImageModelId): AnyIntImageModel;
  /** A speech model on `/audio/speech`, for `experimental_generateSpeech`. */
  speechModel(modelId: AnyIntSpeechModelId): AnyIntSpeechModel;
  /** Same as `speechModel`. */
  speech(modelId: AnyIntSpeechModelId): AnyIntSpeechModel;
  /** A transcription model on `/audio/transcriptions`, for `experimental_transcribe`. */
  transcriptionModel(modelId: AnyIntTranscriptionModelId): AnyIntTranscriptionModel;
  /** Same as `transcriptionModel`. */
  transcription(modelId: AnyIntTranscriptionModelId): AnyIntTranscriptionModel;
  /** A transcription model on `/audio/translations`: speech in any language to English text, for `experimental_transcribe`. */
  translation(modelId: AnyIntTranscriptionModelId): AnyIntTranscriptionModel;
  /**
   * A video model on `/videos`, for `experimental_generateVideo`: creates the video, polls it (with the
   * abort signal) and returns the MP4. `settings` hold polling defaults and an `onProgress` callback.
   */
  videoModel(modelId: AnyIntVideoModelId, settings?: AnyIntVideoModelSettings): AnyIntVideoModel;
  /** Same as `videoModel`. */
  video(modelId: AnyIntVideoModelId, settings?: AnyIntVideoModelSettings): AnyIntVideoModel;
  /** AnyInt's chat models are reached through an OpenAI-compatible chat provider; this throws `NoSuchModelError`. */
  languageModel(modelId: string): never;
}

/**
 * Creates an AnyInt provider. Creating it never throws: the API key is read, and the client created,
 * at the first call. The client runs with `maxRetries: 0`, so the AI SDK's `maxRetries` is the one
 * retry layer.
 *
 * @example
 * const anyint = createAnyInt({ apiKey: process.env.MY_KEY });
 * const { embeddings } = await embedMany({ model: anyint.embedding('text-embedding-v4'), values: ['a', 'b'] });
 */
export function createAnyInt(options: AnyIntProviderSettings = {}): AnyIntProvider {
  const name = options.name ?? 'anyint';
  let client: Promise<AnyInt> | undefined;

  // The key and base URL are read at the first call, and `@anyint/client` is loaded then too, so
  // importing and creating the provider stay cheap. One client (and one connection pool) per provider.
  const getClient = (): Promise<AnyInt> => {
    if (client) return client;
    const apiKey = loadApiKey({
      apiKey: options.apiKey,
      environmentVariableName: 'ANYINT_API_KEY',
      description: 'AnyInt',
    });
    if (apiKey.trim() === '') {
      throw new LoadAPIKeyError({
        message:
          'AnyInt API key is empty. Pass it using the `apiKey` setting or the ANYINT_API_KEY environment variable.',
      });
    }
    const baseURL = withoutTrailingSlash(
      loadOptionalSetting({ settingValue: options.baseURL, environmentVariableName: 'ANYINT_BASE_URL' }),
    );
    const defaultHeaders = Object.fromEntries(
      Object.entries(options.headers ?? {}).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const created = loadClientModule().then(
      ({ AnyInt, DEFAULT_BASE_URL }) =>
        new AnyInt({
          apiKey,
          baseURL: baseURL || DEFAULT_BASE_URL,
          defaultHeaders,
          fetch: options.fetch,
          maxRetries: 0,
          dangerouslyAllowBrowser: options.dangerouslyAllowBrowser,
        }),
    );
    client = created;
    created.catch(() => {
      if (client === created) client = undefined;
    });
    return client;
  };

  const config = (kind: string): AnyIntModelConfig => ({
    provider: `${name}.${kind}`,
    client: getClient,
    fetch: options.fetch,
  });

  const embeddingModel = (modelId: AnyIntEmbeddingModelId) =>
    new AnyIntEmbeddingModel(modelId, config('embedding'));
  const imageModel = (modelId: AnyIntImageModelId) => new AnyIntImageModel(modelId, config('image'));
  const speechModel = (modelId: AnyIntSpeechModelId) => new AnyIntSpeechModel(modelId, config('speech'));
  const transcriptionModel = (modelId: AnyIntTranscriptionModelId) =>
    new AnyIntTranscriptionModel(modelId, { ...config('transcription'), task: 'transcriptions' });
  const translationModel = (modelId: AnyIntTranscriptionModelId) =>
    new AnyIntTranscriptionModel(modelId, { ...config('translation'), task: 'translations' });
  const videoModel = (modelId: AnyIntVideoModelId, settings?: AnyIntVideoModelSettings) =>
    new AnyIntVideoModel(modelId, config('video'), settings);

  return {
    specificationVersion: 'v3',
    embeddingModel,
    embedding: embeddingModel,
    textEmbeddingModel: embeddingModel,
    imageModel,
    image: imageModel,
    speechModel,
    speech: speechModel,
    transcriptionModel,
    transcription: transcriptionModel,
    translation: translationModel,
    videoModel,
    video: videoModel,
    languageModel(modelId: string): never {
      throw new NoSuchModelError({
        modelId,
        modelType: 'languageModel',
        message:
          `@anyint/ai-sdk-provider has no language models ("${modelId}"): it covers embeddings, images, ` +
          'speech, transcription, translation and video. For chat, use an OpenAI-compatible provider ' +
          '(e.g. createOpenAICompatible from @ai-sdk/openai-compatible) with the AnyInt gateway URL and key.',
      });
    },
  };
}

/** The default provider: `ANYINT_API_KEY` and `ANYINT_BASE_URL`, read at the first call. */
export const anyint: AnyIntProvider = createAnyInt();
