import {
  type ImageModelV3,
  InvalidArgumentError,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { convertBase64ToUint8Array } from '@ai-sdk/provider-utils';
import type { ImageGenerateParams } from '@anyint/client';
import { definedFields, requestOptionsOf } from '../anyint-config.js';
import { type AnyIntCallContext, callAnyInt } from '../anyint-error.js';
import { AnyIntModel } from '../anyint-model.js';
import { loadClientModule, loadKitModule } from '../client-module.js';
import { type AnyIntImageModelId, anyintImageOptionsSchema } from './anyint-image-options.js';

type DoGenerate = ImageModelV3['doGenerate'];

/**
 * An AI SDK image model on AnyInt's `/images/generations`. `size` is sent as is; `aspectRatio` is
 * sent as `size` where the model family takes ratios (Kling), as the model's one size of that ratio
 * where it has one (gpt-image, DALL·E), and is reported as unsupported otherwise. Images that come
 * back as URLs are downloaded without credentials. `response.headers` and
 * `providerMetadata.anyint.images[i].requestId` come from the generation request.
 */
export class AnyIntImageModel extends AnyIntModel<AnyIntImageModelId> implements ImageModelV3 {
  /** Images per request, from the model family's rules (one for ids the gateway passes through unknown). */
  readonly maxImagesPerCall = async ({ modelId }: { modelId: string }): Promise<number> =>
    (await loadKitModule()).imageModelRules(modelId).maxImagesPerCall;

  async doGenerate({
    prompt,
    n,
    size,
    aspectRatio,
    seed,
    files,
    mask,
    providerOptions,
    abortSignal,
    headers,
  }: Parameters<DoGenerate>[0]): Promise<Awaited<ReturnType<DoGenerate>>> {
    if (files?.length || mask) {
      throw new UnsupportedFunctionalityError({
        functionality: 'image editing (files, mask): AnyInt generates images from a prompt only',
      });
    }
    if (!prompt) {
      throw new InvalidArgumentError({ argument: 'prompt', message: 'AnyInt image models need a prompt.' });
    }
    const options = await this.anyintOptions(providerOptions, anyintImageOptionsSchema);
    const kit = await loadKitModule();
    const rules = kit.imageModelRules(this.modelId);
    const warnings: SharedV3Warning[] = [];
    let wireSize: string | undefined = size;
    if (aspectRatio !== undefined) {
      const mapped = kit.imageSizeForAspectRatio(this.modelId, aspectRatio);
      if (size !== undefined) {
        warnings.push({ type: 'unsupported', feature: 'aspectRatio', details: '`size` was given and wins.' });
      } else if (mapped !== undefined) {
        wireSize = mapped;
        if (mapped !== aspectRatio) {
          warnings.push({
            type: 'compatibility',
            feature: 'aspectRatio',
            details: `Sent as size ${mapped}, the size of ${this.modelId} at ${aspectRatio}.`,
          });
        }
      } else {
        warnings.push({
          type: 'unsupported',
          feature: 'aspectRatio',
          details: `${this.modelId} takes no aspect ratio ${aspectRatio}; use \`size\` instead.`,
        });
      }
    }
    if (seed !== undefined) {
      warnings.push({ type: 'unsupported', feature: 'seed', details: 'The images route takes no seed.' });
    }

    const { timestamp, connection } = await this.startCall();
    const client = connection.client;
    const body = definedFields({
      model: this.modelId,
      prompt,
      n,
      size: wireSize,
      // gpt-image models answer base64 only and some upstreams reject the field for them.
      response_format: options.responseFormat ?? (rules.takesResponseFormat ? 'b64_json' : undefined),
      quality: options.quality,
      style: options.style,
      background: options.background,
      output_format: options.outputFormat,
      output_compression: options.outputCompression,
      moderation: options.moderation,
      user: options.user,
    }) as ImageGenerateParams;
    const context: AnyIntCallContext = {
      url: `${client.baseURL}/images/generations`,
      requestBodyValues: body,
      createsNothing: false,
      abortSignal,
    };
    const { data: response, response: raw } = await callAnyInt(context, () =>
      client.images.generate(body, requestOptionsOf(connection, abortSignal, headers)).withResponse(),
    );

    let images: string[] | Uint8Array[];
    if (response.data.every((item) => item.b64_json)) {
      images = response.data.map((item) => item.b64_json as string);
    } else {
      // Downloading a URL creates nothing, so a failed download may be retried.
      const { imageBytes } = await loadClientModule();
      images = await callAnyInt({ ...context, createsNothing: true }, () =>
        Promise.all(
          response.data.map((item) =>
            item.b64_json
              ? Promise.resolve(convertBase64ToUint8Array(item.b64_json))
              : imageBytes(item, definedFields({ signal: abortSignal, fetch: this.config.fetch })),
          ),
        ),
      );
    }

    const requestId = kit.requestIdOf(response);
    const usage = response.usage;
    return {
      images,
      warnings,
      response: { timestamp, modelId: this.modelId, headers: kit.headersOf(raw) },
      providerMetadata: {
        anyint: {
          // Per image too: generateImage keeps only `images` of each call's metadata.
          images: response.data.map((item) =>
            definedFields({ revisedPrompt: item.revised_prompt, url: item.url, requestId }),
          ),
          ...definedFields({ requestId }),
          created: response.created,
        },
      },
      usage: usage
        ? {
            inputTokens: numberOrUndefined(usage.input_tokens),
            outputTokens: numberOrUndefined(usage.output_tokens),
            totalTokens: numberOrUndefined(usage.total_tokens),
          }
        : undefined,
    };
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
