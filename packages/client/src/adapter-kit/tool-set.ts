import { AnyIntValidationError } from '../core/errors.js';
import type { SpeechModel, SpeechVoice } from '../resources/audio/speech.js';
import type { TranscriptionModel } from '../resources/audio/transcriptions.js';
import type { ImageModel } from '../resources/images.js';
import type { ModerationModel } from '../resources/moderations.js';
import type { VideoModel } from '../resources/videos.js';
import { INPUT_FILE_OPTIONS, type InputFileOptions } from './input-files.js';
import { OUTPUT_FILE_OPTIONS, type OutputFileOptions } from './output-files.js';
import { VIDEO_WAIT_OPTIONS, type VideoWaitOptions } from './video.js';

/** Audio formats the speech tools can ask for. */
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';

/**
 * What `createAnyIntTools` takes in every adapter, besides the connection: one tool is made for each
 * model given, with these defaults.
 */
export interface ToolSetOptions extends InputFileOptions, OutputFileOptions, VideoWaitOptions {
  /** Image model for the `generate_image` tool, e.g. `'kling-v3-omni'`. Default: no image tool. */
  imageModel?: ImageModel | undefined;
  /** Size the image tool uses when the model asks for none: `'WIDTHxHEIGHT'`, a Kling aspect ratio or `'auto'`. Default: the upstream's. */
  imageSize?: string | undefined;
  /** `response_format` of the image tool. Default: the upstream's. */
  imageResponseFormat?: 'url' | 'b64_json' | undefined;
  /** Text-to-speech model for the `text_to_speech` tool, e.g. `'tts-1'`. Default: no speech tool. */
  speechModel?: SpeechModel | undefined;
  /** Voice of the speech tool when the model asks for none. Default `'alloy'`. */
  speechVoice?: SpeechVoice | undefined;
  /** Audio format of the speech tool. Default `'mp3'`. */
  speechFormat?: SpeechFormat | undefined;
  /** Speech-to-text model for the `transcribe_audio` tool, e.g. `'whisper-1'`. Default: no transcription tool. */
  transcriptionModel?: TranscriptionModel | undefined;
  /** Model for the `translate_audio_to_english` tool (speech to English text), e.g. `'whisper-1'`. Default: no translation tool. */
  translationModel?: TranscriptionModel | undefined;
  /** Moderation model for the `moderate_text` tool, e.g. `'omni-moderation-latest'`. Default: no moderation tool. */
  moderationModel?: ModerationModel | undefined;
  /** Video model for the `generate_video` tool, e.g. `'kling-v3'`. Default: no video tool. */
  videoModel?: VideoModel | undefined;
  /** Length the video tool asks for when the model chooses none, e.g. `'5'`. Default: the upstream's. */
  videoSeconds?: string | undefined;
  /** Frame size the video tool asks for when the model chooses none, e.g. `'1280x720'`. Default: the upstream's. */
  videoSize?: string | undefined;
}

const MODEL_OPTIONS = [
  'imageModel',
  'speechModel',
  'transcriptionModel',
  'translationModel',
  'moderationModel',
  'videoModel',
] as const;

/** The option names of `ToolSetOptions`, for an adapter's list of known options. */
export const TOOL_SET_OPTIONS: Readonly<Record<string, true>> = Object.fromEntries(
  [
    ...MODEL_OPTIONS,
    'imageSize',
    'imageResponseFormat',
    'speechVoice',
    'speechFormat',
    'videoSeconds',
    'videoSize',
    ...INPUT_FILE_OPTIONS,
    ...OUTPUT_FILE_OPTIONS,
    ...VIDEO_WAIT_OPTIONS,
  ].map((name) => [name, true]),
);

/** Throws `AnyIntValidationError` when no model is given: a tool set without tools is a mistake. */
export function requireToolModels(options: ToolSetOptions, adapter: string): void {
  if (MODEL_OPTIONS.some((name) => options[name])) return;
  throw new AnyIntValidationError('models', `${adapter}: give at least one of ${MODEL_OPTIONS.join(', ')}.`);
}
