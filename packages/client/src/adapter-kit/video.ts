import type { AnyInt, RequestOptions } from '../client.js';
import type { BinaryResponse } from '../core/binary-response.js';
import type { Video, VideoCreateParams } from '../resources/videos.js';
import { isMissingContent } from './errors.js';
import { baseMediaType, extensionOfMediaType } from './media-type.js';
import type { OutputFolder } from './output-files.js';
import { localFiles } from './platform/node.js';
import { requestIdOf } from './request-id.js';

/** How the video tools wait: the same defaults in every adapter. */
export interface VideoWaitOptions {
  /** First wait between status checks, in ms (later waits grow by half, up to 8x). Default 1000. */
  pollIntervalMs?: number | undefined;
  /** Give up waiting after this long, in ms (`APITimeoutError`). Default 30 minutes. */
  pollTimeoutMs?: number | undefined;
  /** Also save the thumbnail. Default `true`; an upstream without thumbnails is skipped quietly. */
  thumbnail?: boolean | undefined;
}

export const VIDEO_WAIT_OPTIONS: readonly (keyof VideoWaitOptions)[] = [
  'pollIntervalMs',
  'pollTimeoutMs',
  'thumbnail',
];

/** A finished, saved video. */
export interface SavedVideo {
  /** The finished job as the API returned it. */
  job: Video;
  /** Absolute path of the MP4 in the output folder. */
  path: string;
  /** Media type of the video, e.g. `'video/mp4'`. */
  mediaType: string;
  /** Byte length of the MP4. */
  sizeBytes: number;
  /** The saved thumbnail, when the upstream has one. */
  thumbnail?: { path: string; mediaType: string } | undefined;
  /** Request id of the create call, when the gateway sent one. */
  requestId?: string | undefined;
}

/**
 * The video tools' one job: create the video, wait for it (reporting each status), and save the MP4
 * and its thumbnail in the output folder. Each download is written to disk before the next starts,
 * so no response is left unread whatever fails. A failed video rejects with `JobFailedError`.
 */
export async function generateVideo(
  client: AnyInt,
  params: VideoCreateParams,
  options: VideoWaitOptions & {
    output: OutputFolder;
    requestOptions: RequestOptions;
    onProgress?:
      | ((update: { videoId: string; status: string; progress: number | undefined }) => void)
      | undefined;
  },
): Promise<SavedVideo> {
  const { requestOptions, output } = options;
  const created = await client.videos.create(params, requestOptions);
  const requestId = requestIdOf(created);
  const onProgress = options.onProgress;
  const job = await client.videos.poll(created.id, {
    ...requestOptions,
    intervalMs: options.pollIntervalMs ?? 1000,
    timeoutMs: options.pollTimeoutMs ?? 30 * 60_000,
    ...(onProgress && {
      onProgress: ({ status, progress }) => onProgress({ videoId: created.id, status, progress }),
    }),
  });
  // The id comes from the API: only safe characters, so it cannot leave the folder.
  const base = job.id.replace(/[^\w.-]/g, '_');
  const video = await client.videos.content(job.id, { variant: 'video' }, requestOptions);
  const mediaType = mediaTypeOf(video, 'video/', 'video/mp4');
  const path = await output.path(base, '.mp4');
  await video.writeToFile(path);
  const sizeBytes = await localFiles.size(path);
  let thumbnail: SavedVideo['thumbnail'];
  if (options.thumbnail !== false) {
    // A courtesy: an upstream that has none must not fail the finished video.
    const image = await client.videos
      .content(job.id, { variant: 'thumbnail' }, requestOptions)
      .catch((error: unknown) => {
        if (isMissingContent(error)) return undefined;
        throw error;
      });
    if (image) {
      const type = mediaTypeOf(image, 'image/', 'image/png');
      const thumbPath = await output.path(base, extensionOfMediaType(type) ?? '.png');
      await image.writeToFile(thumbPath);
      thumbnail = { path: thumbPath, mediaType: type };
    }
  }
  return {
    job,
    path,
    mediaType,
    sizeBytes,
    ...(thumbnail && { thumbnail }),
    ...(requestId && { requestId }),
  };
}

function mediaTypeOf(response: BinaryResponse, kind: string, fallback: string): string {
  const type = baseMediaType(response.contentType);
  return type.startsWith(kind) ? type : fallback;
}
