import { invalidRequest } from '../errors.js';
import type { ModerationCategory } from '../moderation-keywords.js';
import {
  IMAGE_CATEGORIES,
  MODERATION_CATEGORIES,
  MODERATION_KEYWORDS,
  PARENT_CATEGORY,
} from '../moderation-keywords.js';
import { litellmExtras } from '../personalities.js';
import type { RouteContext, RouteResult } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { hashString } from '../seeded-random.js';
import { validateRequest } from '../validation.js';

const SNAPSHOTS: Record<string, string> = {
  'omni-moderation-latest': 'omni-moderation-2024-09-26',
  'text-moderation-latest': 'text-moderation-007',
  'text-moderation-stable': 'text-moderation-007',
};

const PATTERNS = Object.fromEntries(
  MODERATION_CATEGORIES.map((category) => [
    category,
    MODERATION_KEYWORDS[category].map(
      (phrase) =>
        new RegExp(
          `(^|[^\\p{L}\\p{N}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?($|[^\\p{L}\\p{N}])`,
          'u',
        ),
    ),
  ]),
) as Record<ModerationCategory, RegExp[]>;

interface ModerationItem {
  texts: string[];
  images: string[];
}

function readItems(input: unknown): ModerationItem[] {
  if (typeof input === 'string') return [{ texts: [input], images: [] }];
  const list = input as unknown[];
  if (list.every((item) => typeof item === 'string')) {
    return (list as string[]).map((text) => ({ texts: [text], images: [] }));
  }
  // A multimodal array is one input made of parts, judged together.
  const item: ModerationItem = { texts: [], images: [] };
  for (const part of list as { type: string; text?: string; image_url?: { url: string } }[]) {
    if (part.type === 'text') item.texts.push(part.text ?? '');
    else item.images.push(part.image_url?.url ?? '');
  }
  return [item];
}

function scoreItem(item: ModerationItem, omni: boolean) {
  const text = item.texts.join('\n').toLowerCase();
  const scores = {} as Record<ModerationCategory, number>;
  for (const category of MODERATION_CATEGORIES) {
    const hits = PATTERNS[category].filter((pattern) => pattern.test(text)).length;
    // A stable, tiny background score so clean inputs look like a classifier's output, not zeros.
    const jitter =
      (hashString(`${category}\u0000${text}\u0000${item.images.join('\u0000')}`) % 10_000) / 10_000;
    scores[category] =
      hits > 0 ? Math.min(0.999, 0.6 + 0.12 * (hits - 1) + jitter * 0.05) : 0.000_01 + jitter * 0.002;
  }
  for (const category of MODERATION_CATEGORIES) {
    const parent = PARENT_CATEGORY[category];
    if (parent) scores[parent] = Math.max(scores[parent], scores[category] * 0.95);
  }
  const categories: Record<string, boolean | null> = {};
  const categoryScores: Record<string, number> = {};
  const appliedTypes: Record<string, string[]> = {};
  for (const category of MODERATION_CATEGORIES) {
    const omniOnlyCategory = !omni && (category === 'illicit' || category === 'illicit/violent');
    categories[category] = omniOnlyCategory ? null : scores[category] >= 0.5;
    categoryScores[category] = omniOnlyCategory ? 0 : Number(scores[category].toFixed(8));
    const types: string[] = [];
    if (item.texts.length > 0) types.push('text');
    if (item.images.length > 0 && IMAGE_CATEGORIES.has(category)) types.push('image');
    appliedTypes[category] = types;
  }
  return {
    flagged: Object.values(categories).some((flag) => flag === true),
    categories,
    category_scores: categoryScores,
    // The spec requires it for every model; legacy text models only ever apply 'text'.
    category_applied_input_types: appliedTypes,
  };
}

export function createModerations(context: RouteContext): RouteResult {
  const { body, profile, state } = context;
  validateRequest('CreateModerationRequest', body);
  const model = (body.model as string | undefined) ?? 'omni-moderation-latest';
  if (model === '') throw invalidRequest('you must provide a model parameter', 'model');
  const input = body.input;
  if (input === '' || (Array.isArray(input) && input.length === 0)) {
    throw invalidRequest(
      `Invalid 'input': empty ${input === '' ? 'string' : 'array'}. Expected a non-empty value.`,
      'input',
      input === '' ? 'empty_string' : 'empty_array',
    );
  }
  const omni = !model.startsWith('text-moderation');
  const items = readItems(input);
  if (!omni && items.some((item) => item.images.length > 0)) {
    throw invalidRequest(`Model ${model} does not support image inputs.`, 'input', 'invalid_value');
  }
  const answer: Record<string, unknown> = {
    id: `modr-${state.nextId('x').slice(2)}`,
    model: SNAPSHOTS[model] ?? model,
    results: items.map((item) => scoreItem(item, omni)),
  };
  if (profile.personality === 'litellm') Object.assign(answer, litellmExtras(model));
  return jsonResult(answer);
}
