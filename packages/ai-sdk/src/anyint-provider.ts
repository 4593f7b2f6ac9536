import { LoadAPIKeyError, NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import {
  type FetchFunction,
  loadApiKey,
  loadOptionalSetting,
  withoutTrailingSlash,
} from '@ai-sdk/provider-utils';
import type { AnyInt } from '@anyint/client';
import type { Connection, ConnectionOptions } from '@anyint/client/adapter-kit';
import type { AnyIntModelConfig } from './anyint-config.js';
import { toAISDKError } from './anyint-error.js';
import { loadClientModule, loadKitModule } from './client-module.js';
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
  /**
   * An existing `AnyInt` client to share (its connection pool, rate limiter, key and URL). Not
   * combined with `apiKey`, `baseURL`, `fetch` or `dangerouslyAllowBrowser`, which a client already has.
   */
  client?: AnyInt;
  /** API key, sent only as `Authorization: Bearer`. Default: the `ANYINT_API_KEY` environment variable, read at the first call. */
  apiKey?: string;
  /** Base URL of the gateway. Default: `ANYINT_BASE_URL`, else `https://gateway.api.anyint.ai/openai/v1`. */
  baseURL?: string;
  /**
   * Deadline of each attempt in ms, from sending until the whole answer is read (for a streamed
   * download, until its headers and then between two chunks). Default: the client's, 60 000
   * (600 000 for images, audio and videos).
   */
  timeout?: number;
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

/** Settings of the provider besides the connection options every adapter shares. */
const OWN_SETTINGS = ['dangerouslyAllowBrowser', 'name'];

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
 * Creates an AnyInt provider. Creating it never throws: the settings are checked, the API key is read
 * and the client created at the first call, which fails before any request when a setting is unknown
 * (`InvalidArgumentError` naming it) or the key is missing (`LoadAPIKeyError`). The client runs with
 * its retries off, so the AI SDK's `maxRetries` (of `embed`, `generateImage`, ...) is the one retry
 * layer; `maxRetries` here is refused.
 *
 * @example
 * const anyint = createAnyInt({ apiKey: process.env.MY_KEY, timeout: 20_000 });
 * const { embeddings } = await embedMany({ model: anyint.embedding('text-embedding-v4'), values: ['a', 'b'] });
 */
export function createAnyInt(options: AnyIntProviderSettings = {}): AnyIntProvider {
  const name = options.name ?? 'anyint';
  let connection: Promise<Connection> | undefined;

  // The settings, key and base URL are read at the first call, and `@anyint/client` is loaded then
  // too, so importing and creating the provider stay cheap. One client (and one pool) per provider.
  const getConnection = (): Promise<Connection> => {
    if (connection) return connection;
    const created = connectOnce(options);
    connection = created;
    created.catch(() => {
      if (connection === created) connection = undefined;
    });
    return connection;
  };

  const config = (kind: string): AnyIntModelConfig => ({
    provider: `${name}.${kind}`,
    connection: getConnection,
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

async function connectOnce(options: AnyIntProviderSettings): Promise<Connection> {
  const [kit, { DEFAULT_BASE_URL, isRetryableError }] = await Promise.all([
    loadKitModule(),
    loadClientModule(),
  ]);
  const context = { url: DEFAULT_BASE_URL, requestBodyValues: undefined, createsNothing: true };
  try {
    kit.rejectUnknownOptions(options, [...kit.CONNECTION_OPTIONS, ...OWN_SETTINGS], 'createAnyInt');
    const headers =
      options.headers === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(options.headers).filter(
              (entry): entry is [string, string] => entry[1] !== undefined,
            ),
          );
    const settings = { ...(options as ConnectionOptions), headers };
    if (options.client === undefined) {
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
      settings.apiKey = apiKey;
      settings.baseURL = baseURL || DEFAULT_BASE_URL;
    }
    return kit.connect(settings, {
      adapter: 'createAnyInt',
      retries: 'framework',
      dangerouslyAllowBrowser: options.dangerouslyAllowBrowser,
    });
  } catch (error) {
    throw toAISDKError(error, context, isRetryableError);
  }
}
