import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AnyInt, APIError, type Video, type VideoModel } from '@anyint/client';
import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch';
import type { ContentBlock } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { type AnyIntClientOptions, requestOptions, resolveClient } from '../client-options.js';
import { formatBytes } from '../media.js';

/** Name of the LangChain custom callback event the video tool sends while it waits. */
export const VIDEO_PROGRESS_EVENT = 'anyint_video_progress';

/** Payload of the `anyint_video_progress` custom event (`handleCustomEvent`, or `streamEvents` as `on_custom_event`). */
export interface VideoProgressEvent {
  videoId: string;
  /** `'queued'`, `'in_progress'` or `'completed'`. */
  status: string;
  /** 0-100 when the upstream reports it. */
  progress: number | undefined;
}

/** Options of `createVideoGenerationTool`. */
export interface VideoGenerationToolOptions extends AnyIntClientOptions {
  /** Video model id on the gateway, e.g. `'kling-v3'` or `'sora-2'`. */
  model: VideoModel;
  /** Length used when the model asks for none, as a string: `'5'`/`'10'` for Kling, `'4'`/`'8'`/`'12'` for Sora. Default: the upstream's. */
  seconds?: string | undefined;
  /** Frame size used when the model asks for none, `'WIDTHxHEIGHT'`, e.g. `'1280x720'`. Default: the upstream's. */
  size?: string | undefined;
  /** Lengths the model may choose from, listed in the tool's schema. Default: Kling's or Sora's for those ids, else any whole number. */
  durations?: readonly [string, ...string[]] | undefined;
  /** Sizes the model may choose from, listed in the tool's schema. Default: any `'WIDTHxHEIGHT'`. */
  sizes?: readonly [string, ...string[]] | undefined;
  /**
   * Folder to save the MP4 and its thumbnail in (`<video id>.mp4`, `<video id>.png` or the thumbnail's type; created if
   * missing). The content block then carries a `file://` URL. Default: nothing is saved and the
   * blocks carry the bytes as base64 `data`.
   */
  outputDir?: string | undefined;
  /** Also fetch the thumbnail. Default `true`; an upstream without thumbnails is skipped quietly. */
  thumbnail?: boolean | undefined;
  /** First wait between status checks, in ms (later waits grow by half, up to 8x). Default 1000. */
  pollIntervalMs?: number | undefined;
  /** Give up waiting after this long, in ms (`APITimeoutError`). Default 30 minutes. */
  pollTimeoutMs?: number | undefined;
  /** Tool name shown to the model. Default `'generate_video'`. */
  name?: string | undefined;
}

/** What the video tool's artifact carries. */
export interface VideoGenerationArtifact {
  /** A LangChain video content block: a `file://` URL with `outputDir`, else base64 `data`; `mimeType` `'video/mp4'`. */
  video: ContentBlock.Multimodal.Video;
  /** A LangChain image block with the thumbnail, when the upstream has one. */
  thumbnail?: ContentBlock.Multimodal.Image;
  /** The finished video job as the API returned it (id, model, seconds, size, ...). */
  job: Video;
  /** Byte length of the MP4. */
  size: number;
  /** Where the MP4 was saved, with `outputDir`. */
  path?: string;
}

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/webp': '.webp' };
const KLING_SECONDS = ['5', '10'] as const;
const SORA_SECONDS = ['4', '8', '12'] as const;

function defaultDurations(model: string): readonly [string, ...string[]] | undefined {
  if (model.startsWith('kling-')) return KLING_SECONDS;
  if (model.startsWith('sora-')) return SORA_SECONDS;
  return undefined;
}

function videoInput(
  durations: readonly [string, ...string[]] | undefined,
  sizes: readonly [string, ...string[]] | undefined,
) {
  const seconds = durations
    ? z
        .enum(durations)
        .describe(`Length in seconds, one of ${durations.join(', ')}; leave it out for the default.`)
    : z
        .string()
        .regex(/^\d+$/)
        .describe("Length in whole seconds as a string, e.g. '5'; leave it out for the default.");
  const size = sizes
    ? z.enum(sizes).describe('Frame size; leave it out for the default.')
    : z
        .string()
        .regex(/^\d+x\d+$/)
        .describe("Frame size as 'WIDTHxHEIGHT', e.g. '1280x720' (landscape) or '720x1280' (portrait).");
  return z.object({
    prompt: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .describe('What the video should show: subject, action, setting, camera movement, style.'),
    seconds: seconds.optional(),
    size: size.optional(),
  });
}

/**
 * A LangChain tool that makes a short video through AnyInt's `/videos` route: it starts the job, waits
 * for it (sending `anyint_video_progress` custom callback events on the way, and stopping when the run
 * is aborted) and downloads the MP4. The content tells the model what was made and where it is; the
 * artifact carries a LangChain video block, the thumbnail and the finished job.
 *
 * @example
 * import { createVideoGenerationTool } from '@anyint/langchain';
 *
 * const generateVideo = createVideoGenerationTool({ model: 'kling-v3', seconds: '5', outputDir: './videos' });
 * const message = await generateVideo.invoke(
 *   { id: '1', name: 'generate_video', args: { prompt: 'a red fox running through snow' }, type: 'tool_call' },
 *   { callbacks: [{ handleCustomEvent: (name, data) => console.log(name, data.progress) }] },
 * );
 * console.log(message.content, message.artifact.path);
 */
