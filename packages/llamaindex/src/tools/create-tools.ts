import { requireToolModels, TOOL_SET_OPTIONS, type ToolSetOptions } from '@anyint/client/adapter-kit';
import type { FunctionTool } from 'llamaindex';
import type { AnyIntClientOptions } from '../connection.js';
import { type ImageToolResult, imageTool } from './image-tool.js';
import { type ModerationToolResult, moderationTool } from './moderation-tool.js';
import { type SpeechToolResult, speechTool } from './speech-tool.js';
import { toolRuntime } from './tool-support.js';
import { type TranscriptToolResult, transcriptionTool, translationTool } from './transcription-tool.js';
import { type VideoToolResult, videoTool } from './video-tool.js';

/** One of the tools `createAnyIntTools` makes, by the result it resolves with. */
type AnyIntTool = FunctionTool<
  Record<string, unknown>,
  Promise<ImageToolResult | SpeechToolResult | TranscriptToolResult | ModerationToolResult | VideoToolResult>,
  object
>;

/**
 * Options of `createAnyIntTools`: one tool is made for each model given. The same options, tool
 * names, argument schemas and defaults as `createAnyIntTools` of `@anyint/langchain`.
 */
export interface AnyIntToolsOptions extends AnyIntClientOptions, ToolSetOptions {}

/**
 * LlamaIndex tools for AnyInt's media routes, one for each model given, sharing one client:
 * `generate_image`, `text_to_speech`, `transcribe_audio`, `translate_audio_to_english`,
 * `moderate_text` and `generate_video`. Each validates its input and returns JSON a model can read
 * (URLs, saved file paths, text) with the request id.
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
 *   inputDir: './uploads',
 * });
 * const assistant = new ReActAgent({ tools, llm });
 */
// The return type is written out: inferred, its union is printed in a different order by each build.
export function createAnyIntTools(options: AnyIntToolsOptions): AnyIntTool[] {
  const runtime = toolRuntime(options, 'createAnyIntTools', TOOL_SET_OPTIONS);
  requireToolModels(options, 'createAnyIntTools');
  const tools: AnyIntTool[] = [];
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
        pollIntervalMs: options.pollIntervalMs,
        pollTimeoutMs: options.pollTimeoutMs,
        thumbnail: options.thumbnail,
      }),
    );
  }
  return tools;
}
