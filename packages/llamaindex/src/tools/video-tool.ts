import { stat } from 'node:fs/promises';
import type { VideoModel } from '@anyint/client';
import { z } from 'zod';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const VIDEO_TOOL_NAME = 'generate_video';

const KLING_SECONDS = ['5', '10'] as const;
const SORA_SECONDS = ['4', '8', '12'] as const;

/** The lengths a model takes when its family is known: Kling's or Sora's. */
function knownDurations(model: string): readonly [string, ...string[]] | undefined {
  if (model.startsWith('kling-')) return KLING_SECONDS;
  if (model.startsWith('sora-')) return SORA_SECONDS;
  return undefined;
}

/**
 * The video tool's input schema. `seconds` is a string, as on the wire; for Kling (`kling-*`) and
 * Sora (`sora-*`) ids it is limited to the lengths they take.
 */
export function videoToolInput(model: string) {
  const durations = knownDurations(model);
  const seconds = durations
    ? z.enum(durations).describe(`Length in seconds, one of ${durations.join(', ')}. Optional.`)
    : z
        .string()
        .regex(/^\d+$/, "must be a whole number of seconds as a string, e.g. '5'")
        .describe("Length in whole seconds as a string, e.g. '5'. Optional.");
  return z.object({
    prompt: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .describe('What the video should show: subject, action, setting, camera movement, style.'),
    seconds: seconds.optional(),
    size: z
      .string()
      .regex(/^\d+x\d+$/, "must be 'WIDTHxHEIGHT', e.g. '1280x720'")
      .optional()
      .describe(
        "Frame size as 'WIDTHxHEIGHT', e.g. '1280x720' (landscape) or '720x1280' (portrait). Optional.",
      ),
  });
}

export interface AnyIntVideoToolOptions extends AnyIntToolOptions {
  /** Video model id, e.g. `'kling-v3'` or `'sora-2'`. */
  model: VideoModel;
  /** Length used when the model does not ask for one, e.g. `'5'`. Default: the upstream's. */
  seconds?: string | undefined;
  /** Frame size used when the model does not ask for one, e.g. `'1280x720'`. Default: the upstream's. */
  size?: string | undefined;
  /** First wait between status checks, in ms (later waits grow by half, up to 8x). Default 1000. */
  pollIntervalMs?: number | undefined;
  /** Give up waiting after this long, in ms (`APITimeoutError`). Default 30 minutes. */
  pollTimeoutMs?: number | undefined;
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
};

/**
 * A LlamaIndex tool that makes a short video: `{ prompt, seconds?, size? }` -> `{ video_id, path,
 * size_bytes, seconds, size }`. It creates the video, waits until it is completed and saves the MP4 in
 * `outputDir`; a failed video rejects with the client's `JobFailedError`.
 *
 * @example
 * import { createAnyIntVideoTool } from '@anyint/llamaindex';
 *
 * const generateVideo = createAnyIntVideoTool({ model: 'kling-v3', seconds: '5', outputDir: './videos' });
 * const { path } = await generateVideo.call({ prompt: 'a red fox running through snow' });
 */
export function createAnyIntVideoTool(options: AnyIntVideoToolOptions) {
  return videoTool(toolRuntime(options), options);
}

/** @internal */
export function videoTool(
  runtime: ToolRuntime,
  options: Omit<AnyIntVideoToolOptions, keyof AnyIntToolOptions>,
) {
  return defineTool({
    name: VIDEO_TOOL_NAME,
    description:
      'Generates a short video clip from a text prompt. Takes a minute or more. Returns the video id and ' +
      'the path of the saved MP4 file with its length and frame size.',
    parameters: videoToolInput(options.model),
    execute: async (input): Promise<VideoToolResult> => {
      const seconds = input.seconds ?? options.seconds;
      const size = input.size ?? options.size;
      const created = await runtime.client.videos.create({
        model: options.model,
        prompt: input.prompt,
        ...(seconds !== undefined && { seconds }),
        ...(size !== undefined && { size }),
      });
      const video = await runtime.client.videos.poll(created.id, {
        intervalMs: options.pollIntervalMs ?? 1000,
        timeoutMs: options.pollTimeoutMs ?? 30 * 60_000,
      });
      const content = await runtime.client.videos.content(video.id, { variant: 'video' });
      const path = await runtime.outputPath('video', '.mp4');
      await content.writeToFile(path);
      const length = video.seconds ?? seconds;
      const frame = video.size ?? size;
      return {
        video_id: video.id,
        path,
        size_bytes: (await stat(path)).size,
        ...(length !== undefined && { seconds: length }),
        ...(frame !== undefined && { size: frame }),
      };
    },
  });
}
