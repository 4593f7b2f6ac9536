import { startEmulator } from '@anyint/emulator';
import { describe, expect, it } from 'vitest';
import { AnyInt, AnyIntValidationError, InvalidResponseError, imageBytes } from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator();
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(bytes: Uint8Array): [number, number] {
  expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

describe('images.generate', () => {
  it('returns base64 PNGs of the requested size', async () => {
    const response = await ctx.client().images.generate({
      model: 'dall-e-2',
      prompt: 'a red fox in snow',
      size: '256x256',
      n: 2,
      response_format: 'b64_json',
    });
    expect(response.data).toHaveLength(2);
    expect(pngSize(await imageBytes(response.data[0] ?? {}))).toEqual([256, 256]);
  });

  it('fetches url images without sending the key', async () => {
    const response = await ctx.client().images.generate({
      model: 'dall-e-2',
      prompt: 'a lighthouse',
      size: '512x512',
      response_format: 'url',
    });
    const image = response.data[0] ?? {};
    expect(image.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(pngSize(await imageBytes(image))).toEqual([512, 512]);
  });

  it('passes Kling ids and sizes through and normalises url answers', async () => {
    const emulator = await startEmulator({ personality: 'kling', apiKey: 'k' });
    try {
      const client = new AnyInt({ apiKey: 'k', baseURL: emulator.url });
      const response = await client.images.generate({
        model: 'kling-v3-omni',
        prompt: 'a paper crane',
        size: '1280x720',
        response_format: 'b64_json',
      });
      expect(emulator.requests[0]?.body).toMatchObject({ model: 'kling-v3-omni', size: '1280x720' });
      const image = response.data[0] ?? {};
      expect(image.b64_json ?? image.url).toBeTruthy();
      expect(pngSize(await imageBytes(image))).toEqual([1280, 720]);
      const ratio = await client.images.generate({
        model: 'kling-v3-omni',
        prompt: 'a paper crane',
        size: '16:9',
      });
      expect(emulator.requests[1]?.body).toMatchObject({ size: '16:9' });
      const [width, height] = pngSize(await imageBytes(ratio.data[0] ?? {}));
      expect(width / height).toBeCloseTo(16 / 9, 1);
    } finally {
      await emulator.close();
    }
  });

  it.each([
    ['model', { prompt: 'x' }],
    ['prompt', { model: 'dall-e-2', prompt: ' ' }],
    ['n', { model: 'dall-e-2', prompt: 'x', n: 0 }],
    ['size', { model: 'dall-e-2', prompt: 'x', size: 'big' }],
  ])('rejects a bad %s before sending anything', async (field, params) => {
    const error = await ctx
      .client()
      .images.generate(params as never)
      .catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe(field);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});

describe('imageBytes', () => {
  it('accepts a data URL and refuses an empty item', async () => {
    const bytes = await imageBytes({ url: `data:image/png;base64,${Buffer.from('abc').toString('base64')}` });
    expect(Buffer.from(bytes).toString()).toBe('abc');
    await expect(imageBytes({})).rejects.toThrow(AnyIntValidationError);
  });

  it('reports a missing image URL as an API error', async () => {
    const error = await imageBytes({ url: `${ctx.emulator.origin}/_emulator/images/missing.png` }).catch(
      (e: unknown) => e,
    );
    expect((error as { status?: number }).status).toBe(404);
    expect(error).not.toBeInstanceOf(InvalidResponseError);
  });
});
