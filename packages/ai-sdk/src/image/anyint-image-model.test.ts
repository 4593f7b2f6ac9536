import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { generateImage } from 'ai';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator({
  models: {
    'kling-v3-omni': { personality: 'kling' },
    'litellm-image': { personality: 'litellm' },
  },
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('AnyIntImageModel', () => {
  it('generates PNGs of the requested size and count, asking for base64', async () => {
    const { images, warnings, responses } = await generateImage({
      model: ctx.provider().image('dall-e-2'),
      prompt: 'a red fox in snow',
      n: 2,
      size: '256x256',
    });
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.mediaType).toBe('image/png');
      expect(pngSize(image.uint8Array)).toEqual({ width: 256, height: 256 });
    }
    expect(warnings).toEqual([]);
    expect(responses[0]?.modelId).toBe('dall-e-2');
    expect(ctx.requestsTo('/images/generations').map((r) => r.body)).toEqual([
      { model: 'dall-e-2', prompt: 'a red fox in snow', n: 2, size: '256x256', response_format: 'b64_json' },
    ]);
  });

  it('splits n by maxImagesPerCall (dall-e-3 takes one per request) and returns revised prompts', async () => {
    const { images, providerMetadata } = await generateImage({
      model: ctx.provider().image('dall-e-3'),
      prompt: 'a lighthouse',
      n: 2,
      providerOptions: { anyint: { quality: 'hd', style: 'natural', user: 'user-1' } },
    });
    expect(images).toHaveLength(2);
    const bodies = ctx.requestsTo('/images/generations').map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({ n: 1, quality: 'hd', style: 'natural', user: 'user-1' });
    expect(providerMetadata.anyint?.images).toEqual([
      { revisedPrompt: 'a lighthouse', requestId: expect.any(String) },
      { revisedPrompt: 'a lighthouse', requestId: expect.any(String) },
    ]);
  });

  it('downloads images that come back as URLs and reports the URLs', async () => {
    const { image, providerMetadata } = await generateImage({
      model: ctx.provider().image('litellm-image'),
      prompt: 'a boat',
      size: '320x200',
    });
    expect(pngSize(image.uint8Array)).toEqual({ width: 320, height: 200 });
    const [meta] = (providerMetadata.anyint?.images ?? []) as { url?: string }[];
    expect(meta?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_emulator\/images\//);
  });

  it("sends an aspect ratio as Kling's own size value, which the gateway renders at about one megapixel", async () => {
    const { image, warnings } = await generateImage({
      model: ctx.provider().image('kling-v3-omni'),
      prompt: 'a mountain at dawn',
      aspectRatio: '16:9',
    });
    expect(ctx.requestsTo('/images/generations')[0]?.body).toMatchObject({ size: '16:9' });
    expect(pngSize(image.uint8Array)).toEqual({ width: 1368, height: 768 });
    expect(warnings).toEqual([]);
  });

  it("sends an aspect ratio as the model's one size of that ratio where it has one (gpt-image 3:2)", async () => {
    const { warnings } = await generateImage({
      model: ctx.provider().image('gpt-image-1'),
      prompt: 'a field',
      aspectRatio: '3:2',
    });
    expect(ctx.requestsTo('/images/generations')[0]?.body).toMatchObject({ size: '1536x1024' });
    expect(warnings).toEqual([
      { type: 'compatibility', feature: 'aspectRatio', details: expect.stringContaining('1536x1024') },
    ]);
  });

  it('warns about settings the route does not take instead of dropping them silently', async () => {
    const { warnings } = await generateImage({
      model: ctx.provider().image('gpt-image-1'),
      prompt: 'a cup',
      aspectRatio: '21:9',
      seed: 42,
    });
    expect(warnings.map((w) => (w.type === 'other' ? w.message : w.feature))).toEqual([
      'aspectRatio',
      'seed',
    ]);
    const body = ctx.requestsTo('/images/generations')[0]?.body as Record<string, unknown>;
    // gpt-image models return base64 only; the field is left out for them.
    expect(body.response_format).toBeUndefined();
    expect(body.seed).toBeUndefined();
  });

  it('refuses image editing, which the route cannot do, before sending anything', async () => {
    const error = await generateImage({
      model: ctx.provider().image('gpt-image-1'),
      prompt: { text: 'make it blue', images: [new Uint8Array([137, 80, 78, 71])] },
    }).catch((e: unknown) => e);
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});
