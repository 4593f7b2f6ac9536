import {
  type AnyInt,
  type AudioResponseFormat,
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
import { Document, FileReader, type Metadata } from 'llamaindex';
import { type AnyIntClientOptions, llamaindexConnection } from './connection.js';

export interface AnyIntAudioReaderOptions extends AnyIntClientOptions {
  /** Speech-to-text model id, e.g. `'whisper-1'` or `'gpt-4o-transcribe'`. */
  model: TranscriptionModel;
  /**
   * What to ask the upstream for. Default `'verbose_json'`, which gives the language, the duration
   * and timed segments, and `'json'` for gpt-4o transcribe models, which take no other.
   * `'srt'` and `'vtt'` give the subtitle text as the document text.
   */
  responseFormat?: AudioResponseFormat | undefined;
  /** ISO-639-1 code of the spoken language (e.g. `'en'`); improves accuracy. Ignored when translating. */
  language?: string | undefined;
  /** Text to guide the model's style or spelling of names. */
  prompt?: string | undefined;
  /** Translate the speech into English text (`/audio/translations`) instead of transcribing it. Default `false`. */
  translate?: boolean | undefined;
  /**
   * With `verbose_json`: `true` gives one document per segment (with `start` and `end` in seconds in
   * its metadata); `false` (default) gives one document per file, with the segment timings in the
   * `segments` metadata key (kept out of the text that is embedded and sent to the LLM).
   */
  splitSegments?: boolean | undefined;
}

const OWN_OPTIONS: Record<Exclude<keyof AnyIntAudioReaderOptions, keyof AnyIntClientOptions>, true> = {
  model: true,
  responseFormat: true,
  language: true,
  prompt: true,
  translate: true,
  splitSegments: true,
};

/** Metadata of the documents the reader builds. `file_path` is added by `loadData`. */
export interface AudioDocumentMetadata extends Metadata {
  file_name: string;
  /** Request id of the transcription, when the gateway sent one. */
  request_id?: string;
  /** `'transcription'` or `'translation'`. */
  task: 'transcription' | 'translation';
  /** The language the upstream detected, or the `language` option. */
  language?: string;
  /** Length of the whole audio file, in seconds. */
  duration?: number;
  /** With `splitSegments`: the segment's position in the file, and its start and end in seconds. */
  segment_index?: number;
  start?: number;
  end?: number;
  /** Without `splitSegments`: every segment's timing and text. */
  segments?: { start: number; end: number; text: string }[];
}

/**
 * Reads audio files into LlamaIndex `Document`s through AnyInt's speech-to-text routes: transcripts,
 * or English translations with `translate: true`. Files with no speech give no documents.
 *
 * @example
 * import { VectorStoreIndex } from 'llamaindex';
 * import { AnyIntAudioReader } from '@anyint/llamaindex';
 *
 * const reader = new AnyIntAudioReader({ model: 'whisper-1', splitSegments: true });
 * const documents = await reader.loadData('call.wav'); // one per segment, with start and end
 * const index = await VectorStoreIndex.fromDocuments(documents);
 */
export class AnyIntAudioReader extends FileReader<Document<AudioDocumentMetadata>> {
  /** The client every request goes through. */
  readonly client: AnyInt;
  readonly #options: AnyIntAudioReaderOptions;
  readonly #requestOptions: RequestOptions;

  constructor(options: AnyIntAudioReaderOptions) {
    super();
    const connection = llamaindexConnection(options, 'AnyIntAudioReader', OWN_OPTIONS);
    this.client = connection.client;
    this.#requestOptions = connection.requestOptions();
    this.#options = { ...options };
  }

  async loadDataAsContent(
    fileContent: Uint8Array,
    filename?: string,
  ): Promise<Document<AudioDocumentMetadata>[]> {
    const { model, prompt, translate = false, splitSegments = false } = this.#options;
    const responseFormat = this.#options.responseFormat ?? defaultTranscriptionFormat(model);
    // Upstreams reject uploads without an extension, so a nameless file is named by its bytes.
    const name = filename || `audio${extensionOf(fileContent)}`;
    const file = await toFile(fileContent, name);
    const task = translate ? 'translation' : 'transcription';
    const result: unknown = translate
      ? await this.client.audio.translations.create(
          { file, model, prompt, response_format: responseFormat },
          this.#requestOptions,
        )
      : await this.client.audio.transcriptions.create(
          { file, model, prompt, language: this.#options.language, response_format: responseFormat },
          this.#requestOptions,
        );

    const base: AudioDocumentMetadata = { file_name: name, task };
    const requestId = requestIdOf(result);
    if (requestId) base.request_id = requestId;
    const language = languageOf(result) ?? (translate ? 'en' : this.#options.language);
    if (language) base.language = language;
    if (typeof result === 'string') return documents([{ text: result, metadata: base }]);

    const verbose = result as Partial<TranscriptionVerbose>;
    if (typeof verbose.duration === 'number') base.duration = verbose.duration;
    const segments = Array.isArray(verbose.segments) ? verbose.segments : [];
    if (responseFormat === 'verbose_json' && splitSegments && segments.length > 0) {
      return documents(
        segments.map((segment: TranscriptionSegment, index) => ({
          text: segment.text,
          metadata: { ...base, segment_index: index, start: segment.start, end: segment.end },
        })),
      );
    }
    const metadata = { ...base };
    if (segments.length > 0) {
      metadata.segments = segments.map(({ start, end, text }) => ({ start, end, text: text.trim() }));
    }
    return documents([{ text: verbose.text ?? '', metadata }]);
  }
}

function documents(
  parts: { text: string; metadata: AudioDocumentMetadata }[],
): Document<AudioDocumentMetadata>[] {
  return parts
    .filter((part) => part.text.trim() !== '')
    .map(
      ({ text, metadata }) =>
        new Document<AudioDocumentMetadata>({
          text: text.trim(),
          metadata,
          // Paths and timings are for citing and seeking, not for similarity; timings stay out of the LLM's context.
          excludedEmbedMetadataKeys: [
            'file_path',
            'segments',
            'segment_index',
            'start',
            'end',
            'duration',
            'task',
            'request_id',
          ],
          excludedLlmMetadataKeys: ['segments', 'segment_index', 'duration', 'task', 'request_id'],
        }),
    );
}

function languageOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { language } = result as { language?: unknown };
  return typeof language === 'string' && language ? language : undefined;
}

/** The audio extension of a file's first bytes; `.wav` when they say nothing audio. */
function extensionOf(bytes: Uint8Array): string {
  const sniffed = sniffMediaType(bytes)?.extension;
  return sniffed && AUDIO_INPUT_EXTENSIONS.includes(sniffed) ? sniffed : '.wav';
}
