import {
  AnyIntValidationError,
  type ImageModel,
  type ModerationModel,
  type SpeechModel,
  type SpeechVoice,
  type TranscriptionModel,
  type VideoModel,
} from '@anyint/client';
import { BaseToolkit, type StructuredToolInterface } from '@langchain/core/tools';
import { type AnyIntClientOptions, resolveClient } from '../client-options.js';
import type { AudioInputOptions } from './audio-input.js';
import { createImageGenerationTool } from './image-generation-tool.js';
import { createModerationTool } from './moderation-tool.js';
import { createSpeechTool, type SpeechFormat } from './speech-tool.js';
import { createTranscriptionTool } from './transcription-tool.js';
import { createTranslationTool } from './translation-tool.js';
import { createVideoGenerationTool } from './video-generation-tool.js';

/** Options of `createAnyIntTools` and `AnyIntToolkit`: one tool is made for each model given. */
export interface AnyIntToolsOptions extends AnyIntClientOptions, AudioInputOptions {
  /** Image model for the `generate_image` tool, e.g. `'kling-v3-omni'`. Default: no image tool. */
  imageModel?: ImageModel | undefined;
  /** Text-to-speech model for the `text_to_speech` tool, e.g. `'tts-1'`. Default: no speech tool. */
  speechModel?: SpeechModel | undefined;
  /** Speech-to-text model for the `transcribe_audio` tool, e.g. `'whisper-1'`. Default: no transcription tool. */
  transcriptionModel?: TranscriptionModel | undefined;
  /** Model for the `translate_audio_to_english` tool, e.g. `'whisper-1'`. Default: no translation tool. */
  translationModel?: TranscriptionModel | undefined;
  /** Moderation model for the `check_content_safety` tool, e.g. `'omni-moderation-latest'`. Default: no moderation tool. */
  moderationModel?: ModerationModel | undefined;
  /** Video model for the `generate_video` tool, e.g. `'kling-v3'`. Default: no video tool. */
  videoModel?: VideoModel | undefined;
  /** Default size of generated images, `'WIDTHxHEIGHT'` or `'auto'`. Default: the upstream's. */
  imageSize?: string | undefined;
  /** Voice of the speech tool. Default `'alloy'`. */
  speechVoice?: SpeechVoice | undefined;
  /** Audio format of the speech tool. Default `'mp3'`. */
  speechFormat?: SpeechFormat | undefined;
  /** Default length of generated videos, e.g. `'5'`. Default: the upstream's. */
  videoSeconds?: string | undefined;
  /** Default frame size of generated videos, e.g. `'1280x720'`. Default: the upstream's. */
  videoSize?: string | undefined;
  /** Folder where the video tool saves MP4s and thumbnails. Default: none (the artifact carries the bytes). */
  videoOutputDir?: string | undefined;
}

/**
 * AnyInt's media tools for an agent, sharing one client: image generation, speech, transcription,
 * translation, moderation and video generation, one for each model given.
 *
 * @example
 * import { createAnyIntTools } from '@anyint/langchain';
 * import { createAgent } from 'langchain';
 *
 * const tools = createAnyIntTools({ imageModel: 'kling-v3-omni', transcriptionModel: 'whisper-1', audioDir: './uploads' });
 * const agent = createAgent({ model, tools });
 */
export function createAnyIntTools(options: AnyIntToolsOptions): StructuredToolInterface[] {
  const { imageModel, speechModel, transcriptionModel, translationModel, moderationModel, videoModel } =
    options;
  if (
    !imageModel &&
    !speechModel &&
    !transcriptionModel &&
    !translationModel &&
    !moderationModel &&
    !videoModel
  ) {
    throw new AnyIntValidationError(
      'models',
      'Give at least one of imageModel, speechModel, transcriptionModel, translationModel, moderationModel or videoModel.',
    );
  }
  const shared = { client: resolveClient(options), maxRetries: options.maxRetries };
  const audio = { audioDir: options.audioDir, allowAudioUrls: options.allowAudioUrls };
  const tools: StructuredToolInterface[] = [];
  if (imageModel)
    tools.push(createImageGenerationTool({ ...shared, model: imageModel, size: options.imageSize }));
  if (speechModel) {
    tools.push(
      createSpeechTool({
        ...shared,
        model: speechModel,
        voice: options.speechVoice,
        responseFormat: options.speechFormat,
      }),
    );
  }
  if (transcriptionModel)
    tools.push(createTranscriptionTool({ ...shared, ...audio, model: transcriptionModel }));
  if (translationModel) tools.push(createTranslationTool({ ...shared, ...audio, model: translationModel }));
  if (moderationModel) tools.push(createModerationTool({ ...shared, model: moderationModel }));
  if (videoModel) {
    tools.push(
      createVideoGenerationTool({
        ...shared,
        model: videoModel,
        seconds: options.videoSeconds,
        size: options.videoSize,
        outputDir: options.videoOutputDir,
      }),
    );
  }
  return tools;
}

/**
 * The tools of `createAnyIntTools` as a LangChain `BaseToolkit`.
 *
 * @example
 * import { AnyIntToolkit } from '@anyint/langchain';
 *
 * const toolkit = new AnyIntToolkit({ imageModel: 'kling-v3-omni', moderationModel: 'omni-moderation-latest' });
 * const agent = createAgent({ model, tools: toolkit.getTools() });
 */
export class AnyIntToolkit extends BaseToolkit {
  /** The tools, one for each model given. */
  tools: StructuredToolInterface[];

  constructor(options: AnyIntToolsOptions) {
    super();
    this.tools = createAnyIntTools(options);
  }
}
