import type { ImageModel, ImagesResponse } from '@anyint/client';
import { imageToolSpec, requestIdOf, sniffMediaType } from '@anyint/client/adapter-kit';
import type { ContentBlock } from '@langchain/core/messages';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { formatBytes, pngSize } from '../media.js';
import { defineTool } from './tool-support.js';

/** Options of `createImageGenerationTool`. */
export interface ImageGenerationToolOptions extends AnyIntClientOptions {
  /** Image model id on the gateway, e.g. `'kling-v3-omni'` or `'gpt-image-1'`. */
  model: ImageModel;
  /** Size used when the model asks for none: `'WIDTHxHEIGHT'`, an aspect ratio (Kling, e.g. `'16:9'`) or `'auto'`. Default: the upstream's. */
  size?: string | undefined;
  /** Sizes the model may choose from, listed in the tool's schema. Default: the model's own where the gateway documents them, else any. */
  sizes?: readonly [string, ...string[]] | undefined;
  /** `'url'` or `'b64_json'`; upstreams may answer with the other form. Default: the upstream's. */
  responseFormat?: 'url' | 'b64_json' | undefined;
  /** Tool name shown to the model. Default `'generate_image'`. */
  name?: string | undefined;
}

const OWN_OPTIONS: Record<Exclude<keyof ImageGenerationToolOptions, keyof AnyIntClientOptions>, true> = {
  model: true,
  size: true,
  sizes: true,
  responseFormat: true,
  name: true,
};

/** What the image tool's artifact carries. */
export interface ImageGenerationArtifact {
  /** One LangChain image content block per image: `url`, or base64 `data` with `mimeType`. */
  images: ContentBlock.Multimodal.Image[];
  /** The API response as the client returned it. */
  response: ImagesResponse;
  /** Request id of the call, when the gateway sent one. */
  requestId?: string;
}

/**
 * A LangChain tool that generates images through AnyInt's `/images/generations` route:
 * `{ prompt, size?, n? }`. The content tells the model what was made (with the URL when there is
 * one); the artifact carries LangChain image content blocks, the full response and the request id.
 *
 * @example
 * import { createImageGenerationTool } from '@anyint/langchain';
 *
 * const generateImage = createImageGenerationTool({ model: 'kling-v3-omni', size: '1024x1024' });
 * const message = await generateImage.invoke({ id: '1', name: 'generate_image', args: { prompt: 'a red fox in snow' }, type: 'tool_call' });
 * console.log(message.content, message.artifact.images[0]);
 */
export function createImageGenerationTool(options: ImageGenerationToolOptions) {
  const { client, requestOptions } = langchainConnection(options, 'createImageGenerationTool', OWN_OPTIONS);
  return defineTool<{ prompt: string; size?: string; n?: number }, ImageGenerationArtifact>(
    imageToolSpec(options.model, options.sizes),
    options.name,
    async (input, config) => {
      const size = input.size ?? options.size;
      const response = await client.images.generate(
        {
          model: options.model,
          prompt: input.prompt,
          ...(size !== undefined && { size }),
          ...(input.n !== undefined && { n: input.n }),
          ...(options.responseFormat !== undefined && { response_format: options.responseFormat }),
        },
        requestOptions(config?.signal),
      );
      const images = response.data.map((image): ContentBlock.Multimodal.Image => {
        if (image.url) return { type: 'image', url: image.url };
        const bytes = Buffer.from(image.b64_json ?? '', 'base64');
        return {
          type: 'image',
          data: image.b64_json ?? '',
          mimeType: sniffMediaType(bytes)?.type ?? 'image/png',
        };
      });
      const requestId = requestIdOf(response);
      return [
        describeImages(input.prompt, response, images),
        { images, response, ...(requestId && { requestId }) },
      ];
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
