import {
  type ImageModelV3,
  InvalidArgumentError,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { convertBase64ToUint8Array, parseProviderOptions } from '@ai-sdk/provider-utils';
import type { ImageGenerateParams } from '@anyint/client';
import { type AnyIntModelConfig, callHeaders, definedFields } from '../anyint-config.js';
import { type AnyIntCallContext, callAnyInt } from '../anyint-error.js';
import { loadClientModule } from '../client-module.js';
import {
  type AnyIntImageModelId,
  anyintImageOptionsSchema,
  maxImagesPerCallByModel,
} from './anyint-image-options.js';

type DoGenerate = ImageModelV3['doGenerate'];

function isKling(modelId: string): boolean {
  return modelId.startsWith('kling-');
}

/**
 * An AI SDK image model on AnyInt's `/images/generations`. `size` is sent as is; `aspectRatio` becomes
 * a size of about one megapixel for Kling models and is reported as unsupported for others.
 * Images that come back as URLs are downloaded without credentials.
 */
export class AnyIntImageModel implements ImageModelV3 {
  readonly specificationVersion = 'v3';
  readonly modelId: AnyIntImageModelId;
  // A plain property, not `#config`: ai@7 calls V3 models through a Proxy, which cannot reach `#` fields.
  private readonly config: AnyIntModelConfig;

  constructor(modelId: AnyIntImageModelId, config: AnyIntModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  get maxImagesPerCall(): number {
    return maxImagesPerCallByModel[this.modelId] ?? 1;
  }

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
    const options =
      (await parseProviderOptions({
        provider: 'anyint',
        providerOptions,
        schema: anyintImageOptionsSchema,
      })) ?? {};
    const warnings: SharedV3Warning[] = [];
    let wireSize: string | undefined = size;
    if (aspectRatio !== undefined) {
      if (size !== undefined) {
        warnings.push({ type: 'unsupported', feature: 'aspectRatio', details: '`size` was given and wins.' });
      } else if (isKling(this.modelId)) {
        // The gateway takes Kling aspect ratios as `size`, but @anyint/client only accepts WIDTHxHEIGHT
        // there, so the ratio is sent as the size of about one megapixel that Kling renders for it.
        wireSize = sizeForAspectRatio(aspectRatio);
        warnings.push({
          type: 'compatibility',
          feature: 'aspectRatio',
          details: `Sent as size ${wireSize}, about one megapixel at ${aspectRatio}.`,
        });
      } else {
        warnings.push({
          type: 'unsupported',
          feature: 'aspectRatio',
          details: 'Only Kling models take an aspect ratio; use `size` instead.',
        });
      }
    }
    if (seed !== undefined) {
      warnings.push({ type: 'unsupported', feature: 'seed', details: 'The images route takes no seed.' });
    }

    const timestamp = this.config.currentDate?.() ?? new Date();
    const client = await this.config.client();
    const body = definedFields({
      model: this.modelId,
      prompt,
      n,
      size: wireSize,
      // gpt-image models answer base64 only and some upstreams reject the field for them.
      response_format:
        options.responseFormat ?? (this.modelId.startsWith('gpt-image') ? undefined : 'b64_json'),
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
    const response = await callAnyInt(context, () =>
      client.images.generate(body, { signal: abortSignal, headers: callHeaders(headers) }),
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

    const usage = response.usage;
    return {
      images,
      warnings,
      response: { timestamp, modelId: this.modelId, headers: undefined },
      providerMetadata: {
        anyint: {
          images: response.data.map((item) =>
            definedFields({ revisedPrompt: item.revised_prompt, url: item.url }),
          ),
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

/** WIDTHxHEIGHT of about one megapixel with the given ratio, sides rounded to multiples of 8. */
function sizeForAspectRatio(aspectRatio: string): string {
  const [w = 1, h = 1] = aspectRatio.split(':').map(Number);
  const ratio = w / h;
  const width = Math.round(Math.sqrt(1024 * 1024 * ratio) / 8) * 8;
  const height = Math.round(width / ratio / 8) * 8;
  return `${width}x${height}`;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
