import type { ImageModel, ImagesResponse } from '@anyint/client';
import type { ContentBlock } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { type AnyIntClientOptions, requestOptions, resolveClient } from '../client-options.js';
import { formatBytes, pngSize, sniffImageType } from '../media.js';

/** Options of `createImageGenerationTool`. */
export interface ImageGenerationToolOptions extends AnyIntClientOptions {
  /** Image model id on the gateway, e.g. `'kling-v3-omni'` or `'gpt-image-1'`. */
  model: ImageModel;
  /** Size used when the model asks for none: `'WIDTHxHEIGHT'`, an aspect ratio (Kling, e.g. `'16:9'`) or `'auto'`. Default: the upstream's. */
  size?: string | undefined;
  /** Sizes the model may choose from, listed in the tool's schema. Default: any `'WIDTHxHEIGHT'`, aspect ratio or `'auto'`. */
  sizes?: readonly [string, ...string[]] | undefined;
  /** `'url'` or `'b64_json'`; upstreams may answer with the other form. Default: the upstream's. */
  responseFormat?: 'url' | 'b64_json' | undefined;
  /** Tool name shown to the model. Default `'generate_image'`. */
  name?: string | undefined;
}

/** What the image tool's artifact carries. */
export interface ImageGenerationArtifact {
  /** One LangChain image content block per image: `url`, or base64 `data` with `mimeType`. */
  images: ContentBlock.Multimodal.Image[];
  /** The API response as the client returned it. */
  response: ImagesResponse;
}

function imageInput(sizes: readonly [string, ...string[]] | undefined) {
  const size = sizes
    ? z.enum(sizes).describe('Image size; leave it out for the default.')
    : z
        .string()
        .regex(/^(\d+x\d+|\d+:\d+|auto)$/)
        .describe("Image size as 'WIDTHxHEIGHT', e.g. '1024x1024' (square) or '1536x1024' (landscape).");
  return z.object({
    prompt: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .describe('What the image should show: subject, setting, style, colours, composition.'),
    size: size.optional(),
    n: z.number().int().min(1).max(4).optional().describe('How many images to make. Default 1.'),
  });
}

/**
 * A LangChain tool that generates images through AnyInt's `/images/generations` route. The content
 * tells the model what was made (with the URL when there is one); the artifact carries LangChain image
 * content blocks and the full response.
 *
 * @example
 * import { createImageGenerationTool } from '@anyint/langchain';
 *
 * const generateImage = createImageGenerationTool({ model: 'kling-v3-omni', size: '1024x1024' });
 * const message = await generateImage.invoke({ id: '1', name: 'generate_image', args: { prompt: 'a red fox in snow' }, type: 'tool_call' });
 * console.log(message.content, message.artifact.images[0]);
 */
export function createImageGenerationTool(options: ImageGenerationToolOptions) {
  const client = resolveClient(options);
  return tool(
    async (input, config): Promise<[string, ImageGenerationArtifact]> => {
      const size = input.size ?? options.size;
      const response = await client.images.generate(
        {
          model: options.model,
          prompt: input.prompt,
          ...(size !== undefined && { size }),
          ...(input.n !== undefined && { n: input.n }),
          ...(options.responseFormat !== undefined && { response_format: options.responseFormat }),
        },
        requestOptions(options.maxRetries, config?.signal),
      );
      const images = response.data.map((image): ContentBlock.Multimodal.Image => {
        if (image.url) return { type: 'image', url: image.url };
        const bytes = Buffer.from(image.b64_json ?? '', 'base64');
        return { type: 'image', data: image.b64_json ?? '', mimeType: sniffImageType(bytes) ?? 'image/png' };
      });
      return [describeImages(input.prompt, response, images), { images, response }];
    },
    {
      name: options.name ?? 'generate_image',
      description:
        'Create a new image from a text description. Use it when the user asks for a picture, photo, ' +
        'illustration, drawing or artwork. The image is delivered to the user; you get its link or a note.',
      schema: imageInput(options.sizes),
      responseFormat: 'content_and_artifact',
    },
  );
}

function describeImages(
  prompt: string,
  response: ImagesResponse,
  images: ContentBlock.Multimodal.Image[],
): string {
  const lines = images.map((block, i) => {
    const revised = response.data[i]?.revised_prompt;
    const note = revised ? ` (revised prompt: "${revised}")` : '';
    if (block.url) return `- ${block.url}${note}`;
    const bytes = Buffer.from(String(block.data ?? ''), 'base64');
    const dimensions = pngSize(bytes);
    const what = [
      block.mimeType,
      dimensions && `${dimensions.width}x${dimensions.height}`,
      formatBytes(bytes.length),
    ]
      .filter(Boolean)
      .join(', ');
    return `- attached image (${what})${note}`;
  });
  const count = images.length === 1 ? '1 image' : `${images.length} images`;
  return `Generated ${count} for "${prompt}"; the user can see ${images.length === 1 ? 'it' : 'them'}:\n${lines.join('\n')}`;
}
