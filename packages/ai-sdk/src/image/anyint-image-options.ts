import { type InferSchema, lazySchema, zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

/** Image model ids known to work through the gateway (Kling ids are adapted by it); any other id passes through. */
export type AnyIntImageModelId =
  | 'kling-v3-omni'
  | 'kling-v3'
  | 'gpt-image-1'
  | 'dall-e-3'
  | 'dall-e-2'
  | (string & {});

/** `providerOptions.anyint` for `generateImage`. */
export const anyintImageOptionsSchema = lazySchema(() =>
  zodSchema(
    z.strictObject({
      /** How the upstream returns images; both forms are turned into bytes. Default `'b64_json'` (omitted for gpt-image models, which only return base64). */
      responseFormat: z.enum(['url', 'b64_json']).optional(),
      /** Quality, e.g. `'standard'` or `'hd'` (DALL·E 3), `'low' | 'medium' | 'high' | 'auto'` (gpt-image). */
      quality: z.string().optional(),
      /** `'vivid'` or `'natural'` (DALL·E 3). */
      style: z.string().optional(),
      /** `'transparent' | 'opaque' | 'auto'` (gpt-image). */
      background: z.enum(['transparent', 'opaque', 'auto']).optional(),
      /** `'png' | 'jpeg' | 'webp'` (gpt-image). Default `'png'`. */
      outputFormat: z.enum(['png', 'jpeg', 'webp']).optional(),
      /** Compression 0-100 for jpeg and webp output (gpt-image). */
      outputCompression: z.number().int().min(0).max(100).optional(),
      /** Content moderation level, `'low'` or `'auto'` (gpt-image). */
      moderation: z.enum(['low', 'auto']).optional(),
      /** An id for your end user, passed to the upstream for abuse monitoring. */
      user: z.string().optional(),
    }),
  ),
);

export type AnyIntImageOptions = InferSchema<typeof anyintImageOptionsSchema>;
