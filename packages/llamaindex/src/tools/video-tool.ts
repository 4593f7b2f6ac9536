import type { VideoModel } from '@anyint/client';
import {
  generateVideo,
  TOOL_NAMES,
  VIDEO_WAIT_OPTIONS,
  type VideoWaitOptions,
  videoToolSpec,
} from '@anyint/client/adapter-kit';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const VIDEO_TOOL_NAME = TOOL_NAMES.video;

export interface AnyIntVideoToolOptions extends AnyIntToolOptions, VideoWaitOptions {
  /** Video model id, e.g. `'kling-v3'` or `'sora-2'`. */
  model: VideoModel;
  /** Length used when the model does not ask for one, e.g. `'5'`. Default: the upstream's. */
  seconds?: string | undefined;
  /** Frame size used when the model does not ask for one, e.g. `'1280x720'`. Default: the upstream's. */
  size?: string | undefined;
}

/** What the video tool returns (a type, not an interface, so it is a LlamaIndex `JSONValue`). */
export type VideoToolResult = {
  video_id: string;
  /** Absolute path of the saved MP4, in `outputDir`. */
  path: string;
  size_bytes: number;
  /** Length in seconds as the API reports it (else as asked), e.g. `'5'`; absent when neither tells. */
  seconds?: string;
  /** Frame size as the API reports it (else as asked), e.g. `'1280x720'`; absent when neither tells. */
  size?: string;
  /** Absolute path of the saved thumbnail, when the upstream has one. */
  thumbnail_path?: string;
  /** Request id of the create call, when the gateway sent one. */
  request_id?: string;
};

/**
 * A LlamaIndex tool that makes a short video: `{ prompt, seconds?, size? }` -> `{ video_id, path,
 * size_bytes, seconds, size, thumbnail_path, request_id }`. It creates the video, waits until it is
 * completed and saves the MP4 and its thumbnail in `outputDir`; a failed video rejects with the
 * client's `JobFailedError`.
 *
 * @example
 * import { createAnyIntVideoTool } from '@anyint/llamaindex';
 *
 * const generateVideo = createAnyIntVideoTool({ model: 'kling-v3', seconds: '5', outputDir: './videos' });
 * const { path } = await generateVideo.call({ prompt: 'a red fox running through snow' });
 */
export function createAnyIntVideoTool(options: AnyIntVideoToolOptions) {
  const own: Record<string, true> = {
    model: true,
    seconds: true,
    size: true,
    ...Object.fromEntries(VIDEO_WAIT_OPTIONS.map((name) => [name, true] as const)),
  };
  return videoTool(toolRuntime(options, 'createAnyIntVideoTool', own), options);
}

/** @internal */
export function videoTool(
  runtime: ToolRuntime,
  options: Pick<AnyIntVideoToolOptions, 'model' | 'seconds' | 'size' | keyof VideoWaitOptions>,
) {
  return defineTool<{ prompt: string; seconds?: string; size?: string }, VideoToolResult>(
    videoToolSpec(options.model),
    async (input) => {
      const seconds = input.seconds ?? options.seconds;
      const size = input.size ?? options.size;
      const saved = await generateVideo(
        runtime.client,
        {
          model: options.model,
          prompt: input.prompt,
          ...(seconds !== undefined && { seconds }),
          ...(size !== undefined && { size }),
        },
        { ...options, output: runtime.output, requestOptions: runtime.requestOptions },
      );
      const length = saved.job.seconds ?? seconds;
      const frame = saved.job.size ?? size;
      return {
        video_id: saved.job.id,
        path: saved.path,
        size_bytes: saved.sizeBytes,
        ...(length !== undefined && { seconds: length }),
        ...(frame !== undefined && { size: frame }),
        ...(saved.thumbnail && { thumbnail_path: saved.thumbnail.path }),
        ...(saved.requestId && { request_id: saved.requestId }),
      };
    },
  );
}
