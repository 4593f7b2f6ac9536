import { AnyIntValidationError, imageBytes, UnsupportedRouteError } from '@anyint/client';
import { ToolMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { createImageGenerationTool } from '../index.js';
import { errorOf, useEmulator } from '../test-support.js';

const ctx = useEmulator({ models: { 'no-images': { disabledRoutes: ['images'] } } });
const call = (args: Record<string, unknown>) => ({
  id: 'call-1',
  name: 'generate_image',
  args,
  type: 'tool_call' as const,
});

describe('createImageGenerationTool', () => {
  it('answers a tool call with the image URL as content and an image block as artifact', async () => {
    const generate = createImageGenerationTool({
      model: 'kling-v3-omni',
      size: '512x512',
      client: ctx.client(),
    });
    const message = await generate.invoke(call({ prompt: 'a red fox in snow' }));
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message).toMatchObject({ tool_call_id: 'call-1', name: 'generate_image' });
    const url = message.artifact.images[0]?.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\.png$/);
    expect(message.content).toContain('Generated 1 image for "a red fox in snow"');
    expect(message.content).toContain(url);
    expect(message.artifact.response.data).toHaveLength(1);
    const png = await imageBytes({ url });
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
    expect(ctx.requestsTo('/images/generations')[0]?.body).toEqual({
      model: 'kling-v3-omni',
      prompt: 'a red fox in snow',
      size: '512x512',
    });
  });

  it('carries base64 images as data blocks and describes them for the model', async () => {
    const generate = createImageGenerationTool({
      model: 'dall-e-2',
      responseFormat: 'b64_json',
      client: ctx.client(),
    });
    const message = await generate.invoke(call({ prompt: 'two blue circles', size: '256x256', n: 2 }));
    const { images } = message.artifact;
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image).toMatchObject({ type: 'image', mimeType: 'image/png' });
      expect(Buffer.from(String(image.data), 'base64').subarray(1, 4).toString()).toBe('PNG');
    }
    expect(message.content).toContain('Generated 2 images');
    expect(message.content).toMatch(/attached image \(image\/png, 256x256, [\d.]+ KB\)/);
    expect(ctx.requestsTo('/images/generations')[0]?.body).toMatchObject({
      n: 2,
      size: '256x256',
      response_format: 'b64_json',
    });
  });

  it('rejects a blank prompt with an AnyIntValidationError naming it, before any request', async () => {
    const generate = createImageGenerationTool({ model: 'kling-v3-omni', client: ctx.client() });
    const error = await errorOf(generate.invoke(call({ prompt: '  ' })));
    expect(AnyIntValidationError.isInstance(error) && error.field).toBe('prompt');
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it.each([
    ['a bad size', { prompt: 'a fox', size: 'huge' }],
    ['too many images', { prompt: 'a fox', n: 9 }],
    ['no prompt', { description: 'a fox' }],
  ])("rejects %s with LangChain's parsing error before any request", async (_, args) => {
    const generate = createImageGenerationTool({ model: 'kling-v3-omni', client: ctx.client() });
    const error = await errorOf(generate.invoke(call(args)));
    expect(error).toBeInstanceOf(ToolInputParsingException);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('limits the size to the listed sizes when given', async () => {
    const generate = createImageGenerationTool({
      model: 'kling-v3-omni',
      sizes: ['1024x1024', '1536x1024'],
      client: ctx.client(),
    });
    const refused = await errorOf(generate.invoke(call({ prompt: 'a fox', size: '512x512' })));
    expect(refused).toBeInstanceOf(ToolInputParsingException);
    await generate.invoke(call({ prompt: 'a fox', size: '1536x1024' }));
    expect(ctx.requestsTo('/images/generations').map((r) => (r.body as { size: string }).size)).toEqual([
      '1536x1024',
    ]);
  });

  it('surfaces a route the model lacks as UnsupportedRouteError', async () => {
    const generate = createImageGenerationTool({ model: 'no-images', client: ctx.client() });
    const error = await errorOf(generate.invoke(call({ prompt: 'a fox' })));
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'no-images', route: 'POST /images/generations' });
  });
});
