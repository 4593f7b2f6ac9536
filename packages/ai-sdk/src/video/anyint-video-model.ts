import type {
  SharedV3Warning,
  Experimental_VideoModelV3 as VideoModelV3,
  Experimental_VideoModelV3File as VideoModelV3File,
} from '@ai-sdk/provider';
import { convertBase64ToUint8Array } from '@ai-sdk/provider-utils';
import type { Video, VideoCreateParams } from '@anyint/client';
import { type AnyIntModelConfig, definedFields, requestOptionsOf } from '../anyint-config.js';
import { type AnyIntCallContext, callAnyInt } from '../anyint-error.js';
import { AnyIntModel } from '../anyint-model.js';
import { type KitModule, loadClientModule, loadKitModule } from '../client-module.js';
import {
  type AnyIntVideoModelId,
  type AnyIntVideoModelSettings,
  anyintVideoOptionsSchema,
} from './anyint-video-options.js';

type DoGenerate = VideoModelV3['doGenerate'];
type CallOptions = Parameters<DoGenerate>[0];

const DEFAULT_POLL_TIMEOUT_MS = 30 * 60_000;
/**
 * Status checks and the download come after the video was created, so the AI SDK cannot retry them
 * without creating (and billing) the video again: the client retries these GETs itself.
 */
const GET_RETRIES = 2;

/** What `anyint.video(id, settings)` takes. */
const MODEL_SETTINGS = ['pollIntervalMs', 'pollTimeoutMs', 'onProgress'];

const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
};

/**
 * An AI SDK video model on AnyInt's `/videos`. `doGenerate` creates the video, polls it until it is
 * completed (stopping when the abort signal fires) and returns the MP4 bytes: the content URL needs
 * the API key, so a URL would be of no use to the AI SDK's downloader. The numeric `duration` becomes
 * the wire's `seconds` string; `resolution` is the `size`; an `aspectRatio` is sent as the model
 * family's size for it (the ratio itself for Kling, 720p for Sora). `response.headers` are the
 * download's; `providerMetadata.anyint.requestId` is the id of the request that created the video.
 */
export class AnyIntVideoModel extends AnyIntModel<AnyIntVideoModelId> implements VideoModelV3 {
  /** One video per request: the route makes one video per job. */
  readonly maxVideosPerCall = 1;
  // A plain property, not `#settings`: ai@7 calls V3 models through a Proxy, which cannot reach `#` fields.
  private readonly settings: AnyIntVideoModelSettings;

  constructor(
    modelId: AnyIntVideoModelId,
    config: AnyIntModelConfig,
    settings: AnyIntVideoModelSettings = {},
  ) {
    super(modelId, config);
    this.settings = settings;
  }

  async doGenerate(call: CallOptions): Promise<Awaited<ReturnType<DoGenerate>>> {
    const { prompt, providerOptions, abortSignal, headers } = call;
    const kit = await loadKitModule();
    kit.rejectUnknownOptions(this.settings, MODEL_SETTINGS, `anyint.video('${this.modelId}')`);
    const options = await this.anyintOptions(providerOptions, anyintVideoOptionsSchema);
    const warnings: SharedV3Warning[] = [];
    const seconds = this.secondsOf(call.duration, options.seconds, warnings);
    const size = this.sizeOf(call, options.size, warnings, kit);
    for (const [feature, value] of [
      ['fps', call.fps],
      ['seed', call.seed],
      ['generateAudio', call.generateAudio],
    ] as const) {
      if (value !== undefined) {
        warnings.push({ type: 'unsupported', feature, details: `The videos route takes no ${feature}.` });
      }
    }
    if (call.frameImages?.some((frame) => frame.frameType === 'last_frame')) {
      warnings.push({
        type: 'unsupported',
        feature: 'frameImages',
        details: 'Only a first frame is sent (as input_reference); the last frame is ignored.',
      });
    }
    if (call.inputReferences?.length) {
      warnings.push({
        type: 'unsupported',
        feature: 'inputReferences',
        details: 'The videos route takes one start image (`image`), not references.',
      });
    }

    const { timestamp, connection } = await this.startCall();
    const client = connection.client;
    const requestOptions = requestOptionsOf(connection, abortSignal, headers);
    const base: Omit<AnyIntCallContext, 'url' | 'requestBodyValues' | 'createsNothing'> = { abortSignal };
    const fields = definedFields({ model: this.modelId, prompt: prompt ?? '', seconds, size });
    const createContext: AnyIntCallContext = {
      ...base,
      url: `${client.baseURL}/videos`,
      requestBodyValues: call.image ? { ...fields, input_reference: '(image)' } : fields,
      createsNothing: false,
    };
    const inputReference = call.image
      ? await callAnyInt({ ...createContext, createsNothing: true }, () =>
          this.upload(call.image, abortSignal),
        )
      : undefined;
    const body: VideoCreateParams = { ...fields, ...(inputReference && { input_reference: inputReference }) };
    const created = await callAnyInt(createContext, () => client.videos.create(body, requestOptions));

    const jobContext: AnyIntCallContext = {
      ...base,
      url: `${client.baseURL}/videos/${created.id}`,
      requestBodyValues: undefined,
      createsNothing: true,
      afterCreate: true,
    };
    const onProgress = this.settings.onProgress;
    const job = await callAnyInt(jobContext, () =>
      client.videos.poll(created.id, {
        ...requestOptions,
        maxRetries: GET_RETRIES,
        intervalMs: options.pollIntervalMs ?? this.settings.pollIntervalMs,
        timeoutMs: options.pollTimeoutMs ?? this.settings.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
        ...(onProgress && {
          onProgress: ({ status, progress }) => onProgress({ videoId: created.id, status, progress }),
        }),
      }),
    );
    const { data, mediaType, responseHeaders } = await callAnyInt(
      { ...jobContext, url: `${jobContext.url}/content` },
      async () => {
        const content = await client.videos.content(
          job.id,
          { variant: 'video' },
          { ...requestOptions, maxRetries: GET_RETRIES },
        );
        const type = content.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
        return {
          data: await content.bytes(),
          mediaType: type.startsWith('video/') ? type : 'video/mp4',
          responseHeaders: kit.headersOf(content),
        };
      },
    );

    return {
      videos: [{ type: 'binary', data, mediaType }],
      warnings,
      response: { timestamp, modelId: this.modelId, headers: responseHeaders },
      providerMetadata: {
        anyint: { ...definedFields({ requestId: kit.requestIdOf(created) }), videos: [videoMetadata(job)] },
      },
    };
  }

