import type { ImageModel } from '@anyint/client';
import { z } from 'zod';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const IMAGE_TOOL_NAME = 'generate_image';

export const imageToolInput = z.object({
  prompt: z.string().trim().min(1).max(4000).describe('What the image should show, in detail.'),
  size: z
    .string()
    .regex(/^(\d+x\d+|auto)$/, "must be 'WIDTHxHEIGHT' (e.g. '1024x1024') or 'auto'")
    .optional()
    .describe("Image size as 'WIDTHxHEIGHT', e.g. '1024x1024'. Optional."),
  n: z.number().int().min(1).max(4).optional().describe('Number of images, 1 to 4. Default 1.'),
});

export interface AnyIntImageToolOptions extends AnyIntToolOptions {
  /** Image model id, e.g. `'kling-v3-omni'` or `'gpt-image-1'`. */
  model: ImageModel;
  /** Size used when the model does not ask for one. Default: the upstream's default. */
  size?: string | undefined;
  /**
   * `'url'` or `'b64_json'`, sent as `response_format`. Default: the upstream's default. Either way a
   * URL is returned as is and base64 is saved to a file in `outputDir`, never handed to the model.
   */
  responseFormat?: 'url' | 'b64_json' | undefined;
}

/** One image in the tool's result: its URL, or the file it was saved to. */
export type ImageToolImage =
  | { url: string; revised_prompt?: string }
  | { path: string; mime_type: string; size_bytes: number; revised_prompt?: string };

/**
 * A LlamaIndex tool that generates images: `{ prompt, size?, n? }` -> `{ images: [{ url } | { path,
 * mime_type, size_bytes }] }`.
 *
 * @example
 * import { createAnyIntImageTool } from '@anyint/llamaindex';
 *
 * const generateImage = createAnyIntImageTool({ model: 'kling-v3-omni', outputDir: './images' });
 * const { images } = await generateImage.call({ prompt: 'a red fox in snow' });
 */
export function createAnyIntImageTool(options: AnyIntImageToolOptions) {
  return imageTool(toolRuntime(options), options);
}

/** @internal */
export function imageTool(
  runtime: ToolRuntime,
  options: Omit<AnyIntImageToolOptions, keyof AnyIntToolOptions>,
) {
  return defineTool({
    name: IMAGE_TOOL_NAME,
    description:
      'Generates images from a text prompt. Returns, for each image, a URL or the path of the saved file.',
    parameters: imageToolInput,
    execute: async (input) => {
      const size = input.size ?? options.size;
      const { data } = await runtime.client.images.generate({
        model: options.model,
        prompt: input.prompt,
        ...(input.n !== undefined && { n: input.n }),
        ...(size !== undefined && { size }),
        ...(options.responseFormat !== undefined && { response_format: options.responseFormat }),
      });
      const images: ImageToolImage[] = [];
      for (const image of data) {
        const revised = image.revised_prompt ? { revised_prompt: image.revised_prompt } : {};
        if (image.url) {
          images.push({ url: image.url, ...revised });
          continue;
        }
        const bytes = new Uint8Array(Buffer.from(image.b64_json ?? '', 'base64'));
        const { mime, extension } = imageType(bytes);
        const path = await runtime.save('image', extension, bytes);
        images.push({ path, mime_type: mime, size_bytes: bytes.byteLength, ...revised });
      }
      return { images };
    },
  });
}

function imageType(bytes: Uint8Array): { mime: string; extension: string } {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (ascii(1, 4) === 'PNG') return { mime: 'image/png', extension: '.png' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { mime: 'image/jpeg', extension: '.jpg' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { mime: 'image/webp', extension: '.webp' };
  if (ascii(0, 3) === 'GIF') return { mime: 'image/gif', extension: '.gif' };
  return { mime: 'application/octet-stream', extension: '.bin' };
}
