import { float32Base64, floatArrayJson } from '../embedding-encoding.js';
import { ApiError, invalidRequest } from '../errors.js';
import { countTokens, embedText, embedTokens } from '../feature-hash.js';
import { litellmExtras } from '../personalities.js';
import type { RouteContext, RouteResult } from '../route-context.js';
import { validateRequest } from '../validation.js';

const OPENAI_MAX_INPUTS = 2048;
// A guard against requests that would allocate absurd vectors, far above any real model.
const MAX_DIMENSIONS = 16_384;
const CLOSE_BRACE = Buffer.from('}');

const DEFAULT_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-large': 3072,
  'text-embedding-v4': 1024,
};
const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
};

type EmbeddingInput = { kind: 'text'; text: string } | { kind: 'tokens'; tokens: number[] };

function readInputs(input: unknown): EmbeddingInput[] {
  if (typeof input === 'string') return [{ kind: 'text', text: input }];
  const items = input as unknown[];
  if (typeof items[0] === 'number') return [{ kind: 'tokens', tokens: items as number[] }];
  return items.map((item) =>
    typeof item === 'string' ? { kind: 'text', text: item } : { kind: 'tokens', tokens: item as number[] },
  );
}

function invalidInput() {
  return invalidRequest(
    "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
    'input',
  );
}

function resolveDimensions(context: RouteContext, model: string): number {
  const requested = context.body.dimensions as number | undefined;
  const strict = context.profile.personality === 'openai';
  if (requested === undefined) return context.profile.config.dimensions ?? DEFAULT_DIMENSIONS[model] ?? 1536;
  if (strict && model === 'text-embedding-ada-002') {
    throw invalidRequest('This model does not support specifying dimensions.', 'dimensions');
  }
  const native = strict ? NATIVE_DIMENSIONS[model] : undefined;
  const limit = Math.min(native ?? MAX_DIMENSIONS, MAX_DIMENSIONS);
  if (requested > limit) {
    throw invalidRequest(
      `Invalid 'dimensions': integer above maximum value. Expected a value <= ${limit}, but got ${requested} instead.`,
      'dimensions',
      'integer_above_max_value',
    );
  }
  return requested;
}

export function createEmbeddings(context: RouteContext): RouteResult {
  const { body, profile, state } = context;
  if (Array.isArray(body.input) && body.input.length > OPENAI_MAX_INPUTS) {
    throw invalidRequest(
      `Invalid 'input': array too long. Expected an array with maximum length ${OPENAI_MAX_INPUTS}, but got an array with length ${body.input.length} instead.`,
      'input',
      'array_above_max_length',
    );
  }
  validateRequest('CreateEmbeddingRequest', body);
  const model = body.model as string;
  if (model === '') throw invalidRequest('you must provide a model parameter', 'model');

  const inputs = readInputs(body.input);
  const maxInputs = profile.config.maxInputs;
  if (maxInputs !== undefined && inputs.length > maxInputs) {
    // DashScope's wording and code, as passed through by the gateway for capped upstreams.
    throw new ApiError(400, {
      message: `batch size is invalid, it should not be larger than ${maxInputs}.`,
      type: 'invalid_request_error',
      code: 'InvalidParameter',
    });
  }
  const { encodings } = profile.config;
  const encoding = body.encoding_format as string | undefined;
  if (encodings && encoding !== undefined && !encodings.includes(encoding as 'float' | 'base64')) {
    // Upstreams that support one encoding only reject the other in prose, without a `param`.
    throw new ApiError(400, {
      message: `Value error, encoding_format '${encoding}' is not supported by this model.`,
      type: 'invalid_request_error',
      code: 'InvalidParameter',
    });
  }
  if (inputs.some((input) => (input.kind === 'text' ? input.text === '' : input.tokens.length === 0))) {
    throw invalidInput();
  }
  const dimensions = resolveDimensions(context, model);

  const litellm = profile.personality === 'litellm';
  // LiteLLM-style upstreams ignore `encoding_format` and always send floats.
  const base64 = body.encoding_format === 'base64' && !litellm;
  const cache = state.embeddingCache;
  const vectorBytes = (input: EmbeddingInput): Buffer => {
    const compute = () =>
      input.kind === 'text' ? embedText(input.text, dimensions) : embedTokens(input.tokens, dimensions);
    if (cache) {
      const key = `${dimensions}\u0000${input.kind === 'text' ? input.text : `\u0001${input.tokens.join(',')}`}`;
      return base64 ? cache.base64(key, compute) : cache.json(key, compute);
    }
    const vector = compute();
    return Buffer.from(base64 ? `"${float32Base64(vector)}"` : floatArrayJson(vector));
  };

  const order = inputs.map((_, index) => index);
  if (litellm) {
    // Pass-through proxies may answer out of order; `index` stays correct.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(state.random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  // The answer is assembled from byte fragments: for 512 x 1536 vectors this is one copy of
  // cached bytes instead of building, flattening and re-encoding a multi-megabyte string.
  const pieces: Buffer[] = [Buffer.from('{"object":"list","data":[')];
  const itemPrefix = litellm ? '{"index":' : '{"object":"embedding","index":';
  let promptTokens = 0;
  order.forEach((index, position) => {
    const input = inputs[index]!;
    promptTokens += input.kind === 'text' ? countTokens(input.text) : input.tokens.length;
    pieces.push(Buffer.from(`${position === 0 ? '' : ','}${itemPrefix}${index},"embedding":`));
    pieces.push(vectorBytes(input));
    pieces.push(CLOSE_BRACE);
  });
  let tail = `],"model":${JSON.stringify(model)}`;
  if (litellm) {
    const extras = JSON.stringify(litellmExtras(model));
    tail += `,${extras.slice(1, -1)}}`;
  } else {
    tail += `,"usage":{"prompt_tokens":${promptTokens},"total_tokens":${promptTokens}}}`;
  }
  pieces.push(Buffer.from(tail));
  return { status: 200, contentType: 'application/json', body: Buffer.concat(pieces) };
}
