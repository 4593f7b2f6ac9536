import { type InferSchema, lazySchema, zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

/** Transcription and translation model ids known to work through the gateway; any other id passes through. */
export type AnyIntTranscriptionModelId =
  | 'whisper-1'
  | 'gpt-4o-transcribe'
  | 'gpt-4o-mini-transcribe'
  | (string & {});

/** `providerOptions.anyint` for `experimental_transcribe`. */
export const anyintTranscriptionOptionsSchema = lazySchema(() =>
  zodSchema(
    z.strictObject({
      /** ISO-639-1 code of the spoken language, e.g. `'en'`; improves accuracy and speed. Transcription only. */
      language: z.string().optional(),
      /** Text to guide the style or continue a previous segment, in the audio's language. */
      prompt: z.string().optional(),
      /** Sampling temperature from 0 to 1. Default 0. */
      temperature: z.number().min(0).max(1).optional(),
      /** Timestamp detail with `verbose_json`: `'segment'` and/or `'word'`. Transcription only. */
      timestampGranularities: z.array(z.enum(['word', 'segment'])).optional(),
      /** `'verbose_json'` gives segments, language and duration; `'json'` only text. Default `'verbose_json'`, `'json'` for gpt-4o models (they take no other). */
      responseFormat: z.enum(['json', 'verbose_json']).optional(),
    }),
  ),
);

export type AnyIntTranscriptionOptions = InferSchema<typeof anyintTranscriptionOptionsSchema>;
