import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { type BinaryResponse, mediaResponse } from '../core/binary-response.js';
import type { HttpResponse } from '../core/http.js';
import { MultipartBody } from '../core/multipart.js';
import type { PagePromise } from '../core/pagination.js';
import { readJSON } from '../core/parse.js';
import { normaliseJob, type PollOptions, pollJob } from '../core/polling.js';
import { APIResource } from '../core/resource.js';
import { resolveUpload, type Uploadable } from '../core/uploads.js';
import {
  invalid,
  optionalOneOf,
  pathId,
  requireObject,
  requireString,
  withoutNulls,
} from '../core/validate.js';

export type VideoModel =
  | 'kling-v3'
  | 'kling-v3-std'
  | 'kling-v3-pro'
  | 'kling-v3-omni'
  | 'sora-2'
  | 'sora-2-pro'
  | (string & {});
export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface Video {
  id: string;
  object: 'video';
  model: string;
  status: VideoStatus;
  /** 0-100. */
  progress?: number;
  created_at: number;
  completed_at?: number | null;
  expires_at?: number | null;
  seconds?: string;
  size?: string;
  prompt?: string | null;
  error?: { code?: string; message?: string } | null;
  [extra: string]: unknown;
}

export interface VideoCreateParams {
  model: VideoModel;
  prompt: string;
  /** Length as a string, e.g. `'4'`, `'8'`, `'12'`; Kling takes `'5'` and `'10'`. */
  seconds?: '4' | '8' | '12' | '5' | '10' | (string & {});
  /** `'WIDTHxHEIGHT'`, e.g. `'1280x720'`, or for Kling an aspect ratio such as `'16:9'`. */
  size?: '720x1280' | '1280x720' | '1024x1792' | '1792x1024' | (string & {});
  /** An image the video starts from; sent as multipart. */
  input_reference?: Uploadable;
}

export type VideoVariant = 'video' | 'thumbnail' | 'spritesheet';

export interface VideoDeleted {
  id: string;
  object: 'video.deleted' | (string & {});
  deleted: boolean;
}

async function readVideo(response: HttpResponse, route: string): Promise<Video> {
  return normaliseJob(await readJSON<Video>(response, route));
}

const DONE = new Set(['completed']);
const FAILED = new Set(['failed']);

export class Videos extends APIResource {
  /**
   * Starts generating a video. Follow it with `poll`, then download it with `content`.
   *
   * @example
   * const video = await anyint.videos.create({ model: 'kling-v3', prompt: 'a red fox in snow', seconds: '5' });
   * await anyint.videos.poll(video.id, { onProgress: ({ progress }) => console.log(progress) });
   * await (await anyint.videos.content(video.id)).writeToFile('fox.mp4');
   */
  create(params: VideoCreateParams, options?: RequestOptions): APIPromise<Video> {
    return this.request<Video>(async () => {
      requireObject('params', params);
      requireString('model', params.model);
      requireString('prompt', params.prompt);
      if (
        params.seconds !== undefined &&
        (typeof params.seconds !== 'string' || !/^\d+$/.test(params.seconds))
      ) {
        throw invalid('seconds', "a whole number of seconds as a string, e.g. '5'", params.seconds);
      }
      // Kling models also take an aspect ratio such as '16:9'.
      if (
        params.size !== undefined &&
        (typeof params.size !== 'string' || !/^\d+x\d+$|^\d+:\d+$/.test(params.size))
      ) {
        throw invalid(
          'size',
          "'WIDTHxHEIGHT' (e.g. '1280x720') or an aspect ratio (e.g. '16:9')",
          params.size,
        );
      }
      const { input_reference, ...fields } = withoutNulls(params);
      const form = input_reference
        ? new MultipartBody({
            ...fields,
            input_reference: await resolveUpload('input_reference', input_reference),
          })
        : undefined;
      return {
        method: 'POST',
        path: '/videos',
        ...(form ? { form } : { body: fields }),
        model: params.model,
        media: true,
        parse: readVideo,
      };
    }, options);
  }

  retrieve(videoId: string, options?: RequestOptions): APIPromise<Video> {
    return this.request<Video>(
      () => ({
        method: 'GET',
        path: `/videos/${pathId('videoId', videoId)}`,
        namesResource: true,
        parse: readVideo,
      }),
      options,
    );
  }

  list(
    params: { limit?: number; order?: 'asc' | 'desc'; after?: string } = {},
    options?: RequestOptions,
  ): PagePromise<Video> {
    return this.paginate<Video>('/videos', params, options);
  }

  delete(videoId: string, options?: RequestOptions): APIPromise<VideoDeleted> {
    return this.json<VideoDeleted>(
      () => ({ method: 'DELETE', path: `/videos/${pathId('videoId', videoId)}`, namesResource: true }),
      options,
    );
  }

  /**
   * The finished video (or its thumbnail or spritesheet), streaming: a `Response` (as `openai@6`'s
   * `downloadContent` returns) with `writeToFile(path)`, `bytes()` and `stream()`.
   */
  content(
    videoId: string,
    query: { variant?: VideoVariant } = {},
    options?: RequestOptions,
  ): APIPromise<BinaryResponse> {
    return this.request(() => {
      optionalOneOf('variant', query.variant, ['video', 'thumbnail', 'spritesheet']);
      return {
        method: 'GET',
        path: `/videos/${pathId('videoId', videoId)}/content`,
        query: { variant: query.variant },
        namesResource: true,
        media: true,
        accept: 'application/octet-stream',
        // A finished job whose content route answers nothing fails here, once: it is not polled again.
        parse: (response, route) =>
          mediaResponse(
            response,
            route,
            query.variant === undefined || query.variant === 'video' ? 'video' : 'an image',
          ),
      };
    }, options);
  }

  /** `openai@6`'s name for `content`. */
  downloadContent(
    videoId: string,
    query: { variant?: VideoVariant } = {},
    options?: RequestOptions,
  ): APIPromise<BinaryResponse> {
    return this.content(videoId, query, options);
  }

  /** Waits until the video is `completed`; `failed` throws `JobFailedError`. */
  async poll(videoId: string, options: PollOptions<Video> & RequestOptions = {}): Promise<Video> {
    pathId('videoId', videoId);
    const { intervalMs, maxIntervalMs, timeoutMs, onProgress, ...requestOptions } = options;
    return pollJob(
      (signal) => this.retrieve(videoId, { ...requestOptions, signal }),
      {
        kind: 'Video',
        done: DONE,
        failed: FAILED,
        progressOf: (video) => (typeof video.progress === 'number' ? video.progress : undefined),
        describeFailure: (video) => video.error?.message,
      },
      { intervalMs, maxIntervalMs, timeoutMs, onProgress, signal: options.signal },
    );
  }
}
