// What each model family takes, in one table. The values are the gateway's documented ones (Kling's
// from its image and video docs, OpenAI's from the OpenAI API reference); the gateway passes other
// model ids through, so for them nothing is assumed and nothing is refused.

/** A model family the gateway documents. */
export type ModelFamily = 'kling' | 'sora' | 'gpt-image' | 'dall-e-2' | 'dall-e-3' | 'gpt-4o-transcribe';

/** The family of a model id, from its prefix; `undefined` for ids the gateway passes through unknown. */
export function modelFamily(model: string): ModelFamily | undefined {
  const id = model.toLowerCase();
  if (id.startsWith('kling-')) return 'kling';
  if (id.startsWith('sora-')) return 'sora';
  if (id.startsWith('gpt-image')) return 'gpt-image';
  if (id === 'dall-e-2') return 'dall-e-2';
  if (id === 'dall-e-3') return 'dall-e-3';
  if (id.startsWith('gpt-4o') && id.includes('transcribe')) return 'gpt-4o-transcribe';
  return undefined;
}

/** What an image model takes. */
export interface ImageModelRules {
  /** `'WIDTHxHEIGHT'` sizes (and `'auto'`) it takes; `undefined` when any size may be tried. */
  sizes: readonly string[] | undefined;
  /** Aspect ratios it takes as `size` itself (Kling); empty when none. */
  aspectRatios: readonly string[];
  /** Images one request may ask for. */
  maxImagesPerCall: number;
  /** Whether it takes `response_format` (gpt-image models answer base64 only and some upstreams reject the field). */
  takesResponseFormat: boolean;
}

const KLING_IMAGE_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '21:9'] as const;

const IMAGE_RULES: Record<string, ImageModelRules> = {
  kling: {
    sizes: undefined,
    aspectRatios: KLING_IMAGE_RATIOS,
    maxImagesPerCall: 9,
    takesResponseFormat: true,
  },
  'gpt-image': {
    sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'],
    aspectRatios: [],
    maxImagesPerCall: 10,
    takesResponseFormat: false,
  },
  'dall-e-2': {
    sizes: ['256x256', '512x512', '1024x1024'],
    aspectRatios: [],
    maxImagesPerCall: 10,
    takesResponseFormat: true,
  },
  'dall-e-3': {
    sizes: ['1024x1024', '1792x1024', '1024x1792'],
    aspectRatios: [],
    maxImagesPerCall: 1,
    takesResponseFormat: true,
  },
};

const OPEN_IMAGE_RULES: ImageModelRules = {
  sizes: undefined,
  aspectRatios: [],
  maxImagesPerCall: 1,
  takesResponseFormat: true,
};

/** What an image model takes; an unknown id gets open rules (any size, one image per request). */
export function imageModelRules(model: string): ImageModelRules {
  return IMAGE_RULES[modelFamily(model) ?? ''] ?? OPEN_IMAGE_RULES;
}

/**
 * The `size` to send for an aspect ratio: the ratio itself where the model takes ratios (Kling), else
 * the one size of the model with exactly that ratio (e.g. `'1536x1024'` for `'3:2'` on gpt-image);
 * `undefined` when there is none.
 */
export function imageSizeForAspectRatio(model: string, aspectRatio: string): string | undefined {
  const rules = imageModelRules(model);
  if (rules.aspectRatios.includes(aspectRatio)) return aspectRatio;
  return rules.sizes?.find((size) => ratioOf(size) === reduced(aspectRatio));
}

/** What a video model takes. */
export interface VideoModelRules {
  /** Lengths it takes, as the wire's strings; `undefined` when any whole number may be tried. */
  seconds: readonly [string, ...string[]] | undefined;
  /** `'WIDTHxHEIGHT'` sizes it takes; `undefined` when any may be tried. */
  sizes: readonly [string, ...string[]] | undefined;
  /** The `size` to send for each aspect ratio it supports: the ratio itself where the model takes ratios. */
  aspectRatios: Readonly<Record<string, string>>;
}

const VIDEO_RULES: Record<string, VideoModelRules> = {
  // Kling renders its ratios at 720p and takes them as `size`; the gateway adapts Kling ids.
  kling: {
    seconds: ['5', '10'],
    sizes: ['1280x720', '720x1280', '720x720', '1920x1080', '1080x1920', '1080x1080'],
    aspectRatios: { '16:9': '16:9', '9:16': '9:16', '1:1': '1:1' },
  },
  sora: {
    seconds: ['4', '8', '12'],
    sizes: ['720x1280', '1280x720', '1024x1792', '1792x1024'],
    aspectRatios: { '16:9': '1280x720', '9:16': '720x1280' },
  },
};

const OPEN_VIDEO_RULES: VideoModelRules = { seconds: undefined, sizes: undefined, aspectRatios: {} };

/** What a video model takes; an unknown id gets open rules. */
export function videoModelRules(model: string): VideoModelRules {
  return VIDEO_RULES[modelFamily(model) ?? ''] ?? OPEN_VIDEO_RULES;
}

/**
 * The response format a transcription asks for when the caller names none: `'verbose_json'` (text,
 * language, duration and segments) where the model has it, `'json'` for gpt-4o transcribe models,
 * which take no other.
 */
export function defaultTranscriptionFormat(model: string): 'json' | 'verbose_json' {
  return modelFamily(model) === 'gpt-4o-transcribe' ? 'json' : 'verbose_json';
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function reduced(ratio: string): string | undefined {
  const match = /^(\d+):(\d+)$/.exec(ratio);
  if (!match) return undefined;
  const [w, h] = [Number(match[1]), Number(match[2])];
  const d = gcd(w, h) || 1;
  return `${w / d}:${h / d}`;
}

function ratioOf(size: string): string | undefined {
  const match = /^(\d+)x(\d+)$/.exec(size);
  return match ? reduced(`${match[1]}:${match[2]}`) : undefined;
}
