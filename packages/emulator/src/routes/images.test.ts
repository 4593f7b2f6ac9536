import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { parsePng, postJson } from '../test-support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    models: { 'kling-v3-omni': { personality: 'kling' }, 'proxied-image': { personality: 'litellm' } },
  });
});
afterAll(() => emulator.close());

const generate = (body: unknown) => postJson(emulator, '/images/generations', body);

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  return Buffer.from(await response.arrayBuffer());
}

describe('POST /images/generations', () => {
  it('returns n valid PNGs of the requested size as b64_json', async () => {
    const { status, json } = await generate({
      model: 'dall-e-2',
      prompt: 'a lighthouse at dusk',
      size: '256x256',
      n: 2,
      response_format: 'b64_json',
    });
    expect(status).toBe(200);
    expect(typeof json.created).toBe('number');
    expect(json.data).toHaveLength(2);
    const [first, second] = json.data.map((item: { b64_json: string }) =>
      parsePng(Buffer.from(item.b64_json, 'base64')),
    );
    expect(first).toMatchObject({ width: 256, height: 256 });
    expect(first!.pixels.equals(second!.pixels)).toBe(false);
  });

  it('serves url images from the emulator itself, without auth, and 404s unknown ones', async () => {
    const secured = await startEmulator({ apiKey: 'secret' });
    try {
      const { json } = await postJson(
        secured,
        '/images/generations',
        { model: 'dall-e-2', prompt: 'x' },
        'secret',
      );
      const url: string = json.data[0].url;
      expect(url.startsWith(`${secured.origin}/_emulator/images/`)).toBe(true);
      expect(parsePng(await download(url))).toMatchObject({ width: 1024, height: 1024 });
      expect((await fetch(`${secured.origin}/_emulator/images/nope.png`)).status).toBe(404);
      // Downloads are not gateway traffic: the log holds the one API call.
      expect(secured.requests).toHaveLength(1);
    } finally {
      await secured.close();
    }
  });

  it('gpt-image models always answer b64_json with usage', async () => {
    const { json } = await generate({
      model: 'gpt-image-1',
      prompt: 'a cat',
      size: 'auto',
      response_format: 'url',
    });
    expect(json.data[0].url).toBeUndefined();
    expect(parsePng(Buffer.from(json.data[0].b64_json, 'base64'))).toMatchObject({
      width: 1024,
      height: 1024,
    });
    expect(json.usage).toMatchObject({ input_tokens: expect.any(Number), total_tokens: expect.any(Number) });
    expect(json.output_format).toBe('png');
  });

  it('dall-e-3 returns a revised prompt', async () => {
    const { json } = await generate({ model: 'dall-e-3', prompt: 'a fox', response_format: 'b64_json' });
    expect(json.data[0].revised_prompt).toBe('a fox');
  });

  it('accepts any model id with WxH sizes', async () => {
    const { status, json } = await generate({
      model: 'kling-v3',
      prompt: 'city',
      size: '1280x720',
      response_format: 'b64_json',
    });
    expect(status).toBe(200);
    expect(parsePng(Buffer.from(json.data[0].b64_json, 'base64'))).toMatchObject({
      width: 1280,
      height: 720,
    });
  });

  it('kling personality: aspect ratios, url images and Kling fields', async () => {
    const { status, json } = await generate({
      model: 'kling-v3-omni',
      prompt: 'mountains',
      size: '16:9',
      response_format: 'b64_json',
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ model: 'kling-v3-omni', task_status: 'succeed', aspect_ratio: '16:9' });
    expect(typeof json.task_id).toBe('string');
    const png = parsePng(await download(json.data[0].url));
    expect(png.width / png.height).toBeCloseTo(16 / 9, 1);
  });

  it('litellm personality: url even when b64_json was asked, plus extra fields', async () => {
    const { json } = await generate({
      model: 'proxied-image',
      prompt: 'x',
      response_format: 'b64_json',
      size: '512x512',
    });
    expect(json.provider).toBe('litellm');
    expect(parsePng(await download(json.data[0].url))).toMatchObject({ width: 512 });
  });

  it.each([
    [{ model: 'dall-e-2' }, 'prompt'],
    [{ model: 'dall-e-2', prompt: '' }, 'prompt'],
    [{ model: 'dall-e-2', prompt: 'x', n: 0 }, 'n'],
    [{ model: 'dall-e-2', prompt: 'x', n: 11 }, 'n'],
    [{ model: 'dall-e-2', prompt: 'x', n: '2' }, 'n'],
    [{ model: 'dall-e-3', prompt: 'x', n: 2 }, 'n'],
    [{ model: 'dall-e-2', prompt: 'x', size: '1792x1024' }, 'size'],
    [{ model: 'kling-v3', prompt: 'x', size: 'huge' }, 'size'],
    [{ model: 'kling-v3', prompt: 'x', size: '16:9' }, 'size'],
    [{ model: 'dall-e-2', prompt: 'x', response_format: 'png' }, 'response_format'],
    [{ model: 'dall-e-2', prompt: 'x'.repeat(1001) }, 'prompt'],
  ])('rejects %j naming %s', async (body, param) => {
    const { status, json } = await generate(body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
  });
});
