import { parsePageQuery } from '../cursor-page.js';
import { ApiError, invalidRequest } from '../errors.js';
import { profileFor } from '../personalities.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';
import { renderSpritesheet, renderThumbnail } from '../video/images.js';
import { buildMp4 } from '../video/mp4.js';
import type { VideoRecord } from '../video/store.js';

export const KLING_VIDEO_MODELS = ['kling-v3', 'kling-v3-std', 'kling-v3-pro', 'kling-v3-omni'];
const OPENAI_SECONDS = ['4', '8', '12'];
const OPENAI_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'];
const KLING_SECONDS = ['5', '10'];
const KLING_SIZES = ['1280x720', '720x1280', '720x720', '1920x1080', '1080x1920', '1080x1080'];
/** Kling's aspect ratios, rendered at 720p. */
const KLING_RATIOS: Record<string, string> = { '16:9': '1280x720', '9:16': '720x1280', '1:1': '720x720' };
const VARIANTS = ['video', 'thumbnail', 'spritesheet'];
const INPUT_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Kling ids take Kling's durations and sizes under every personality (the gateway adapts them by
 * model id); under the `kling` personality every model does.
 */
function isKling(context: RouteContext, model: string): boolean {
  return KLING_VIDEO_MODELS.includes(model) || context.profile.personality === 'kling';
}

/** Kling's words for OpenAI's video statuses. */
const KLING_STATUS: Record<string, string> = {
  queued: 'submitted',
  in_progress: 'processing',
  completed: 'succeed',
  failed: 'failed',
};

/**
 * A video as its model's upstream spells it: OpenAI's `id`/`status`, or with `jobFields: 'kling'`
 * Kling's `task_id`/`task_status` and status words, which some pass-through routes hand on as is.
 */
function answered(context: RouteContext, video: Record<string, unknown>): Record<string, unknown> {
  const profile = profileFor(context.state.options, String(video.model));
  if (profile.config.jobFields !== 'kling') return video;
  const { id, status, ...rest } = video;
  return { task_id: id, task_status: KLING_STATUS[String(status)] ?? status, ...rest };
}

const quoteAll = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

function choose(
  context: RouteContext,
  name: 'seconds' | 'size',
  allowed: readonly string[],
  fallback: string,
): string {
  const value = context.body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') {
    const got =
      typeof value === 'number'
        ? Number.isInteger(value)
          ? 'an integer'
          : 'a decimal'
        : `a ${typeof value}`;
    throw invalidRequest(
      `Invalid type for '${name}': expected a string, but got ${got} instead.`,
      name,
      'invalid_type',
    );
  }
  if (!allowed.includes(value)) {
    throw invalidRequest(
      `Invalid value: '${value}'. Supported values are: ${quoteAll(allowed)}.`,
      name,
      'invalid_value',
    );
  }
  return value;
}

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function checkInputReference(context: RouteContext, width: number, height: number): void {
  const upload = context.upload;
  if (!upload) return;
  const png = pngSize(upload.bytes);
  const type = png ? 'image/png' : (upload.contentType ?? '');
  if (!INPUT_TYPES.includes(type)) {
    throw invalidRequest(
      `Invalid file format for 'input_reference': '${type || 'unknown'}'. Supported formats are: ${quoteAll(INPUT_TYPES)}.`,
      'input_reference',
      'invalid_value',
    );
  }
  if (png && (png.width !== width || png.height !== height)) {
    throw invalidRequest(
      `Inpaint image must match the requested width and height (${width}x${height}); got ${png.width}x${png.height}.`,
      'input_reference',
      'invalid_value',
    );
  }
}

