import type { Transcript } from '../audio/index.js';
import { AudioDecodeError, transcribeAudio } from '../audio/index.js';
import { invalidRequest } from '../errors.js';
import { litellmExtras } from '../personalities.js';
import type { RouteContext, RouteResult, UploadedFile } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { hashString } from '../seeded-random.js';
import { toSrt, toVtt } from '../subtitles.js';
import { validateRequest } from '../validation.js';

/** OpenAI's list, plus raw `pcm` which the emulator's own speech route produces. */
const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm', 'pcm'];
const ALL_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt', 'diarized_json'];

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'english',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  it: 'italian',
  pt: 'portuguese',
  nl: 'dutch',
  ja: 'japanese',
  zh: 'chinese',
  ko: 'korean',
  ru: 'russian',
};

type Task = 'transcribe' | 'translate';

/** Which response formats a model accepts: the gpt-4o family only speaks json and text. */
function formatsFor(model: string, task: Task, strict: boolean): string[] {
  if (task === 'translate') return ['json', 'text', 'srt', 'verbose_json', 'vtt'];
  if (!strict) return ALL_FORMATS.filter((format) => format !== 'diarized_json' || model.includes('diarize'));
  if (model.includes('diarize')) return ['json', 'text', 'diarized_json'];
  if (model.startsWith('gpt-')) return ['json', 'text'];
  return ['json', 'text', 'srt', 'verbose_json', 'vtt'];
}

function checkUpload(upload: UploadedFile | undefined): UploadedFile {
  if (!upload)
    throw invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
  const extension = /\.([A-Za-z0-9]+)$/.exec(upload.filename ?? '')?.[1]?.toLowerCase();
  if (!extension || !AUDIO_EXTENSIONS.includes(extension)) {
    throw invalidRequest(
      `Invalid file format. Supported formats: [${AUDIO_EXTENSIONS.filter((name) => name !== 'pcm')
        .map((name) => `'${name}'`)
        .join(', ')}]`,
      'file',
      'invalid_value',
    );
  }
  return upload;
}

function wordTokens(text: string): number[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => 50_364 + (hashString(word) % 400));
}

function verboseSegments(transcript: Transcript, temperature: number) {
  return transcript.segments.map((segment) => ({
    id: segment.id,
    seek: Math.floor(segment.start * 100),
    start: segment.start,
    end: segment.end,
    text: ` ${segment.text.trim()}`,
    tokens: wordTokens(segment.text),
    temperature,
    avg_logprob: -0.2 - (hashString(segment.text) % 100) / 1000,
    compression_ratio: 1.2 + (hashString(segment.text, 1) % 100) / 500,
    no_speech_prob: (hashString(segment.text, 2) % 100) / 10_000,
  }));
}

function tokenUsage(transcript: Transcript) {
  const audioTokens = Math.max(1, Math.ceil(transcript.durationSeconds * 10));
  const outputTokens = Math.max(1, Math.ceil(transcript.text.length / 4));
  return {
    type: 'tokens',
    input_tokens: audioTokens,
    input_token_details: { text_tokens: 0, audio_tokens: audioTokens },
    output_tokens: outputTokens,
    total_tokens: audioTokens + outputTokens,
  };
}

function handleAudio(context: RouteContext, task: Task): RouteResult {
  const { body, profile } = context;
  validateRequest(task === 'transcribe' ? 'CreateTranscriptionRequest' : 'CreateTranslationRequest', body, {
    form: true,
  });
  const upload = checkUpload(context.upload);
  const model = body.model as string;
  if (model === '') throw invalidRequest('you must provide a model parameter', 'model');
  const temperature = (body.temperature as number | undefined) ?? 0;
  if (temperature < 0 || temperature > 1) {
    throw invalidRequest(
      `Invalid 'temperature': decimal ${temperature < 0 ? 'below minimum' : 'above maximum'} value. Expected a value between 0 and 1, but got ${temperature} instead.`,
      'temperature',
      temperature < 0 ? 'decimal_below_min_value' : 'decimal_above_max_value',
    );
  }
  const language = body.language as string | undefined;
  if (language !== undefined && !/^[a-z]{2}$/i.test(language)) {
    throw invalidRequest(
      `Invalid language '${language}'. Language parameter must be specified in ISO-639-1 format.`,
      'language',
      'invalid_value',
    );
  }
  const format = (body.response_format as string | undefined) ?? 'json';
  const allowed = formatsFor(model, task, profile.personality === 'openai');
  if (!allowed.includes(format)) {
    throw invalidRequest(
      `response_format '${format}' is not compatible with model '${model}'. Use one of: ${allowed.join(', ')}.`,
      'response_format',
      'unsupported_value',
    );
  }
  if (body.stream === true) {
    throw invalidRequest(
      'The emulator does not stream transcriptions as server-sent events; omit stream or set it to false.',
      'stream',
      'unsupported_value',
    );
  }
  const granularities = (body.timestamp_granularities as string[] | undefined) ?? ['segment'];
  if (granularities.includes('word') && format !== 'verbose_json') {
    throw invalidRequest(
      "timestamp_granularities['word'] is only supported with response_format 'verbose_json'.",
      'timestamp_granularities',
      'invalid_value',
    );
  }

  let transcript: Transcript;
  try {
    transcript = transcribeAudio(upload.bytes, upload.filename);
  } catch (error) {
    if (!(error instanceof AudioDecodeError)) throw error;
    throw invalidRequest(
      `Audio file might be corrupted or unsupported: ${error.message}`,
      'file',
      'invalid_value',
    );
  }

  const text = transcript.text;
  const duration = transcript.durationSeconds;
  const languageName =
    task === 'translate'
      ? 'english'
      : (LANGUAGE_NAMES[(language ?? transcript.language).toLowerCase()] ?? language);
  const durationUsage = { type: 'duration', seconds: Math.ceil(duration) };
  const extras = profile.personality === 'litellm' ? litellmExtras(model) : {};

  switch (format) {
    case 'text':
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: `${text}\n` };
    case 'srt':
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: toSrt(transcript.segments) };
    case 'vtt':
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: toVtt(transcript.segments) };
    case 'verbose_json':
      return jsonResult({
        task,
        language: languageName,
        duration,
        text,
        segments: verboseSegments(transcript, temperature),
        ...(granularities.includes('word') ? { words: transcript.words } : {}),
        ...(task === 'transcribe' ? { usage: durationUsage } : {}),
        ...extras,
      });
    case 'diarized_json':
      return jsonResult({
        task,
        duration,
        text,
        segments: transcript.segments.map((segment) => ({
          type: 'transcript.text.segment',
          id: `seg_${segment.id}`,
          start: segment.start,
          end: segment.end,
          text: segment.text.trim(),
          speaker: 'A',
        })),
        usage: tokenUsage(transcript),
        ...extras,
      });
    default: {
      if (task === 'translate') return jsonResult({ text, ...extras });
      const usage =
        profile.personality === 'litellm'
          ? undefined
          : model.startsWith('gpt-')
            ? tokenUsage(transcript)
            : durationUsage;
      return jsonResult({ text, ...(usage ? { usage } : {}), ...extras });
    }
  }
}

export function createTranscription(context: RouteContext): RouteResult {
  return handleAudio(context, 'transcribe');
}

export function createTranslation(context: RouteContext): RouteResult {
  return handleAudio(context, 'translate');
}
