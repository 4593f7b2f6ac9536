import type { ImageModel } from '@anyint/client';
import { imageToolSpec, requestIdOf, sniffMediaType, TOOL_NAMES } from '@anyint/client/adapter-kit';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const IMAGE_TOOL_NAME = TOOL_NAMES.image;

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

/** What the image tool returns. */
export type ImageToolResult = { images: ImageToolImage[]; request_id?: string };

/**
 * A LlamaIndex tool that generates images: `{ prompt, size?, n? }` -> `{ images: [{ url } | { path,
 * mime_type, size_bytes }], request_id }`.
 *
 * @example
 * import { createAnyIntImageTool } from '@anyint/llamaindex';
 *
 * const generateImage = createAnyIntImageTool({ model: 'kling-v3-omni', outputDir: './images' });
 * const { images } = await generateImage.call({ prompt: 'a red fox in snow' });
 */
export function createAnyIntImageTool(options: AnyIntImageToolOptions) {
  return imageTool(
    toolRuntime(options, 'createAnyIntImageTool', { model: true, size: true, responseFormat: true }),
    options,
  );
}

/** @internal */
export function imageTool(
  runtime: ToolRuntime,
  options: Pick<AnyIntImageToolOptions, 'model' | 'size' | 'responseFormat'>,
) {
  return defineTool<{ prompt: string; size?: string; n?: number }, ImageToolResult>(
    imageToolSpec(options.model),
    async (input) => {
      const size = input.size ?? options.size;
      const response = await runtime.client.images.generate(
        {
          model: options.model,
          prompt: input.prompt,
          ...(input.n !== undefined && { n: input.n }),
          ...(size !== undefined && { size }),
          ...(options.responseFormat !== undefined && { response_format: options.responseFormat }),
        },
        runtime.requestOptions,
      );
      const images: ImageToolImage[] = [];
      for (const image of response.data) {
        const revised = image.revised_prompt ? { revised_prompt: image.revised_prompt } : {};
        if (image.url) {
          images.push({ url: image.url, ...revised });
          continue;
        }
        const bytes = new Uint8Array(Buffer.from(image.b64_json ?? '', 'base64'));
        const type = sniffMediaType(bytes);
        const path = await runtime.output.save('image', type?.extension ?? '.bin', bytes);
        images.push({
          path,
          mime_type: type?.type ?? 'application/octet-stream',
          size_bytes: bytes.byteLength,
          ...revised,
        });
      }
      const requestId = requestIdOf(response);
      return { images, ...(requestId && { request_id: requestId }) };
    },
  );
}
