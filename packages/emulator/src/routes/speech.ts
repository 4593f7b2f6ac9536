import type { SpeechFormat } from '../audio/index.js';
import { SPEECH_FORMATS, synthesizeSpeech } from '../audio/index.js';
import { invalidRequest } from '../errors.js';
import type { RouteContext, RouteResult } from '../route-context.js';
import { validateRequest } from '../validation.js';

const OPENAI_TTS_MODELS = new Set(['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-12-15']);
const OPENAI_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'onyx',
  'nova',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
];

const CONTENT_TYPES: Record<SpeechFormat, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

function isSpeechFormat(format: string): format is SpeechFormat {
  return (SPEECH_FORMATS as readonly string[]).includes(format);
}

export function createSpeech(context: RouteContext): RouteResult {
  const { body, profile } = context;
  validateRequest('CreateSpeechRequest', body);
  const model = body.model as string;
  if (model === '') throw invalidRequest('you must provide a model parameter', 'model');
  const input = body.input as string;
  if (input === '') {
    throw invalidRequest(
      "Invalid 'input': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      'input',
      'empty_string',
    );
  }
  const voice = typeof body.voice === 'string' ? body.voice : (body.voice as { id: string }).id;
  // OpenAI's own TTS models know only their built-in voices; other upstreams name voices freely.
  if (
    typeof body.voice === 'string' &&
    profile.personality === 'openai' &&
    OPENAI_TTS_MODELS.has(model) &&
    !OPENAI_VOICES.includes(voice)
  ) {
    throw invalidRequest(
      `Invalid value: '${voice}'. Supported values are: ${OPENAI_VOICES.map((name) => `'${name}'`).join(', ')}.`,
      'voice',
      'invalid_value',
    );
  }
  if (voice === '') throw invalidRequest("Invalid 'voice': empty string.", 'voice', 'empty_string');
  const format = (body.response_format as string | undefined) ?? 'mp3';
  if (!isSpeechFormat(format)) {
    throw invalidRequest(
      `The emulator cannot encode '${format}' audio. Use one of: ${SPEECH_FORMATS.join(', ')}.`,
      'response_format',
      'unsupported_response_format',
    );
  }
  if (body.stream_format === 'sse') {
    throw invalidRequest(
      "The emulator does not stream speech as server-sent events; use stream_format 'audio'.",
      'stream_format',
      'unsupported_stream_format',
    );
  }
  const speed = (body.speed as number | undefined) ?? 1;
  const audio = synthesizeSpeech(input, { format, speed, voice });
  return { status: 200, contentType: CONTENT_TYPES[format], body: audio };
}
