import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnyIntValidationError, JobFailedError, UnsupportedRouteError } from '@anyint/client';
import type { ToolSchema } from '@anyint/client/adapter-kit';
import { ToolMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoGenerationTool, VIDEO_PROGRESS_EVENT, type VideoProgressEvent } from '../index.js';
import { errorOf, useEmulator } from '../test-support.js';

// timeScale 20: a 5 s video is queued for 10 ms and renders in about 60 ms.
const ctx = useEmulator({ timeScale: 20, models: { 'no-videos': { disabledRoutes: ['videos'] } } });
const call = (args: Record<string, unknown>) => ({
  id: 'call-video',
  name: 'generate_video',
  args,
  type: 'tool_call' as const,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-langchain-video-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const isMp4 = (bytes: Uint8Array) => Buffer.from(bytes.subarray(4, 8)).toString() === 'ftyp';

describe('createVideoGenerationTool', () => {
  it('creates, waits with progress events and saves the MP4 and thumbnail in a temporary folder by default', async () => {
    const generate = createVideoGenerationTool({
      model: 'kling-v3',
      seconds: '5',
      pollIntervalMs: 10,
      client: ctx.client(),
    });
    const events: VideoProgressEvent[] = [];
    const message = await generate.invoke(
      call({ prompt: 'a red fox running through snow', size: '1280x720' }),
      {
        callbacks: [
          {
            handleCustomEvent: (name: string, data: VideoProgressEvent) => {
              if (name === VIDEO_PROGRESS_EVENT) events.push(data);
            },
          },
        ],
      },
    );
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message).toMatchObject({ tool_call_id: 'call-video', name: 'generate_video' });
    const { video, thumbnail, job, size, path, requestId } = message.artifact;
    expect(job).toMatchObject({ object: 'video', status: 'completed', seconds: '5', size: '1280x720' });
    expect(video).toMatchObject({ type: 'video', mimeType: 'video/mp4' });
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(fileURLToPath(String(video.url))).toBe(path);
    const mp4 = await readFile(path);
    expect(isMp4(mp4)).toBe(true);
    expect(size).toBe(mp4.length);
    expect(thumbnail).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect((await readFile(fileURLToPath(String(thumbnail?.url)))).subarray(1, 4).toString()).toBe('PNG');
    expect(requestId).toBe(ctx.requestsTo('/videos')[0]?.requestId);
    expect(message.content).toBe(
      `Generated video ${job.id} for "a red fox running through snow" (5 s, 1280x720, ` +
        `${(size / 1024).toFixed(1)} KB MP4); saved to ${path}.`,
    );
    expect(ctx.requestsTo('/videos')[0]?.body).toEqual({
      model: 'kling-v3',
      prompt: 'a red fox running through snow',
      seconds: '5',
      size: '1280x720',
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.videoId === job.id)).toBe(true);
    expect(events.at(-1)).toEqual({ videoId: job.id, status: 'completed', progress: 100 });
    await rm(dirname(path), { recursive: true });
  });

  it('saves the video and thumbnail in outputDir and tells the model where', async () => {
    const generate = createVideoGenerationTool({
      model: 'sora-2',
      outputDir: dir,
      pollIntervalMs: 10,
      client: ctx.client(),
    });
    const message = await generate.invoke(call({ prompt: 'waves at dusk', seconds: '4' }));
    const { video, thumbnail, job, path, size } = message.artifact;
    expect(path).toBe(join(dir, `${job.id}.mp4`));
    expect(video.url).toBeDefined();
    expect(fileURLToPath(String(video.url))).toBe(path);
    const mp4 = await readFile(path as string);
    expect(isMp4(mp4)).toBe(true);
    expect(size).toBe(mp4.length);
    expect(fileURLToPath(String(thumbnail?.url))).toBe(join(dir, `${job.id}.png`));
    expect(message.content).toContain(`(4 s, 720x1280, `);
    expect(message.content).toContain(`saved to ${path}.`);
  });

  it('rejects a blank prompt with an AnyIntValidationError naming it, before any request', async () => {
    const generate = createVideoGenerationTool({ model: 'kling-v3', client: ctx.client() });
    const error = await errorOf(generate.invoke(call({ prompt: ' ' })));
    expect(AnyIntValidationError.isInstance(error) && error.field).toBe('prompt');
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it.each([
    ['a length Kling does not take', { prompt: 'a fox', seconds: '4' }],
    ['a number of seconds', { prompt: 'a fox', seconds: 5 }],
    ['a bad size', { prompt: 'a fox', size: '16:9' }],
    ['no prompt', { text: 'a fox' }],
  ])("rejects %s with LangChain's parsing error before any request", async (_, args) => {
    const generate = createVideoGenerationTool({ model: 'kling-v3', client: ctx.client() });
    const error = await errorOf(generate.invoke(call(args)));
    expect(error).toBeInstanceOf(ToolInputParsingException);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('lists the allowed lengths and sizes in the schema the model sees', () => {
    const generate = createVideoGenerationTool({
      model: 'my-video-model',
      durations: ['6'],
      sizes: ['1920x1080'],
      client: ctx.client(),
    });
    expect(generate.name).toBe('generate_video');
    const schema = generate.schema as unknown as ToolSchema;
    expect(schema.properties.seconds?.enum).toEqual(['6']);
    expect(schema.properties.size?.enum).toEqual(['1920x1080']);
    const any = createVideoGenerationTool({ model: 'my-video-model', client: ctx.client() });
    expect((any.schema as unknown as ToolSchema).properties.seconds?.pattern).toBe('^\\d+$');
  });

  it('surfaces a failed job as JobFailedError carrying the job', async () => {
    const generate = createVideoGenerationTool({
      model: 'kling-v3',
      pollIntervalMs: 10,
      client: ctx.client(),
    });
    const error = await errorOf(generate.invoke(call({ prompt: 'a fox [fail]' })));
    expect(JobFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 'failed', job: { status: 'failed' } });
    expect(ctx.requestsTo('/content')).toHaveLength(0);
  });

  it('stops waiting when the run is aborted', async () => {
    const generate = createVideoGenerationTool({
      model: 'kling-v3',
      pollIntervalMs: 10,
      client: ctx.client(),
    });
    const controller = new AbortController();
    const error = await errorOf(
      generate.invoke(call({ prompt: 'a slow fox', seconds: '10' }), {
        signal: controller.signal,
        callbacks: [{ handleCustomEvent: () => controller.abort() }],
      }),
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    // The client's poll got the signal too: no status checks after the abort, no download.
    const checks = ctx.emulator.requests.filter((r) => r.method === 'GET').length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(ctx.emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(checks);
    expect(ctx.requestsTo('/content')).toHaveLength(0);
  });

  it('surfaces a route the model lacks as UnsupportedRouteError', async () => {
    const generate = createVideoGenerationTool({ model: 'no-videos', client: ctx.client() });
    const error = await errorOf(generate.invoke(call({ prompt: 'a fox' })));
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'no-videos', route: 'POST /videos' });
  });
});
