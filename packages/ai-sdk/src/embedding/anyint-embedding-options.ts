import { type InferSchema, lazySchema, zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

/** Embedding model ids known to work through the gateway; any other id passes through. */
export type AnyIntEmbeddingModelId =
  | 'text-embedding-v4'
  | 'text-embedding-3-small'
  | 'text-embedding-3-large'
  | 'text-embedding-ada-002'
  | (string & {});

/** `providerOptions.anyint` for `embed` and `embedMany`. */
export const anyintEmbeddingOptionsSchema = lazySchema(() =>
  zodSchema(
    z.strictObject({
      /** Size of the returned vectors, for models that can shorten them. Default: the model's own size. */
      dimensions: z.number().int().positive().optional(),
      /** An id for your end user, passed to the upstream for abuse monitoring. */
      user: z.string().optional(),
      /** Wire encoding asked of the upstream; vectors come back as numbers either way. Default `'base64'`. */
      encodingFormat: z.enum(['float', 'base64']).optional(),
      /** Inputs per request to the gateway; lower it for upstreams with a small cap (e.g. 10). Default 512. */
      batchSize: z.number().int().positive().optional(),
      /** Requests in flight at once within one call. Default 4. */
      concurrency: z.number().int().positive().optional(),
    }),
  ),
);

export type AnyIntEmbeddingOptions = InferSchema<typeof anyintEmbeddingOptionsSchema>;
