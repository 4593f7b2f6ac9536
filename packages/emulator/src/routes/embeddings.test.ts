import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { cosine, postJson } from '../test-support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    models: {
      'text-embedding-v4': { maxInputs: 10 },
      'capped-litellm': { personality: 'litellm' },
      'no-embeddings': { disabledRoutes: ['embeddings'] },
      'small-default': { dimensions: 64 },
    },
  });
});
afterAll(() => emulator.close());

const embed = (body: unknown) => postJson(emulator, '/embeddings', body);

function decodeBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

describe('POST /embeddings', () => {
  it('answers OpenAI’s shape with normalised float vectors and counted usage', async () => {
    const { status, json } = await embed({
      model: 'text-embedding-3-small',
      input: ['hello world', 'goodbye'],
    });
    expect(status).toBe(200);
    expect(json.object).toBe('list');
    expect(json.model).toBe('text-embedding-3-small');
    expect(json.data.map((item: { index: number; object: string }) => [item.index, item.object])).toEqual([
      [0, 'embedding'],
      [1, 'embedding'],
    ]);
    const vector: number[] = json.data[0].embedding;
    expect(vector).toHaveLength(1536);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(json.usage.prompt_tokens).toBeGreaterThan(0);
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens);
  });

  it('uses each model’s default size and honours dimensions', async () => {
    const sizes = async (model: string, dimensions?: number) =>
      (await embed({ model, input: 'size', dimensions })).json.data[0].embedding.length;
    expect(await sizes('text-embedding-3-large')).toBe(3072);
    expect(await sizes('text-embedding-v4')).toBe(1024);
    expect(await sizes('any-other-model')).toBe(1536);
    expect(await sizes('small-default')).toBe(64);
    expect(await sizes('text-embedding-3-large', 256)).toBe(256);
  });

  it('encodes base64 as little-endian float32 equal to the float answer', async () => {
    const input = 'The quick brown fox';
    const floats = await embed({ model: 'm', input, dimensions: 32 });
    const packed = await embed({ model: 'm', input, dimensions: 32, encoding_format: 'base64' });
    expect(typeof packed.json.data[0].embedding).toBe('string');
    expect(Array.from(decodeBase64(packed.json.data[0].embedding))).toEqual(floats.json.data[0].embedding);
  });

  it('places texts sharing words near each other and unrelated texts far apart', async () => {
    const { json } = await embed({
      model: 'm',
      input: [
        'the cat sat on the mat',
        'a cat sat on a mat',
        'quarterly revenue grew in europe',
        'The cat sat on the mat',
      ],
    });
    const [a, b, c, d] = json.data.map((item: { embedding: number[] }) => item.embedding);
    expect(cosine(a, b)).toBeGreaterThan(0.5);
    expect(Math.abs(cosine(a, c))).toBeLessThan(0.2);
    expect(cosine(a, d)).toBeCloseTo(1, 6);
  });

  it('accepts token arrays as input', async () => {
    const single = await embed({ model: 'm', input: [1212, 318, 257], dimensions: 16 });
    const many = await embed({ model: 'm', input: [[1212, 318], [257]], dimensions: 16 });
    expect(single.status).toBe(200);
    expect(single.json.data).toHaveLength(1);
    expect(single.json.usage.prompt_tokens).toBe(3);
    expect(many.json.data).toHaveLength(2);
  });

  it.each([
    [{ model: 'm', input: '' }, 'input'],
    [{ model: 'm', input: ['ok', ''] }, 'input'],
    [{ model: 'm', input: [] }, 'input'],
    [{ model: 'm', input: ['ok', 3] }, 'input'],
    [{ model: 'm' }, 'input'],
    [{ input: 'x' }, 'model'],
    [{ model: 'm', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    [{ model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
    [{ model: 'm', input: 'x', dimensions: 1.5 }, 'dimensions'],
    [{ model: 'm', input: 'x', dimensions: '8' }, 'dimensions'],
    [{ model: 'm', input: 'x', surprise: true }, 'surprise'],
    [{ model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, 'dimensions'],
    [{ model: 'text-embedding-3-small', input: 'x', dimensions: 2048 }, 'dimensions'],
  ])('rejects %j with a 400 naming %s', async (body, param) => {
    const { status, json } = await embed(body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(typeof json.error.message).toBe('string');
  });

  it('caps inputs at 2048 like OpenAI', async () => {
    const { status, json } = await embed({ model: 'm', input: Array.from({ length: 2049 }, () => 'x') });
    expect(status).toBe(400);
    expect(json.error.param).toBe('input');
  });

  it('rejects more inputs than a capped model takes, in DashScope’s words', async () => {
    const input = Array.from({ length: 11 }, (_, i) => `text ${i}`);
    const { status, json } = await embed({ model: 'text-embedding-v4', input });
    expect(status).toBe(400);
    expect(json).toEqual({
      error: {
        message: 'batch size is invalid, it should not be larger than 10.',
        type: 'invalid_request_error',
        code: 'InvalidParameter',
      },
    });
    expect((await embed({ model: 'text-embedding-v4', input: input.slice(0, 10) })).status).toBe(200);
  });

  it('answers a disabled route with 404 unsupported_route', async () => {
    const { status, json } = await embed({ model: 'no-embeddings', input: 'x' });
    expect(status).toBe(404);
    expect(json).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'unsupported_route',
        message: 'Route POST /v1/embeddings is not supported for model no-embeddings',
      },
    });
  });

  it('litellm personality: floats despite base64, no usage, extras, shuffled order with right indexes', async () => {
    const input = Array.from({ length: 12 }, (_, i) => `document number ${i}`);
    const { json } = await embed({
      model: 'capped-litellm',
      input,
      encoding_format: 'base64',
      dimensions: 8,
    });
    expect(json.usage).toBeUndefined();
    expect(json.provider).toBe('litellm');
    expect(json._hidden_params).toBeDefined();
    const indexes = json.data.map((item: { index: number }) => item.index);
    expect(indexes).not.toEqual([...indexes].sort((a: number, b: number) => a - b));
    expect([...indexes].sort((a: number, b: number) => a - b)).toEqual(input.map((_, i) => i));
    for (const item of json.data) {
      expect(item.object).toBeUndefined();
      expect(Array.isArray(item.embedding)).toBe(true);
    }
    const strict = await embed({ model: 'm', input, dimensions: 8 });
    for (const item of json.data) expect(item.embedding).toEqual(strict.json.data[item.index].embedding);
  });
});

describe('precomputed mode', () => {
  it('gives the same output as normal mode, also for 512 x 1536', async () => {
    const fast = await startEmulator({ precomputed: true });
    try {
      const sample = Array.from({ length: 64 }, (_, i) => `sample sentence ${i}`);
      for (const encoding_format of ['float', 'base64']) {
        const body = { model: 'text-embedding-3-small', input: sample, encoding_format };
        expect((await postJson(fast, '/embeddings', body)).json).toEqual((await embed(body)).json);
      }
      const input = Array.from({ length: 512 }, (_, i) => `benchmark sentence number ${i} about embeddings`);
      const body = { model: 'text-embedding-3-small', input, encoding_format: 'base64' };
      // The second answer comes from the cache; both must match normal mode.
      expect((await postJson(fast, '/embeddings', body)).json).toEqual((await embed(body)).json);
      expect((await postJson(fast, '/embeddings', body)).json).toEqual((await embed(body)).json);
    } finally {
      await fast.close();
    }
  });
});
