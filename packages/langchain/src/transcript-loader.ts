import {
  type AnyInt,
  AnyIntValidationError,
  type AudioResponseFormat,
  fileFromPath,
  type RequestOptions,
  type TranscriptionModel,
  type TranscriptionSegment,
  type TranscriptionVerbose,
  toFile,
} from '@anyint/client';
import {
  AUDIO_INPUT_EXTENSIONS,
  defaultTranscriptionFormat,
  requestIdOf,
  sniffMediaType,
} from '@anyint/client/adapter-kit';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import type { Document } from '@langchain/core/documents';
import { type AnyIntClientOptions, langchainConnection } from './connection.js';

/** An audio file to load: a path on disk, a `File`/`Blob`, or its bytes. */
export type AudioSource = string | Blob | Uint8Array | ArrayBuffer;

/** Options of `AnyIntAudioTranscriptLoader`. */
export interface AnyIntAudioTranscriptLoaderOptions extends AnyIntClientOptions {
  /** Speech-to-text model id on the gateway, e.g. `'whisper-1'`. */
  model: TranscriptionModel;
  /**
   * What to ask for: `'json'` (text), `'verbose_json'` (text plus language, duration and segments),
   * or `'text'`, `'srt'`, `'vtt'` (the page content is that string). Default `'verbose_json'`, and
   * `'json'` for gpt-4o transcribe models, which take no other.
   */
  responseFormat?: AudioResponseFormat | undefined;
  /** ISO-639-1 code of the spoken language, e.g. `'en'`; ignored when translating. Default: detected. */
  language?: string | undefined;
  /** Hint for the model: names, terms or earlier text. Default: none. */
  prompt?: string | undefined;
  /** Sampling temperature, 0 to 1. Default: the upstream's. */
  temperature?: number | undefined;
  /** Translate the speech into English (the `/audio/translations` route) instead of transcribing. Default `false`. */
  translate?: boolean | undefined;
  /** One document per segment (with `start` and `end` seconds) instead of one per file; needs `'verbose_json'`. Default `false`. */
  splitSegments?: boolean | undefined;
}

const OWN_OPTIONS: Record<
  Exclude<keyof AnyIntAudioTranscriptLoaderOptions, keyof AnyIntClientOptions>,
  true
> = {
  model: true,
  responseFormat: true,
  language: true,
  prompt: true,
  temperature: true,
  translate: true,
  splitSegments: true,
};

/** Metadata of a segment, flat so every vector store accepts it. */
interface SegmentMetadata {
  id: number;
  start: number;
  end: number;
  text: string;
}

/**
 * Loads audio files as LangChain documents: one per file with its transcript (or English
 * translation), or one per segment with `splitSegments`. Metadata: `source` (the path, the file name,
 * or `audio-N.ext` for nameless bytes), `model`, `requestId`, `translated` when translating, and `language`,
 * `duration` (seconds) and `segments` when the upstream reports them (`responseFormat: 'verbose_json'`;
 * `language` falls back to the `language` option).
 *
 * @example
 * import { AnyIntAudioTranscriptLoader } from '@anyint/langchain';
 *
 * const loader = new AnyIntAudioTranscriptLoader(['talk.wav', 'call.mp3'], { model: 'whisper-1', responseFormat: 'verbose_json' });
 * const docs = await loader.load(); // docs[0].pageContent, docs[0].metadata.duration
 */
export class AnyIntAudioTranscriptLoader extends BaseDocumentLoader {
  readonly #sources: AudioSource[];
  readonly #options: AnyIntAudioTranscriptLoaderOptions;
  readonly #client: AnyInt;
  readonly #requestOptions: RequestOptions;

  constructor(sources: AudioSource | AudioSource[], options: AnyIntAudioTranscriptLoaderOptions) {
    super();
    this.#sources = Array.isArray(sources) ? [...sources] : [sources];
    this.#options = options;
    const connection = langchainConnection(options, 'AnyIntAudioTranscriptLoader', OWN_OPTIONS);
    const format = options.responseFormat ?? defaultTranscriptionFormat(options.model);
    if (options.splitSegments && format !== 'verbose_json') {
      throw new AnyIntValidationError(
        'splitSegments',
        "`splitSegments` needs `responseFormat: 'verbose_json'`, the only format with segments.",
      );
    }
    this.#client = connection.client;
    this.#requestOptions = connection.requestOptions();
  }

