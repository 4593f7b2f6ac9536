import type {
  ImageModel,
  ModerationModel,
  SpeechModel,
  TranscriptionModel,
  VideoModel,
} from '@anyint/client';
import { type AnyIntImageToolOptions, imageTool } from './image-tool.js';
import { moderationTool } from './moderation-tool.js';
import { type AnyIntSpeechToolOptions, speechTool } from './speech-tool.js';
import { type AnyIntToolOptions, toolRuntime } from './tool-support.js';
import { transcriptionTool, translationTool } from './transcription-tool.js';
import { videoTool } from './video-tool.js';

export interface AnyIntToolsOptions extends AnyIntToolOptions {
  /** Model of the `generate_image` tool, e.g. `'kling-v3-omni'`; no image tool without it. */
  imageModel?: ImageModel | undefined;
  /** Size the image tool uses when the model does not ask for one. Default: the upstream's. */
  imageSize?: string | undefined;
  /** `response_format` of the image tool. Default: the upstream's. */
  imageResponseFormat?: AnyIntImageToolOptions['responseFormat'];
  /** Model of the `text_to_speech` tool, e.g. `'tts-1'`; no speech tool without it. */
  speechModel?: SpeechModel | undefined;
  /** Voice of the speech tool when the model does not ask for one. Default `'alloy'`. */
  speechVoice?: AnyIntSpeechToolOptions['voice'];
  /** Audio format the speech tool saves. Default `'mp3'`. */
  speechFormat?: AnyIntSpeechToolOptions['format'];
  /** Model of the `transcribe_audio` tool, e.g. `'whisper-1'`; no transcription tool without it. */
  transcriptionModel?: TranscriptionModel | undefined;
  /** Model of the `translate_audio` tool (speech to English text); no translation tool without it. */
  translationModel?: TranscriptionModel | undefined;
  /** Model of the `moderate_text` tool, e.g. `'omni-moderation-latest'`; no moderation tool without it. */
  moderationModel?: ModerationModel | undefined;
  /** Model of the `generate_video` tool, e.g. `'kling-v3'`; no video tool without it. */
  videoModel?: VideoModel | undefined;
  /** Length the video tool asks for when the model does not choose one, e.g. `'5'`. Default: the upstream's. */
  videoSeconds?: string | undefined;
  /** Frame size the video tool asks for when the model does not choose one, e.g. `'1280x720'`. Default: the upstream's. */
  videoSize?: string | undefined;
}

/**
 * LlamaIndex tools for AnyInt's media routes, one for each model given, sharing one client:
 * `generate_image`, `text_to_speech`, `transcribe_audio`, `translate_audio`, `moderate_text` and
 * `generate_video`.
 * Each validates its input and returns JSON a model can read (URLs, saved file paths, text).
 *
 * @example
 * import { ReActAgent } from 'llamaindex';
 * import { createAnyIntTools } from '@anyint/llamaindex';
 *
 * const tools = createAnyIntTools({
 *   imageModel: 'kling-v3-omni',
 *   speechModel: 'tts-1',
 *   transcriptionModel: 'whisper-1',
 *   moderationModel: 'omni-moderation-latest',
 * });
 * const assistant = new ReActAgent({ tools, llm });
 */
export function createAnyIntTools(options: AnyIntToolsOptions = {}) {
  const runtime = toolRuntime(options);
  const tools = [];
  if (options.imageModel) {
    tools.push(
      imageTool(runtime, {
        model: options.imageModel,
        size: options.imageSize,
        responseFormat: options.imageResponseFormat,
      }),
    );
  }
  if (options.speechModel) {
    tools.push(
      speechTool(runtime, {
        model: options.speechModel,
        voice: options.speechVoice,
        format: options.speechFormat,
      }),
    );
  }
  if (options.transcriptionModel)
    tools.push(transcriptionTool(runtime, { model: options.transcriptionModel }));
  if (options.translationModel) tools.push(translationTool(runtime, { model: options.translationModel }));
  if (options.moderationModel) tools.push(moderationTool(runtime, { model: options.moderationModel }));
  if (options.videoModel) {
    tools.push(
      videoTool(runtime, {
        model: options.videoModel,
        seconds: options.videoSeconds,
        size: options.videoSize,
      }),
    );
  }
  return tools;
}
