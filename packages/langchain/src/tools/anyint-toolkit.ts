import {
  outputFolder,
  requireToolModels,
  TOOL_SET_OPTIONS,
  type ToolSetOptions,
} from '@anyint/client/adapter-kit';
import { BaseToolkit, type StructuredToolInterface } from '@langchain/core/tools';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { createImageGenerationTool } from './image-generation-tool.js';
import { createModerationTool } from './moderation-tool.js';
import { createSpeechTool } from './speech-tool.js';
import { createTranscriptionTool } from './transcription-tool.js';
import { createTranslationTool } from './translation-tool.js';
import { createVideoGenerationTool } from './video-generation-tool.js';

/**
 * Options of `createAnyIntTools` and `AnyIntToolkit`: one tool is made for each model given. The
 * same options, tool names, argument schemas and defaults as `createAnyIntTools` of `@anyint/llamaindex`.
 */
export interface AnyIntToolsOptions extends AnyIntClientOptions, ToolSetOptions {}

/**
 * AnyInt's media tools for an agent, sharing one client: `generate_image`, `text_to_speech`,
 * `transcribe_audio`, `translate_audio_to_english`, `moderate_text` and `generate_video`, one for
 * each model given.
 *
 * @example
 * import { createAnyIntTools } from '@anyint/langchain';
 * import { createAgent } from 'langchain';
 *
 * const tools = createAnyIntTools({ imageModel: 'kling-v3-omni', transcriptionModel: 'whisper-1', inputDir: './uploads' });
 * const agent = createAgent({ model, tools });
 */
export function createAnyIntTools(options: AnyIntToolsOptions): StructuredToolInterface[] {
  const { client } = langchainConnection(options, 'createAnyIntTools', TOOL_SET_OPTIONS);
  requireToolModels(options, 'createAnyIntTools');
  const { imageModel, speechModel, transcriptionModel, translationModel, moderationModel, videoModel } =
    options;
  // The tools share the one client; per-request settings (timeout, maxRetries, headers) go to each.
  const shared = {
    client,
    ...(options.client && {
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      headers: options.headers,
    }),
  };
  const input = { inputDir: options.inputDir, allowInputUrls: options.allowInputUrls };
  const tools: StructuredToolInterface[] = [];
  if (imageModel) {
    tools.push(
      createImageGenerationTool({
        ...shared,
        model: imageModel,
        size: options.imageSize,
        responseFormat: options.imageResponseFormat,
      }),
    );
  }
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
    tools.push(createTranscriptionTool({ ...shared, ...input, model: transcriptionModel }));
  if (translationModel) tools.push(createTranslationTool({ ...shared, ...input, model: translationModel }));
  if (moderationModel) tools.push(createModerationTool({ ...shared, model: moderationModel }));
  if (videoModel) {
    tools.push(
      createVideoGenerationTool(
        {
          ...shared,
          model: videoModel,
          seconds: options.videoSeconds,
          size: options.videoSize,
          pollIntervalMs: options.pollIntervalMs,
          pollTimeoutMs: options.pollTimeoutMs,
          thumbnail: options.thumbnail,
        },
        outputFolder(options),
      ),
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
