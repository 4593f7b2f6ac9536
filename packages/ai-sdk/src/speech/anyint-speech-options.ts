import { type InferSchema, lazySchema, zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

/** Speech model ids known to work through the gateway; any other id passes through. */
export type AnyIntSpeechModelId = 'tts-1' | 'tts-1-hd' | 'gpt-4o-mini-tts' | (string & {});

/** `providerOptions.anyint` for `experimental_generateSpeech`; the call's own settings win over these. */
export const anyintSpeechOptionsSchema = lazySchema(() =>
  zodSchema(
    z.strictObject({
      /** Speaking speed from 0.25 to 4. Default 1. */
      speed: z.number().min(0.25).max(4).optional(),
      /** Voice direction such as "speak slowly", for models that take it (gpt-4o-mini-tts). */
      instructions: z.string().optional(),
    }),
  ),
);

export type AnyIntSpeechOptions = InferSchema<typeof anyintSpeechOptionsSchema>;
