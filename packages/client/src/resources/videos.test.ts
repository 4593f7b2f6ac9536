import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyIntValidationError } from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator({ timeScale: 1000, personality: 'kling' });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-videos-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Reads the top-level box types and the movie header's duration in seconds. */
function mp4Summary(bytes: Buffer): { boxes: string[]; seconds: number | undefined } {
  const boxes: string[] = [];
  let seconds: number | undefined;
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    boxes.push(type);
    if (type === 'moov') {
      const mvhd = bytes.indexOf('mvhd', offset, 'latin1');
      const version = bytes[mvhd + 4];
      const timescale = bytes.readUInt32BE(mvhd + (version === 1 ? 24 : 16));
      const duration =
        version === 1 ? Number(bytes.readBigUInt64BE(mvhd + 28)) : bytes.readUInt32BE(mvhd + 20);
      seconds = duration / timescale;
    }
    if (size < 8) break;
    offset += size;
  }
  return { boxes, seconds };
}

describe('videos', () => {
  it('creates a Kling video, reports progress, and downloads a playable MP4 of the requested length', async () => {
    const client = ctx.client();
    const video = await client.videos.create({
      model: 'kling-v3',
      prompt: 'a red fox in snow',
      seconds: '5',
      size: '1280x720',
    });
    expect(video.id).toMatch(/^video_/);
    const progress: number[] = [];
    const done = await client.videos.poll(video.id, {
      intervalMs: 5,
      onProgress: (update) => {
        if (update.progress !== undefined) progress.push(update.progress);
      },
    });
    expect(done.status).toBe('completed');
    expect(progress.at(-1)).toBe(100);
    const path = join(dir, 'fox.mp4');
    await (await client.videos.content(video.id)).writeToFile(path);
    const summary = mp4Summary(await readFile(path));
    expect(summary.boxes).toContain('ftyp');
    expect(summary.boxes).toContain('moov');
    expect(summary.seconds).toBeCloseTo(5, 0);
    const thumbnail = await (await client.videos.content(video.id, { variant: 'thumbnail' })).bytes();
    expect(thumbnail.byteLength).toBeGreaterThan(100);
  });

  it('accepts a Kling aspect ratio and reports a failed job once, without a doubled full stop', async () => {
    const client = ctx.client();
    const video = await client.videos.create({
      model: 'kling-v3',
      prompt: 'storm [fail]',
      seconds: '5',
      size: '16:9',
    });
    expect(ctx.emulator.requests[0]?.body).toMatchObject({ size: '16:9' });
    const error = await client.videos.poll(video.id, { intervalMs: 5 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'JobFailedError', status: 'failed' });
    expect((error as Error).message).toMatch(/[^.]\.$/);
  });

  it('lists and deletes videos', async () => {
    const client = ctx.client();
    const video = await client.videos.create({ model: 'kling-v3', prompt: 'waves', seconds: '5' });
    const ids: string[] = [];
    for await (const item of client.videos.list({ limit: 1 })) ids.push(item.id);
    expect(ids).toContain(video.id);
    await client.videos.delete(video.id);
    await expect(client.videos.retrieve(video.id)).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it.each([
    ['seconds', { model: 'kling-v3', prompt: 'x', seconds: 5 }],
    ['size', { model: 'kling-v3', prompt: 'x', size: 'wide' }],
    ['prompt', { model: 'kling-v3', prompt: '' }],
  ])('rejects a bad %s before sending anything', async (field, params) => {
    const error = await ctx
      .client()
      .videos.create(params as never)
      .catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe(field);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});