function createVideo(context: RouteContext): RouteResult {
  const { body, state } = context;
  // Seconds and size are checked below with the gateway's wider values (Kling's).
  const { seconds: _seconds, size: _size, ...rest } = body;
  if (context.upload) validateRequest('CreateVideoMultipartBody', rest, { form: true });
  else validateRequest('CreateVideoJsonBody', rest);
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : 'sora-2';
  const kling = isKling(context, model);
  const seconds = choose(context, 'seconds', kling ? KLING_SECONDS : OPENAI_SECONDS, kling ? '5' : '4');
  const sizes = kling ? [...KLING_SIZES, ...Object.keys(KLING_RATIOS)] : OPENAI_SIZES;
  const requested = choose(context, 'size', sizes, kling ? '1280x720' : '720x1280');
  const size = KLING_RATIOS[requested] ?? requested;
  const [width, height] = size.split('x').map(Number) as [number, number];
  checkInputReference(context, width, height);
  const video = {
    id: state.nextId('video'),
    object: 'video',
    model,
    status: 'queued',
    progress: 0,
    created_at: Math.floor(Date.now() / 1000),
    completed_at: null,
    expires_at: null,
    prompt: String(body.prompt),
    size: requested,
    seconds,
    remixed_from_video_id: null,
    error: null,
  };
  state.videos.add(video, width, height, Number(seconds));
  return jsonResult(answered(context, video));
}

function videoOf(context: RouteContext): VideoRecord {
  const id = context.params?.video_id ?? '';
  const record = context.state.videos.get(id);
  if (!record) {
    throw new ApiError(404, {
      message: `No video found with id '${id}'.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  return record;
}

function listVideos(context: RouteContext): RouteResult {
  context.state.videos.all();
  const page = context.state.videos.videos.page(parsePageQuery(context.query));
  return jsonResult({ ...page, data: page.data.map((record) => answered(context, record.video)) });
}

function retrieveVideo(context: RouteContext): RouteResult {
  return jsonResult(answered(context, videoOf(context).video));
}

function deleteVideo(context: RouteContext): RouteResult {
  const record = videoOf(context);
  context.state.videos.videos.delete(record.id);
  return jsonResult({ id: record.id, object: 'video.deleted', deleted: true });
}

/**
 * The finished video (a playable MP4 of the requested length and size), its thumbnail or its
 * spritesheet. Before completion OpenAI has nothing to send: 404 `video_not_ready`; a failed
 * video has no content either (404 `video_failed`).
 */
function videoContent(context: RouteContext): RouteResult {
  const result = renderContent(context);
  // Upstreams that keep media in a bucket answer with a redirect to a presigned URL.
  return context.state.storage ? context.state.storage.redirect(result) : result;
}

function renderContent(context: RouteContext): RouteResult {
  const record = videoOf(context);
  const variant = context.query?.variant ?? 'video';
  if (!VARIANTS.includes(variant)) {
    throw invalidRequest(
      `Invalid value: '${variant}'. Supported values are: ${quoteAll(VARIANTS)}.`,
      'variant',
      'invalid_value',
    );
  }
  const { video } = record;
  if (video.status !== 'completed') {
    const failed = video.status === 'failed';
    throw new ApiError(404, {
      message: failed
        ? `Video ${record.id} failed and has no content.`
        : `Video ${record.id} is not ready yet (status '${String(video.status)}'); poll GET /v1/videos/${record.id} until it is completed.`,
      type: 'invalid_request_error',
      param: null,
      code: failed ? 'video_failed' : 'video_not_ready',
    });
  }
  const prompt = String(video.prompt ?? '');
  if (variant === 'thumbnail') {
    return {
      status: 200,
      contentType: 'image/png',
      body: renderThumbnail(prompt, record.width, record.height),
    };
  }
  if (variant === 'spritesheet') {
    return {
      status: 200,
      contentType: 'image/png',
      body: renderSpritesheet(prompt, record.width, record.height),
    };
  }
  return {
    status: 200,
    contentType: 'video/mp4',
    body: buildMp4(`${record.width}x${record.height}`, Number(video.seconds)),
  };
}

export const VIDEO_ROUTES: RouteSpec[] = [
  { name: 'videos', path: '/videos', body: 'auto', uploadField: 'input_reference', handler: createVideo },
  { name: 'videos', method: 'GET', path: '/videos', body: 'none', handler: listVideos },
  { name: 'videos', method: 'GET', path: '/videos/:video_id', body: 'none', handler: retrieveVideo },
  { name: 'videos', method: 'DELETE', path: '/videos/:video_id', body: 'none', handler: deleteVideo },
  { name: 'videos', method: 'GET', path: '/videos/:video_id/content', body: 'none', handler: videoContent },
];
