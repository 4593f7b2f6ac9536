import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { InvalidResponseError, makeAPIError } from '../core/errors.js';
import { connectionError } from '../core/http.js';
import { isObject, readJSON } from '../core/parse.js';
import { APIResource } from '../core/resource.js';
import { signedURLExpiry } from '../core/signed-url-expiry.js';
import {
  invalid,
  optionalPositiveInteger,
  optionalString,
  requireObject,
  requireString,
  withoutNulls,
} from '../core/validate.js';
import { base64Bytes } from '../platform/node.js';

export type ImageModel =
  | 'kling-v3-omni'
  | 'kling-v3'
  | 'gpt-image-1'
  | 'dall-e-3'
  | 'dall-e-2'
  | (string & {});

export interface ImageGenerateParams {
  model: ImageModel;
  prompt: string;
  /** Number of images. Default 1. */
  n?: number;
  /** `'WIDTHxHEIGHT'`, `'auto'`, or for Kling an aspect ratio such as `'16:9'`. */
  size?: 'auto' | '1024x1024' | '1536x1024' | '1024x1536' | '1792x1024' | '1024x1792' | (string & {});
  /** `'b64_json'` or `'url'`; upstreams may answer with the other form, and both are normalised. */
  response_format?: 'url' | 'b64_json';
  quality?: 'standard' | 'hd' | 'low' | 'medium' | 'high' | 'auto' | (string & {});
  style?: 'vivid' | 'natural' | (string & {});
  background?: 'transparent' | 'opaque' | 'auto';
  output_format?: 'png' | 'jpeg' | 'webp';
  output_compression?: number;
  moderation?: 'low' | 'auto';
  user?: string;
}

/** One generated image: `b64_json` or `url` is always set. */
export interface Image {
  b64_json?: string;
  url?: string;
  revised_prompt?: string;
  /**
   * Unix seconds after which `url` stops working, when the upstream says so or its signed URL
   * carries it (`X-Amz-Date` + `X-Amz-Expires`, `Expires`, Azure `se`, …). Fetch the image before
   * then, e.g. with `imageBytes`.
   */
  expires_at?: number;
}

export interface ImagesResponse {
  created: number;
  data: Image[];
  usage?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface ImageGenerateOptions extends RequestOptions {
  /** Accept fewer images than `n` instead of throwing `InvalidResponseError`. */
  allowPartial?: boolean;
}

// Kling models also take an aspect ratio such as '16:9' in `size`.
const SIZE = /^\d+x\d+$|^\d+:\d+$/;

export class Images extends APIResource {
  /**
   * Generates images from a prompt. Every item of `data` has `b64_json` or `url`; `imageBytes(item)`
   * gives the bytes of either.
   *
   * @example
   * const { data } = await anyint.images.generate({ model: 'kling-v3-omni', prompt: 'a red fox', size: '1024x1024' });
   * const png = await imageBytes(data[0]);
   */
  generate(params: ImageGenerateParams, options: ImageGenerateOptions = {}): APIPromise<ImagesResponse> {
    const { allowPartial = false, ...requestOptions } = options;
    return this.request(() => {
      requireObject('params', params);
      requireString('model', params.model);
      requireString('prompt', params.prompt);
      optionalPositiveInteger('n', params.n);
      if (params.size !== undefined && params.size !== 'auto' && !SIZE.test(String(params.size))) {
        throw invalid(
          'size',
          "'WIDTHxHEIGHT' (e.g. '1024x1024'), an aspect ratio (e.g. '16:9') or 'auto'",
          params.size,
        );
      }
      optionalString('response_format', params.response_format);
      return {
        method: 'POST',
        path: '/images/generations',
        body: withoutNulls(params),
        model: params.model,
        media: true,
        parse: async (response, route) =>
          normaliseImages(await readJSON(response, route), params.n ?? 1, allowPartial, route),
      };
    }, requestOptions);
  }
}

function normaliseImages(body: unknown, n: number, allowPartial: boolean, route: string): ImagesResponse {
  const fail = (why: string): never => {
    throw new InvalidResponseError(`Invalid images response (${route}): ${why}.`, route);
  };
  if (!isObject(body) || !Array.isArray(body.data)) return fail('`data` is not an array');
  const data = body.data.map((item: unknown, i): Image => {
    if (!isObject(item)) return fail(`data[${i}] is not an object`);
    const image: Image = {};
    // Some upstreams send the base64 as a data URL; keep one form for each.
    const b64 = typeof item.b64_json === 'string' && item.b64_json ? item.b64_json : undefined;
    const url = typeof item.url === 'string' && item.url ? item.url : undefined;
    if (b64) image.b64_json = b64.replace(/^data:[^;,]+;base64,/, '');
    else if (url?.startsWith('data:')) image.b64_json = url.replace(/^data:[^;,]+;base64,/, '');
    else if (url) {
      image.url = url;
      const expiresAt = typeof item.expires_at === 'number' ? item.expires_at : signedURLExpiry(url);
      if (expiresAt !== undefined) image.expires_at = expiresAt;
    } else fail(`data[${i}] has neither b64_json nor url`);
    if (typeof item.revised_prompt === 'string') image.revised_prompt = item.revised_prompt;
    return image;
  });
  if (data.length < n && !allowPartial)
    fail(`${data.length} images for n=${n} (pass allowPartial to accept fewer)`);
  return {
    ...body,
    created: typeof body.created === 'number' ? body.created : Math.floor(Date.now() / 1000),
    data,
  };
}

/**
 * The bytes of a generated image, whichever form it came in. A URL is fetched without credentials:
 * image URLs point at storage hosts, which must never see the API key.
 */
export async function imageBytes(
  image: Image,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<Uint8Array> {
  if (image.b64_json) return new Uint8Array(base64Bytes(image.b64_json));
  if (!image.url) throw invalid('image', 'an image with b64_json or url', image);
  const route = `GET ${new URL(image.url).origin}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(image.url, { signal: options.signal ?? null });
  } catch (error) {
    throw connectionError(error, route, options.signal);
  }
  if (!response.ok) {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    throw makeAPIError({
      status: response.status,
      headers,
      bodyText: await response.text().catch(() => ''),
      route,
      model: undefined,
      namesResource: true,
      redact: (text) => text,
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}