  /** Transcribes every source, in order; the first failure rejects with the client's typed error. */
  async load(): Promise<Document[]> {
    const documents: Document[] = [];
    for (const [index, source] of this.#sources.entries()) {
      documents.push(...(await this.#loadOne(source, index)));
    }
    return documents;
  }

  async #loadOne(source: AudioSource, index: number): Promise<Document[]> {
    const options = this.#options;
    const { file, name } = await toUpload(source, index);
    const format = options.responseFormat ?? defaultTranscriptionFormat(options.model);
    const fields = {
      file,
      model: options.model,
      response_format: format,
      ...(options.prompt !== undefined && { prompt: options.prompt }),
      ...(options.temperature !== undefined && { temperature: options.temperature }),
    };
    const request = this.#requestOptions;
    const result: unknown = options.translate
      ? await this.#client.audio.translations.create(fields, request)
      : await this.#client.audio.transcriptions.create(
          { ...fields, ...(options.language !== undefined && { language: options.language }) },
          request,
        );

    const { Document } = await loadDocuments();
    const base: Record<string, unknown> = { source: name, model: options.model };
    const requestId = requestIdOf(result);
    if (requestId) base.requestId = requestId;
    if (options.translate) base.translated = true;
    if (typeof result === 'string') {
      return [new Document({ pageContent: result, metadata: withLanguage(base, undefined, options) })];
    }
    const response = result as Partial<TranscriptionVerbose> & { text: string };
    const metadata = withLanguage(base, response.language, options);
    if (typeof response.duration === 'number') metadata.duration = response.duration;
    const segments = (response.segments ?? []).map(segmentMetadata);
    if (options.splitSegments) {
      return segments.map(
        ({ id, start, end, text }) =>
          new Document({ pageContent: text.trim(), metadata: { ...metadata, segment: id, start, end } }),
      );
    }
    if (segments.length > 0) metadata.segments = segments;
    return [new Document({ pageContent: response.text, metadata })];
  }
}

let documentsModule: Promise<typeof import('@langchain/core/documents')> | undefined;

/**
 * `@langchain/core/documents`, loaded at the first `load()`: it also exports the document
 * transformers, which bring in the whole runnable stack, so importing the loader stays cheap.
 */
function loadDocuments(): Promise<typeof import('@langchain/core/documents')> {
  documentsModule ??= import('@langchain/core/documents');
  return documentsModule;
}

function segmentMetadata(segment: TranscriptionSegment): SegmentMetadata {
  return { id: segment.id, start: segment.start, end: segment.end, text: segment.text };
}

function withLanguage(
  metadata: Record<string, unknown>,
  reported: string | undefined,
  options: AnyIntAudioTranscriptLoaderOptions,
): Record<string, unknown> {
  // As the upstream reports it (OpenAI: a name such as 'english'), else the code the caller gave.
  const language = reported ?? (options.translate ? undefined : options.language);
  return language === undefined ? { ...metadata } : { ...metadata, language };
}

async function toUpload(source: AudioSource, index: number): Promise<{ file: File; name: string }> {
  if (typeof source === 'string') return { file: await fileFromPath(source), name: source };
  if (source instanceof File && /\.[a-z0-9]+$/i.test(source.name)) return { file: source, name: source.name };
  const blob = source instanceof Blob ? source : new Blob([source as BlobPart]);
  // Upstreams reject uploads without an extension: name nameless audio by what its bytes are.
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const stem = source instanceof File && source.name ? source.name : `audio-${index}`;
  const sniffed = sniffMediaType(head)?.extension;
  const extension = sniffed && AUDIO_INPUT_EXTENSIONS.includes(sniffed) ? sniffed : undefined;
  if (!extension) {
    throw new AnyIntValidationError(
      'sources',
      `Cannot tell the audio format of "${stem}"; pass a File whose name has an extension, e.g. "call.wav".`,
    );
  }
  const name = stem + extension;
  return { file: await toFile(blob, name), name };
}
