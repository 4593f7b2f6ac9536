import { type InferSchema, lazySchema, zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

/** Video model ids known to work through the gateway (Kling ids are adapted by it); any other id passes through. */
export type AnyIntVideoModelId =
  | 'kling-v3'
  | 'kling-v3-std'
  | 'kling-v3-pro'
  | 'kling-v3-omni'
  | 'sora-2'
  | 'sora-2-pro'
  | (string & {});

/** Settings of one video model, given as `anyint.video(id, settings)`; `providerOptions.anyint` wins per call. */
export interface AnyIntVideoModelSettings {
  /** First wait between status checks, in ms (later waits grow by half, up to 8x). Default 1000. */
  pollIntervalMs?: number;
  /** Give up waiting after this long, in ms. Default 30 minutes. */
  pollTimeoutMs?: number;
  /** Called after every status check while the video renders. `progress` is 0-100 when the upstream reports it. */
  onProgress?: (update: { videoId: string; status: string; progress: number | undefined }) => void;
}

/** `providerOptions.anyint` for `experimental_generateVideo`. */
export const anyintVideoOptionsSchema = lazySchema(() =>
  zodSchema(
    z.strictObject({
      /**
       * Length as the wire's string, e.g. `'5'` or `'10'` (Kling), `'4'`, `'8'` or `'12'` (Sora).
       * Wins over the call's numeric `duration`.
       */
      seconds: z.string().regex(/^\d+$/, "a whole number of seconds as a string, e.g. '5'").optional(),
      /** Frame size `'WIDTHxHEIGHT'`, e.g. `'1280x720'`. Wins over the call's `resolution` and `aspectRatio`. */
      size: z
        .string()
        .regex(/^\d+x\d+$/, "'WIDTHxHEIGHT', e.g. '1280x720'")
        .optional(),
      /** First wait between status checks, in ms. Default: the model's setting, else 1000. */
      pollIntervalMs: z.number().positive().optional(),
      /** Give up waiting after this long, in ms. Default: the model's setting, else 30 minutes. */
      pollTimeoutMs: z.number().positive().optional(),
    }),
  ),
);

export type AnyIntVideoOptions = InferSchema<typeof anyintVideoOptionsSchema>;
