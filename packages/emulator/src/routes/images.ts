import { invalidRequest } from '../errors.js';
import { litellmExtras } from '../personalities.js';
import { renderPng } from '../png.js';
import type { RouteContext, RouteResult } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';

const DEFAULT_SIZE = '1024x1024';
// Far above any real model; keeps a typo like 10240x10240 from allocating 300 MB.
const MAX_SIDE = 4096;
const MIN_SIDE = 64;

const MODEL_SIZES: Record<string, readonly string[]> = {
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
  'dall-e-3': ['1024x1024', '1792x1024', '1024x1792'],
  'gpt-image-1': ['1024x1024', '1536x1024', '1024x1536'],
  'gpt-image-1-mini': ['1024x1024', '1536x1024', '1024x1536'],
  'gpt-image-1.5': ['1024x1024', '1536x1024', '1024x1536'],
};
const PROMPT_LIMITS: Record<string, number> = { 'dall-e-2': 1000, 'dall-e-3': 4000 };
const MAX_PROMPT = 32_000;

/** Kling takes aspect ratios; the gateway renders them at about one megapixel. */
const KLING_ASPECT_RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '21:9'];

function isGptImage(model: string): boolean {
  return model.startsWith('gpt-image');
}

function parseSize(context: RouteContext, model: string): { width: number; height: number; label: string } {
  const requested = (context.body.size as string | null | undefined) ?? 'auto';
  const size = requested === 'auto' ? DEFAULT_SIZE : requested;
  const allowed = context.profile.personality === 'openai' ? MODEL_SIZES[model] : undefined;
  if (allowed && !allowed.includes(size)) {
    const choices = isGptImage(model) ? ['auto', ...allowed] : allowed;
    throw invalidRequest(
      `Invalid value: '${requested}'. Supported values are: ${choices.map((choice) => `'${choice}'`).join(', ')}.`,
      'size',
      'invalid_value',
    );
  }
  const ratio = /^(\d+):(\d+)$/.exec(size);
  if (ratio && context.profile.personality === 'kling' && KLING_ASPECT_RATIOS.includes(size)) {
    const aspect = Number(ratio[1]) / Number(ratio[2]);
    const width = Math.round(Math.sqrt(1024 * 1024 * aspect) / 8) * 8;
    const height = Math.round(width / aspect / 8) * 8;
    return { width, height, label: size };
  }
  const match = /^(\d+)x(\d+)$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    const kling =
      context.profile.personality === 'kling'
        ? ` or an aspect ratio (${KLING_ASPECT_RATIOS.join(', ')})`
        : '';
    throw invalidRequest(
      `Invalid 'size': '${requested}'. Expected 'auto' or WIDTHxHEIGHT with sides between ${MIN_SIDE} and ${MAX_SIDE}${kling}.`,
      'size',
      'invalid_value',
    );
  }
  return { width, height, label: size };
}

export function createImages(context: RouteContext): RouteResult {
  const { body, profile, state } = context;
  validateRequest('CreateImageRequest', body);
  const model = (body.model as string | null | undefined) ?? 'dall-e-2';
  if (model === '') throw invalidRequest('you must provide a model parameter', 'model');
  const prompt = body.prompt as string;
  if (prompt.trim() === '') {
    throw invalidRequest(
      "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      'prompt',
      'empty_string',
    );
  }
  const promptLimit = PROMPT_LIMITS[model] ?? MAX_PROMPT;
  if (prompt.length > promptLimit) {
    throw invalidRequest(
      `Invalid 'prompt': string too long. Expected a string with maximum length ${promptLimit}, but got a string with length ${prompt.length} instead.`,
      'prompt',
      'string_above_max_length',
    );
  }
  const n = (body.n as number | null | undefined) ?? 1;
  if (model === 'dall-e-3' && n !== 1 && profile.personality === 'openai') {
    throw invalidRequest(
      `Invalid 'n': integer above maximum value. Expected a value <= 1, but got ${n} instead.`,
      'n',
      'integer_above_max_value',
    );
  }
  const size = parseSize(context, model);

  const gptImage = isGptImage(model);
  const asked = (body.response_format as string | null | undefined) ?? 'url';
  // GPT image models only return base64; LiteLLM-style and Kling upstreams hand back hosted URLs.
  const format =
    profile.personality === 'litellm' || profile.personality === 'kling'
      ? 'url'
      : gptImage
        ? 'b64_json'
        : asked;

  const created = Math.floor(Date.now() / 1000);
  const data = Array.from({ length: n }, (_, index) => {
    const png = renderPng(`${model}\u0000${prompt}\u0000${index}`, size.width, size.height);
    const item: Record<string, unknown> = {};
    if (format === 'url' && state.storage) {
      item.url = state.storage.put(`${state.nextId('img')}.png`, png, 'image/png');
    } else if (format === 'url') {
      const id = state.nextId('img');
      state.images.put(id, png);
      item.url = `${state.origin}/_emulator/images/${id}.png`;
    } else {
      item.b64_json = png.toString('base64');
    }
    if (model === 'dall-e-3') item.revised_prompt = prompt;
    if (profile.personality === 'kling') item.index = index;
    return item;
  });

  const answer: Record<string, unknown> = { created, data };
  if (gptImage) {
    const textTokens = Math.max(1, Math.ceil(prompt.length / 4));
    const imageTokens = n * Math.ceil((size.width * size.height) / 4096);
    Object.assign(answer, {
      background: body.background === 'transparent' ? 'transparent' : 'opaque',
      // Only PNG is rendered; the answer says so rather than pretending to have made a JPEG.
      output_format: 'png',
      size: size.label,
      quality: body.quality && body.quality !== 'auto' ? body.quality : 'medium',
      usage: {
        input_tokens: textTokens,
        output_tokens: imageTokens,
        total_tokens: textTokens + imageTokens,
        input_tokens_details: { text_tokens: textTokens, image_tokens: 0 },
      },
    });
  }
  if (profile.personality === 'kling') {
    Object.assign(answer, {
      model,
      task_id: state.nextId('kling_task'),
      task_status: 'succeed',
      task_status_msg: '',
      ...(size.label.includes(':') ? { aspect_ratio: size.label } : {}),
    });
  }
  if (profile.personality === 'litellm') Object.assign(answer, litellmExtras(model));
  return jsonResult(answer);
}