export function createVideoGenerationTool(options: VideoGenerationToolOptions) {
  const client = resolveClient(options);
  const durations = options.durations ?? defaultDurations(options.model);
  return tool(
    async (input, config): Promise<[string, VideoGenerationArtifact]> => {
      const request = requestOptions(options.maxRetries, config?.signal);
      const seconds = input.seconds ?? options.seconds;
      const size = input.size ?? options.size;
      const created = await client.videos.create(
        {
          model: options.model,
          prompt: input.prompt,
          ...(seconds !== undefined && { seconds }),
          ...(size !== undefined && { size }),
        },
        request,
      );
      const job = await pollWithEvents(client, created.id, options, request, config);
      const artifact = await download(client, job, options, request);
      return [describeVideo(input.prompt, artifact), artifact];
    },
    {
      name: options.name ?? 'generate_video',
      description:
        'Create a short video clip from a text description. Use it when the user asks for a video, clip, ' +
        'animation or moving picture. It takes a minute or more; the video is delivered to the user and ' +
        'you get its id, length, size and where it is.',
      schema: videoInput(durations, options.sizes),
      responseFormat: 'content_and_artifact',
    },
  );
}

/** Polls the job, forwarding each status as a custom callback event of the tool's run. */
async function pollWithEvents(
  client: AnyInt,
  videoId: string,
  options: VideoGenerationToolOptions,
  request: { maxRetries?: number; signal?: AbortSignal },
  config: RunnableConfig | undefined,
): Promise<Video> {
  // Events go out in order, one at a time; the poll does not wait for slow handlers.
  let events: Promise<void> = Promise.resolve();
  let last: string | undefined;
  let job: Video;
  try {
    job = await client.videos.poll(videoId, {
      ...request,
      intervalMs: options.pollIntervalMs ?? 1000,
      timeoutMs: options.pollTimeoutMs ?? 30 * 60_000,
      onProgress: ({ status, progress }) => {
        const key = `${status}:${progress}`;
        if (!config || key === last) return;
        last = key;
        const payload: VideoProgressEvent = { videoId, status, progress };
        events = events.then(() => dispatchCustomEvent(VIDEO_PROGRESS_EVENT, payload, config));
      },
    });
  } catch (error) {
    // The poll's own failure is what the caller needs to see, not a progress handler's.
    await events.catch(() => undefined);
    throw error;
  }
  // A handler's error surfaces once polling is over (LangChain only raises those of `raiseError` handlers).
  await events;
  return job;
}

/** The media type of a response without parameters, or the fallback when it is not of the expected kind. */
function mediaType(contentType: string, kind: string, fallback: string): string {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith(`${kind}/`) ? type : fallback;
}

function isMissingContent(error: unknown): boolean {
  return APIError.isInstance(error) && [400, 404, 405, 501].includes(error.status);
}

async function download(
  client: AnyInt,
  job: Video,
  options: VideoGenerationToolOptions,
  request: { maxRetries?: number; signal?: AbortSignal },
): Promise<VideoGenerationArtifact> {
  const mp4 = await client.videos.content(job.id, { variant: 'video' }, request);
  // The thumbnail is a courtesy: an upstream that has none must not fail the finished video.
  const thumb =
    options.thumbnail === false
      ? undefined
      : await client.videos.content(job.id, { variant: 'thumbnail' }, request).catch((error: unknown) => {
          if (isMissingContent(error)) return undefined;
          throw error;
        });
  const mimeType = mediaType(mp4.contentType, 'video', 'video/mp4');
  if (options.outputDir !== undefined) {
    const dir = resolve(options.outputDir);
    await mkdir(dir, { recursive: true });
    // The id comes from the API: keep only safe characters, so it cannot leave the folder.
    const base = job.id.replace(/[^\w.-]/g, '_');
    const path = join(dir, `${base}.mp4`);
    await mp4.writeToFile(path);
    let thumbnail: ContentBlock.Multimodal.Image | undefined;
    if (thumb) {
      const thumbType = mediaType(thumb.contentType, 'image', 'image/png');
      const thumbPath = join(dir, `${base}${IMAGE_EXTENSIONS[thumbType] ?? '.png'}`);
      await thumb.writeToFile(thumbPath);
      thumbnail = { type: 'image', url: pathToFileURL(thumbPath).href, mimeType: thumbType };
    }
    return {
      video: { type: 'video', url: pathToFileURL(path).href, mimeType },
      ...(thumbnail && { thumbnail }),
      job,
      size: (await stat(path)).size,
      path,
    };
  }
  const bytes = await mp4.bytes();
  const thumbBytes = thumb ? await thumb.bytes() : undefined;
  return {
    video: { type: 'video', data: Buffer.from(bytes).toString('base64'), mimeType },
    ...(thumbBytes && {
      thumbnail: {
        type: 'image',
        data: Buffer.from(thumbBytes).toString('base64'),
        mimeType: mediaType(thumb?.contentType ?? '', 'image', 'image/png'),
      },
    }),
    job,
    size: bytes.byteLength,
  };
}

function describeVideo(prompt: string, artifact: VideoGenerationArtifact): string {
  const { job, size, path } = artifact;
  const facts = [
    job.seconds !== undefined && `${job.seconds} s`,
    job.size !== undefined && job.size,
    `${formatBytes(size)} MP4`,
  ]
    .filter(Boolean)
    .join(', ');
  const where = path ? `saved to ${path}` : 'the video is attached for the user';
  return `Generated video ${job.id} for "${prompt}" (${facts}); ${where}.`;
}
