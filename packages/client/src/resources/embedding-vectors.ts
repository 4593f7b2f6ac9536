import { InvalidResponseError } from '../core/errors.js';
import { isObject } from '../core/parse.js';
import { base64Bytes } from '../platform/node.js';

export type VectorOutput = 'number' | 'float32';
export type Vector<O extends VectorOutput> = O extends 'float32' ? Float32Array : number[];

export interface EmbeddingUsage {
  prompt_tokens: number;
  total_tokens: number;
}

export interface DecodedEmbeddings<O extends VectorOutput> {
  /** In input order. */
  vectors: Vector<O>[];
  usage: EmbeddingUsage | undefined;
  model: string | undefined;
}

/** Base64 carries little-endian float32s, as OpenAI sends them. */
function decodeBase64(value: string): Float32Array {
  const bytes = base64Bytes(value);
  const length = bytes.byteLength >>> 2;
  // Small buffers share Node's pool slab: copy them so a vector never pins or aliases other memory.
  if (bytes.byteOffset % 4 === 0 && bytes.buffer.byteLength === bytes.byteLength) {
    return new Float32Array(bytes.buffer, 0, length);
  }
  const vector = new Float32Array(length);
  new Uint8Array(vector.buffer).set(bytes.subarray(0, length * 4));
  return vector;
}

function toNumbers(vector: Float32Array): number[] {
  const numbers = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) numbers[i] = vector[i] as number;
  return numbers;
}

/**
 * Decodes by what came back, whatever was asked: a string is base64, an array is used as is
 * (decoding an array as base64 would silently give vectors a quarter of the right length).
 */
function toVector<O extends VectorOutput>(raw: unknown, output: O, fail: (why: string) => never): Vector<O> {
  if (typeof raw === 'string') {
    const vector = decodeBase64(raw);
    return (output === 'float32' ? vector : toNumbers(vector)) as Vector<O>;
  }
  if (Array.isArray(raw)) {
    if (raw.length > 0 && typeof raw[0] !== 'number') fail('an embedding holds something other than numbers');
    return (output === 'float32' ? Float32Array.from(raw as number[]) : raw) as Vector<O>;
  }
  return fail(`an embedding is ${raw === null ? 'null' : typeof raw}, not an array or base64 string`);
}

function usageOf(value: unknown): EmbeddingUsage | undefined {
  if (!isObject(value)) return undefined;
  const prompt = value.prompt_tokens;
  const total = value.total_tokens;
  if (typeof prompt !== 'number' && typeof total !== 'number') return undefined;
  const promptTokens = typeof prompt === 'number' ? prompt : (total as number);
  return { prompt_tokens: promptTokens, total_tokens: typeof total === 'number' ? total : promptTokens };
}

/**
 * Checks and decodes an embeddings response: one vector per input, each index once and in range
 * (a missing index means input order), every vector the same length and `dimensions` long when asked.
 */
export function decodeEmbeddings<O extends VectorOutput>(
  body: unknown,
  request: { count: number; dimensions: number | undefined; output: O; route: string },
): DecodedEmbeddings<O> {
  const fail = (why: string): never => {
    throw new InvalidResponseError(`Invalid embeddings response (${request.route}): ${why}.`, request.route);
  };
  const data = isObject(body) ? body.data : undefined;
  if (!Array.isArray(data)) return fail('`data` is not an array');
  if (data.length !== request.count) fail(`${data.length} embeddings for ${request.count} inputs`);

  const vectors = new Array<Vector<O>>(request.count);
  let length = request.dimensions;
  for (let position = 0; position < data.length; position++) {
    const item: unknown = data[position];
    if (!isObject(item)) return fail(`data[${position}] is not an object`);
    const index = item.index ?? position;
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= request.count) {
      fail(`index ${JSON.stringify(index)} is out of range for ${request.count} inputs`);
    }
    if (vectors[index as number] !== undefined) fail(`index ${index} appears twice`);
    const vector = toVector(item.embedding, request.output, fail);
    length ??= vector.length;
    if (vector.length !== length) {
      fail(
        request.dimensions === undefined
          ? `vectors have different lengths (${length} and ${vector.length})`
          : `a vector has ${vector.length} dimensions, ${request.dimensions} were requested`,
      );
    }
    vectors[index as number] = vector;
  }
  const model = isObject(body) && typeof body.model === 'string' ? body.model : undefined;
  return { vectors, usage: usageOf(isObject(body) ? body.usage : undefined), model };
}
