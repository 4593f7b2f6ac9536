import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyIntValidationError, JobFailedError, UnsupportedRouteError } from '@anyint/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnyIntTools, createAnyIntVideoTool, type VideoToolResult } from '../index.js';
import { useEmulator } from '../test-support.js';

// timeScale 20: a 5 s video is queued for 10 ms and renders in about 60 ms.
const ctx = useEmulator({ timeScale: 20, models: { 'no-videos': { disabledRoutes: ['videos'] } } });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-llamaindex-video-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const connection = () => ({
  apiKey: ctx.apiKey,
  baseURL: ctx.emulator.url,
  outputDir: dir,
  pollIntervalMs: 10,
});

async function callRaw(tool: { call: (input: never) => unknown }, input: unknown): Promise<unknown> {
  try {
    return await tool.call(input as never);
  } catch (error) {
    return error;
  }
}

describe('generate_video', () => {
  it('creates the video, waits for it and saves the MP4 in outputDir', async () => {
    const tool = createAnyIntVideoTool({ ...connection(), model: 'kling-v3', seconds: '5' });
    expect(tool.metadata.name).toBe('generate_video');
    const result = (await tool.call({
      prompt: 'a red fox running through snow',
      size: '1280x720',
    })) as VideoToolResult;
    expect(result).toEqual({
      video_id: expect.stringMatching(/^video_/),
      path: expect.stringMatching(/\.mp4$/),
      size_bytes: expect.any(Number),
      seconds: '5',
      size: '1280x720',
      thumbnail_path: expect.stringMatching(/\.png$/),
      request_id: expect.stringMatching(/^req_/),
    });
    expect(result.path.startsWith(dir)).toBe(true);
    const mp4 = await readFile(result.path);
    expect(mp4.subarray(4, 8).toString()).toBe('ftyp');
    expect(result.size_bytes).toBe(mp4.byteLength);
    expect(ctx.requestsTo('/videos')[0]?.body).toEqual({
      model: 'kling-v3',
      prompt: 'a red fox running through snow',
      seconds: '5',
      size: '1280x720',
    });
    // The video once, and its thumbnail once.
    expect(
      ctx.requestsTo(`/videos/${result.video_id}/content`).map((r) => r.query.variant ?? 'video'),
    ).toEqual(['video', 'thumbnail']);
  });

  it('is made by createAnyIntTools with videoModel, with its defaults and a JSON schema for the LLM', async () => {
    const tools = createAnyIntTools({ ...connection(), videoModel: 'sora-2', videoSize: '1280x720' });
    expect(tools.map((t) => t.metadata.name)).toEqual(['generate_video']);
    const [video] = tools;
    const schema = video?.metadata.parameters as unknown as {
      properties: Record<string, { enum?: string[] }>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(['prompt', 'seconds', 'size']);
    expect(schema.properties.seconds?.enum).toEqual(['4', '8', '12']);
    expect(schema.required).toEqual(['prompt']);
    const result = (await video?.call({ prompt: 'waves at dusk', seconds: '4' } as never)) as VideoToolResult;
    expect(result).toMatchObject({ seconds: '4', size: '1280x720' });
  });

  it.each([
    [{}, 'prompt', /generate_video: `prompt` is required/],
    [{ prompt: 'a fox', seconds: '4' }, 'seconds', /`seconds` must be one of 5, 10/],
    [{ prompt: 'a fox', seconds: 5 }, 'seconds', /`seconds` must be a string/],
    [{ prompt: 'a fox', size: '16:9' }, 'size', /`size` must be one of 1280x720/],
  ] as const)('rejects %j naming %s, before any request', async (input, field, message) => {
    const tool = createAnyIntVideoTool({ ...connection(), model: 'kling-v3' });
    const error = await callRaw(tool as never, input);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('takes any whole number of seconds for models of unknown families', async () => {
    const tool = createAnyIntVideoTool({ ...connection(), model: 'my-video-model' });
    const error = await callRaw(tool as never, { prompt: 'a fox', seconds: '7' });
    // The emulator answers like OpenAI: 7 seconds is not a length it takes.
    expect(error).toMatchObject({ status: 400, param: 'seconds' });
  });

  it('rejects a failed video with JobFailedError and saves nothing', async () => {
    const tool = createAnyIntVideoTool({ ...connection(), model: 'kling-v3' });
    const error = await callRaw(tool as never, { prompt: 'a fox [fail]' });
    expect(JobFailedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ job: { status: 'failed' } });
    expect(ctx.requestsTo('/content')).toHaveLength(0);
  });

  it('surfaces a route the model lacks as UnsupportedRouteError', async () => {
    const tool = createAnyIntVideoTool({ ...connection(), model: 'no-videos' });
    const error = await callRaw(tool as never, { prompt: 'a fox' });
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'no-videos', route: 'POST /videos' });
  });
});