  private secondsOf(
    duration: number | undefined,
    seconds: string | undefined,
    warnings: SharedV3Warning[],
  ): string | undefined {
    if (seconds !== undefined) {
      if (duration !== undefined && String(duration) !== seconds) {
        warnings.push({
          type: 'unsupported',
          feature: 'duration',
          details: `providerOptions.anyint.seconds ('${seconds}') wins over duration ${duration}.`,
        });
      }
      return seconds;
    }
    if (duration === undefined) return undefined;
    if (Number.isInteger(duration) && duration > 0) return String(duration);
    const whole = String(Math.max(1, Math.round(duration)));
    warnings.push({
      type: 'compatibility',
      feature: 'duration',
      details: `The videos route takes whole seconds: sent '${whole}' for ${duration}.`,
    });
    return whole;
  }

  private sizeOf(
    call: CallOptions,
    size: string | undefined,
    warnings: SharedV3Warning[],
    kit: KitModule,
  ): string | undefined {
    const { resolution, aspectRatio } = call;
    if (size !== undefined && resolution !== undefined && resolution !== size) {
      warnings.push({
        type: 'unsupported',
        feature: 'resolution',
        details: `providerOptions.anyint.size ('${size}') wins over resolution ${resolution}.`,
      });
    }
    const chosen = size ?? resolution;
    if (aspectRatio === undefined) return chosen;
    if (chosen !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'aspectRatio',
        details: `A size (${chosen}) was given and wins.`,
      });
      return chosen;
    }
    const mapped = kit.videoModelRules(this.modelId).aspectRatios[aspectRatio];
    if (mapped === undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'aspectRatio',
        details: `No size is known for ${aspectRatio} on ${this.modelId}; the upstream's default size is used. Pass \`resolution\` instead.`,
      });
      return undefined;
    }
    warnings.push({
      type: 'compatibility',
      feature: 'aspectRatio',
      details: `Sent as size ${mapped}.`,
    });
    return mapped;
  }

  /** The start image as an upload; an image given by URL is downloaded first, without credentials. */
  private async upload(image: VideoModelV3File | undefined, signal: AbortSignal | undefined): Promise<File> {
    if (!image) throw new Error('unreachable: upload without an image');
    const { imageBytes, toFile } = await loadClientModule();
    let bytes: Uint8Array;
    let type = image.mediaType;
    if (image.type === 'url') {
      bytes = await imageBytes({ url: image.url }, definedFields({ signal, fetch: this.config.fetch }));
    } else {
      bytes = typeof image.data === 'string' ? convertBase64ToUint8Array(image.data) : image.data;
    }
    type = type && type !== 'application/octet-stream' ? type : 'image/png';
    return toFile(bytes, `input_reference${IMAGE_EXTENSIONS[type] ?? ''}`, { type });
  }
}

function videoMetadata(job: Video) {
  return definedFields({
    id: job.id,
    status: job.status,
    seconds: job.seconds,
    size: job.size,
    createdAt: job.created_at,
    completedAt: job.completed_at ?? undefined,
    expiresAt: job.expires_at ?? undefined,
  });
}
