import { pathToFileURL } from 'node:url';
import type { Video, VideoModel } from '@anyint/client';
import {
  generateVideo,
  OUTPUT_FILE_OPTIONS,
  type OutputFileOptions,
  type OutputFolder,
  outputFolder,
  VIDEO_WAIT_OPTIONS,
  type VideoWaitOptions,
  videoToolSpec,
} from '@anyint/client/adapter-kit';
import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch';
import type { ContentBlock } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { formatBytes } from '../media.js';
import { defineTool } from './tool-support.js';

/** Name of the LangChain custom callback event the video tool sends while it waits. */
export const VIDEO_PROGRESS_EVENT = 'anyint_video_progress';

/** Payload of the `anyint_video_progress` custom event (`handleCustomEvent`, or `streamEvents` as `on_custom_event`). */
export interface VideoProgressEvent {
  videoId: string;
  /** `'queued'`, `'in_progress'` or `'completed'`. */
  status: string;
  /** 0-100 when the upstream reports it. */
  progress: number | undefined;
}

/** Options of `createVideoGenerationTool`. */
export interface VideoGenerationToolOptions extends AnyIntClientOptions, OutputFileOptions, VideoWaitOptions {
  /** Video model id on the gateway, e.g. `'kling-v3'` or `'sora-2'`. */
  model: VideoModel;
  /** Length used when the model asks for none, as a string: `'5'`/`'10'` for Kling, `'4'`/`'8'`/`'12'` for Sora. Default: the upstream's. */
  seconds?: string | undefined;
  /** Frame size used when the model asks for none, `'WIDTHxHEIGHT'`, e.g. `'1280x720'`. Default: the upstream's. */
  size?: string | undefined;
  /** Lengths the model may choose from, listed in the tool's schema. Default: the model's own where the gateway documents them, else any whole number. */
  durations?: readonly [string, ...string[]] | undefined;
  /** Sizes the model may choose from, listed in the tool's schema. Default: the model's own where documented, else any `'WIDTHxHEIGHT'`. */
  sizes?: readonly [string, ...string[]] | undefined;
  /** Tool name shown to the model. Default `'generate_video'`. */
  name?: string | undefined;
}

const OWN_OPTIONS: Record<string, true> = {
  model: true,
  seconds: true,
  size: true,
  durations: true,
  sizes: true,
  name: true,
  ...Object.fromEntries([...OUTPUT_FILE_OPTIONS, ...VIDEO_WAIT_OPTIONS].map((name) => [name, true])),
};

/** What the video tool's artifact carries. */
export interface VideoGenerationArtifact {
  /** A LangChain video content block: the saved MP4 as a `file://` URL, `mimeType` `'video/mp4'`. */
  video: ContentBlock.Multimodal.Video;
  /** A LangChain image block with the saved thumbnail, when the upstream has one. */
  thumbnail?: ContentBlock.Multimodal.Image;
  /** The finished video job as the API returned it (id, model, seconds, size, ...). */
  job: Video;
  /** Byte length of the MP4. */
  size: number;
  /** Where the MP4 was saved, in `outputDir`. */
  path: string;
  /** Request id of the create call, when the gateway sent one. */
  requestId?: string;
}

/**
 * A LangChain tool that makes a short video through AnyInt's `/videos` route: `{ prompt, seconds?,
 * size? }`. It starts the job, waits for it (sending `anyint_video_progress` custom callback events on
 * the way, and stopping when the run is aborted) and saves the MP4 and its thumbnail in `outputDir`
 * (default: a new folder under the system's temporary directory). The content tells the model what
 * was made and where it is; the artifact carries LangChain video and image blocks and the job.
 *
 * @example
 * import { createVideoGenerationTool } from '@anyint/langchain';
 *
 * const generateVideo = createVideoGenerationTool({ model: 'kling-v3', seconds: '5', outputDir: './videos' });
 * const message = await generateVideo.invoke(
 *   { id: '1', name: 'generate_video', args: { prompt: 'a red fox running through snow' }, type: 'tool_call' },
 *   { callbacks: [{ handleCustomEvent: (name, data) => console.log(name, data.progress) }] },
 * );
 * console.log(message.content, message.artifact.path);
 */
export function createVideoGenerationTool(options: VideoGenerationToolOptions, output?: OutputFolder) {
  const { client, requestOptions } = langchainConnection(options, 'createVideoGenerationTool', OWN_OPTIONS);
  const folder = output ?? outputFolder(options);
  return defineTool<{ prompt: string; seconds?: string; size?: string }, VideoGenerationArtifact>(
    videoToolSpec(options.model, { seconds: options.durations, sizes: options.sizes }),
    options.name,
    async (input, config) => {
      const seconds = input.seconds ?? options.seconds;
      const size = input.size ?? options.size;
      const events = progressEvents(config);
      let saved: Awaited<ReturnType<typeof generateVideo>>;
      try {
        saved = await generateVideo(
          client,
          {
            model: options.model,
            prompt: input.prompt,
            ...(seconds !== undefined && { seconds }),
            ...(size !== undefined && { size }),
          },
          {
            ...options,
            output: folder,
            requestOptions: requestOptions(config?.signal),
            onProgress: events.send,
          },
        );
      } catch (error) {
        // The call's own failure is what the caller needs to see, not a progress handler's.
        await events.done().catch(() => undefined);
        throw error;
      }
      // A handler's error surfaces once the video is done (LangChain only raises those of `raiseError` handlers).
      await events.done();
      const artifact: VideoGenerationArtifact = {
        video: { type: 'video', url: pathToFileURL(saved.path).href, mimeType: saved.mediaType },
        ...(saved.thumbnail && {
          thumbnail: {
            type: 'image',
            url: pathToFileURL(saved.thumbnail.path).href,
            mimeType: saved.thumbnail.mediaType,
          },
        }),
        job: saved.job,
        size: saved.sizeBytes,
        path: saved.path,
        ...(saved.requestId && { requestId: saved.requestId }),
      };
      return [describeVideo(input.prompt, artifact), artifact];
    },
  );
}

/** Status updates as custom callback events of the tool's run, in order, one at a time; the wait does not wait for slow handlers. */
function progressEvents(config: RunnableConfig | undefined) {
  let events: Promise<void> = Promise.resolve();
  let last: string | undefined;
  return {
    send: (update: VideoProgressEvent) => {
      const key = `${update.status}:${update.progress}`;
      if (!config || key === last) return;
      last = key;
      events = events.then(() => dispatchCustomEvent(VIDEO_PROGRESS_EVENT, update, config));
    },
    done: () => events,
  };
}

function describeVideo(prompt: string, artifact: VideoGenerationArtifact): string {
  const { job, size, path } = artifact;
  const facts = [
    job.seconds !== undefined && `${job.seconds} s`,
    job.size !== undefined && job.size,
    `${formatBytes(size)} MP4`,
  ]
    .filter(Boolean)
    .join(', ');
  return `Generated video ${job.id} for "${prompt}" (${facts}); saved to ${path}.`;
}
